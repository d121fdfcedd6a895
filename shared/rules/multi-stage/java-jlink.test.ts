/**
 * WH014 (issue 14, part 1): a jar run on a full JRE image gets a runtime linked from its builder's
 * JDK (jdeps + jlink) on debian:bookworm-slim, or stays on the JRE with the reason.
 */
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../dockerfile/parse';
import { optimize } from '../../optimizer/index';
import { ctx, df } from '../../test/helpers';
import { flagModules, JAVA_RUNTIME_EXTRAS } from './java-jlink-script';
import { javaMajorOf } from './java-jlink';

const p = ctx(['pom.xml', 'src/main/java/App.java'], '.git\ntarget\n');

function run(text: string, project = p) {
  const res = optimize(text, project);
  parseDockerfile(res.text);
  // Idempotent: a second pass changes nothing.
  expect(optimize(res.text, project).text).toBe(res.text);
  const stages = res.text.split(/^(?=FROM )/im);
  const runtime = stages[stages.length - 1]!;
  const f = (id: string) => res.findings.find((x) => x.ruleId === id);
  return { out: res.text, runtime, stages, f, fixed: res.fixes.map((x) => x.ruleId) };
}

const MAVEN = [
  'FROM maven:3.9-eclipse-temurin-17 AS build',
  'WORKDIR /src',
  'COPY pom.xml .',
  'RUN mvn -q dependency:go-offline',
  'COPY src src',
  'RUN mvn -q package -DskipTests',
  '',
];

describe('WH014: a runtime linked to the app (jdeps + jlink)', () => {
  it('a plain jar built with javac (single stage): WH010 splits, WH014 links the runtime from the builder', () => {
    const { out, runtime, stages, fixed } = run(
      df(
        'FROM eclipse-temurin:17-jdk',
        'WORKDIR /app',
        'COPY . .',
        'RUN javac -d out $(find src -name "*.java") && jar cfe app.jar App -C out .',
        'EXPOSE 8080',
        'CMD ["java", "-jar", "app.jar"]',
      ),
      ctx(['src/main/java/App.java']),
    );
    expect(fixed).toEqual(expect.arrayContaining(['WH010', 'WH014']));
    // The builder keeps the JDK and ends with jdeps + jlink on the jar it made.
    expect(stages[0]).toMatch(/^FROM eclipse-temurin:17-jdk AS builder/);
    expect(stages[0]).toContain("set -- '/app/app.jar'");
    expect(stages[0]).toContain(
      'jdeps --ignore-missing-deps -q --multi-release "$major" --print-module-deps',
    );
    expect(stages[0]).toMatch(
      /jlink --add-modules "\$mods" "\$strip" --no-header-files --no-man-pages --compress="\$zip" --output \/opt\/jre/,
    );
    // The same Java major or the build fails.
    expect(stages[0]).toContain('if [ "$major" != 17 ]');
    expect(runtime).toMatch(/^FROM debian:bookworm-slim\n/);
    expect(runtime).toContain('ENV JAVA_HOME=/opt/java/openjdk \\\n    PATH=/opt/java/openjdk/bin:$PATH');
    expect(runtime).toContain('COPY --from=builder /opt/jre /opt/java/openjdk');
    expect(runtime).toContain('COPY --from=builder /app/app.jar /app/app.jar');
    expect(runtime).toContain('CMD ["java", "-jar", "app.jar"]');
    expect(out).not.toContain('eclipse-temurin:17-jre');
  });

  it('a Spring Boot fat jar: its classes and every BOOT-INF/lib jar go to jdeps, the safe extras to jlink', () => {
    const { stages, runtime } = run(
      df(
        ...MAVEN,
        'FROM eclipse-temurin:17-jre',
        'COPY --from=build /src/target/*.jar /app.jar',
        'EXPOSE 8080',
        'ENTRYPOINT ["java", "-jar", "/app.jar"]',
      ),
    );
    expect(stages[0]).toContain('set -- /src/target/*.jar; jarfile="$1"');
    expect(stages[0]).toContain('BOOT-INF/classes WEB-INF/classes BOOT-INF/lib/*.jar WEB-INF/lib/*.jar');
    for (const m of ['jdk.crypto.ec', 'jdk.unsupported', 'java.naming', 'java.management', 'java.instrument'])
      expect(stages[0]).toContain(m);
    expect(runtime).toMatch(/^FROM debian:bookworm-slim/);
    expect(runtime).toContain('COPY --from=build /opt/jre /opt/java/openjdk');
    expect(runtime).toContain('COPY --from=build /src/target/*.jar /app.jar');
  });

  it('a jar copied into a folder, and a folder holding the jar, map back to the builder path', () => {
    const intoDir = run(
      df(
        ...MAVEN,
        'FROM eclipse-temurin:17-jre',
        'COPY --from=build /src/target/app.jar /opt/app/',
        'CMD ["java", "-jar", "/opt/app/app.jar"]',
      ),
    );
    expect(intoDir.stages[0]).toContain("set -- '/src/target/app.jar'");
    const folder = run(
      df(
        ...MAVEN,
        'FROM eclipse-temurin:17-jre',
        'COPY --from=build /src/target /opt/app',
        'CMD java -jar /opt/app/app.jar',
      ),
    );
    expect(folder.stages[0]).toContain("set -- '/src/target/app.jar'");
  });

  it('gradle: the image user is not known to be root, so jlink writes under /tmp', () => {
    const { stages, runtime } = run(
      df(
        'FROM gradle:8.5-jdk17 AS build',
        'COPY . .',
        'RUN gradle bootJar --no-daemon',
        '',
        'FROM eclipse-temurin:17-jre',
        'COPY --from=build /home/gradle/build/libs/app.jar /app/app.jar',
        'CMD ["java", "-jar", "/app/app.jar"]',
      ),
      ctx(['build.gradle', 'src/main/java/App.java']),
    );
    expect(stages[0]).toContain("set -- '/home/gradle/build/libs/app.jar'");
    expect(stages[0]).toContain('--output /tmp/whittle-jre');
    expect(runtime).toContain('COPY --from=build /tmp/whittle-jre /opt/java/openjdk');
  });

  it('a JDK stage that only runs a copied jar: WH013 moves it to the JRE, WH014 then links', () => {
    const { runtime, fixed } = run(
      df(
        ...MAVEN,
        'FROM maven:3.9-eclipse-temurin-17',
        'COPY --from=build /src/target/app.jar /app.jar',
        'CMD ["java", "-jar", "/app.jar"]',
      ),
    );
    expect(fixed).toEqual(expect.arrayContaining(['WH013', 'WH014']));
    expect(runtime).toMatch(/^FROM debian:bookworm-slim/);
  });

  it('JVM flags in CMD or ENV add the modules they load; Java 21 compresses with zip-6 at build time', () => {
    const { stages } = run(
      df(
        'FROM eclipse-temurin:21-jdk AS build',
        'WORKDIR /src',
        'COPY . .',
        'RUN ./mvnw -q package',
        'FROM eclipse-temurin:21-jre',
        'ENV JAVA_TOOL_OPTIONS="-Dcom.sun.management.jmxremote -XX:StartFlightRecording"',
        'COPY --from=build /src/target/app.jar /app.jar',
        'CMD java -agentlib:jdwp=transport=dt_socket,server=y --add-modules jdk.incubator.vector -jar /app.jar',
      ),
    );
    for (const m of ['jdk.management.agent', 'jdk.jfr', 'jdk.jdwp.agent', 'jdk.incubator.vector'])
      expect(stages[0]).toContain(` ${m}`);
    expect(stages[0]).toContain('if [ "$major" -ge 21 ]; then zip=zip-6; else zip=2; fi');
    expect(stages[0]).toContain('if [ "$major" != 21 ]');
  });

  it('falls back to every module, with the reason in the build log, when jdeps cannot decide', () => {
    const { stages } = run(
      df(
        ...MAVEN,
        'FROM eclipse-temurin:17-jre',
        'COPY --from=build /src/target/app.jar /app.jar',
        'CMD ["java", "-jar", "/app.jar"]',
      ),
    );
    const b = stages[0]!;
    expect(b).toContain('else reason="jdeps failed: ');
    expect(b).toContain('reason="jdeps printed no module list"');
    expect(b).toContain('reason="the manifest\'s Class-Path loads jars jdeps was not given"');
    expect(b).toContain('echo "whittle: linking every module of the JDK ($reason)" >&2');
    expect(b).toContain('mods="$(java --list-modules | sed "s/@.*//" | paste -sd, -)"');
  });

  it('keeps the file style: lowercase keywords, comments between instructions', () => {
    const { out, runtime } = run(
      [
        'from maven:3.9-eclipse-temurin-17 as build',
        '# build the jar',
        'workdir /src',
        'copy . .',
        'run mvn -q package',
        '',
        '# run it',
        'from eclipse-temurin:17-jre',
        '# the app',
        'copy --from=build /src/target/app.jar /app.jar',
        'cmd ["java", "-jar", "/app.jar"]',
        '',
      ].join('\n'),
    );
    expect(runtime).toMatch(/^from debian:bookworm-slim\nenv JAVA_HOME/);
    expect(out).toContain('# run it\nfrom debian:bookworm-slim');
    expect(out).toContain('# the app\ncopy --from=build /src/target/app.jar /app.jar');
    expect(out).toMatch(/run mvn -q package\nrun set -eu;/);
  });

  it.each([
    [['HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1'], /curl/],
    [['RUN apt-get update && apt-get install -y --no-install-recommends libfoo1'], /apt-get/],
    [['COPY entrypoint.sh /', 'ENTRYPOINT ["/entrypoint.sh"]'], /entrypoint\.sh/],
    [['RUN <<EOF\nmkdir /data\nEOF'], /script/],
    [['USER ubuntu'], /USER ubuntu/],
    [['ENV USE_SYSTEM_CA_CERTS=1'], /USE_SYSTEM_CA_CERTS/],
    [['ENV JAVA_HOME=/usr/lib/jvm/other'], /JAVA_HOME/],
    [['ENV JAVA_OPTS=-Dloader.path=/plugins'], /outside the jar/],
  ])('holds back on the JRE when the base could change what the stage does (%s)', (tail, why) => {
    const { runtime, f } = run(
      df(
        ...MAVEN,
        'FROM eclipse-temurin:17-jre',
        'COPY --from=build /src/target/app.jar /app.jar',
        ...tail,
        'CMD ["java", "-jar", "/app.jar"]',
      ),
    );
    expect(runtime).toMatch(/^FROM eclipse-temurin:17-jre/);
    expect(f('WH014')?.risk).toMatch(why);
  });

  it.each([
    ['maven:3.9-eclipse-temurin-21', 'eclipse-temurin:17-jre', /Java 21 and the runtime is Java 17/],
    ['maven:3.9', 'eclipse-temurin:17-jre', /unknown Java version/],
    ['eclipse-temurin:17-jdk-alpine', 'eclipse-temurin:17-jre', /may lack them/],
    ['amazoncorretto:17', 'eclipse-temurin:17-jre', /may lack them/],
  ])('holds back when the builder %s cannot link a Java %s runtime', (builder, runtimeImage, why) => {
    const { runtime, f } = run(
      df(
        `FROM ${builder} AS build`,
        'WORKDIR /src',
        'COPY . .',
        'RUN mvn -q package',
        `FROM ${runtimeImage}`,
        'COPY --from=build /src/target/app.jar /app.jar',
        'CMD ["java", "-jar", "/app.jar"]',
      ),
    );
    expect(runtime).toMatch(new RegExp(`^FROM ${runtimeImage}`));
    expect(f('WH014')?.risk).toMatch(why);
  });

  it('holds back when the start is not `java -jar`, or the jar does not come from a stage', () => {
    const cp = run(
      df(
        ...MAVEN,
        'FROM eclipse-temurin:17-jre',
        'COPY --from=build /src/target/classes /app',
        'CMD ["java", "-cp", "/app", "App"]',
      ),
    );
    expect(cp.f('WH014')?.risk).toMatch(/java -jar/);
    const local = run(
      df(
        ...MAVEN,
        'FROM eclipse-temurin:17-jre',
        'COPY --from=build /src/target/lib /lib',
        'COPY app.jar /app.jar',
        'CMD ["java", "-jar", "/app.jar"]',
      ),
      ctx(['app.jar']),
    );
    expect(local.runtime).toMatch(/^FROM eclipse-temurin:17-jre/);
    expect(local.f('WH014')?.risk).toMatch(/cannot tell which file/);
  });

  it('leaves alone an alpine JRE, a JRE with nothing copied from a stage, and a rule disabled by config', () => {
    for (const runtimeImage of ['eclipse-temurin:17-jre-alpine']) {
      const { f } = run(
        df(
          ...MAVEN,
          `FROM ${runtimeImage}`,
          'COPY --from=build /src/target/app.jar /app.jar',
          'CMD ["java", "-jar", "/app.jar"]',
        ),
      );
      expect(f('WH014')).toBeUndefined();
    }
    const plain = run(
      df('FROM eclipse-temurin:17-jre', 'COPY app.jar /app.jar', 'CMD ["java", "-jar", "/app.jar"]'),
      ctx(['app.jar']),
    );
    expect(plain.f('WH014')).toBeUndefined();
  });
});

describe('java-jlink helpers', () => {
  it('reads the Java major of JDK, JRE, Maven and Gradle tags', () => {
    expect(javaMajorOf('eclipse-temurin', '17-jre')).toBe(17);
    expect(javaMajorOf('eclipse-temurin', '21.0.2_13-jdk-jammy')).toBe(21);
    expect(javaMajorOf('maven', '3.9-eclipse-temurin-21')).toBe(21);
    expect(javaMajorOf('gradle', '8.5-jdk17')).toBe(17);
    expect(javaMajorOf('maven', '3.9')).toBeNull();
  });

  it('names the modules JVM flags load', () => {
    expect(
      flagModules('-Dcom.sun.management.jmxremote.port=9010 --add-modules=jdk.incubator.vector,ALL-SYSTEM'),
    ).toEqual(['jdk.management.agent', 'jdk.incubator.vector']);
    expect(JAVA_RUNTIME_EXTRAS).toContain('jdk.crypto.ec');
  });
});
