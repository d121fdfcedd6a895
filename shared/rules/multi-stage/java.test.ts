import { describe, expect, it } from 'vitest';
import { optimize } from '../../optimizer/index';
import { ctx, df, onlyFix } from '../../test/helpers';

const project = ctx(['build.gradle', 'settings.gradle', 'pom.xml', 'src/main/java/App.java']);

describe('java recipe: the builder image default WORKDIR (resolver)', () => {
  it('gradle:* works in /home/gradle: the jar is copied from there and the runtime runs there', () => {
    const out = onlyFix(
      'WH010',
      df(
        'FROM gradle:8.5-jdk17',
        'COPY . .',
        'RUN gradle build --no-daemon',
        'CMD ["java", "-jar", "build/libs/app.jar"]',
      ),
      project,
    );
    expect(out).toContain('FROM eclipse-temurin:17-jre\nWORKDIR /home/gradle\n');
    expect(out).toContain(
      'COPY --from=builder /home/gradle/build/libs/app.jar /home/gradle/build/libs/app.jar',
    );
    expect(out).not.toContain(' /build/libs/app.jar');
  });

  it('a relative WORKDIR on gradle nests under /home/gradle', () => {
    const out = onlyFix(
      'WH010',
      df(
        'FROM gradle:8-jdk21',
        'WORKDIR src',
        'COPY . .',
        'RUN gradle build',
        'CMD ["java", "-jar", "build/libs/app.jar"]',
      ),
      project,
    );
    expect(out).toContain('/home/gradle/src/build/libs/app.jar');
    expect(out).toMatch(/FROM eclipse-temurin:21-jre\nWORKDIR \/home\/gradle\n/);
  });

  it('an absolute WORKDIR first: nothing depends on the image default', () => {
    const out = onlyFix(
      'WH010',
      df(
        'FROM gradle:8.5-jdk17',
        'WORKDIR /app',
        'COPY . .',
        'RUN gradle build',
        'CMD ["java", "-jar", "build/libs/app.jar"]',
      ),
      project,
    );
    expect(out).toContain('COPY --from=builder /app/build/libs/app.jar /app/build/libs/app.jar');
    expect(out).not.toContain('/home/gradle');
  });

  it('maven images work in / like the JRE: no WORKDIR added', () => {
    const out = onlyFix(
      'WH010',
      df(
        'FROM maven:3.9-eclipse-temurin-17',
        'COPY . .',
        'RUN mvn -q package',
        'CMD ["java", "-jar", "target/app.jar"]',
      ),
      project,
    );
    expect(out).toContain('COPY --from=builder /target/app.jar /target/app.jar');
    expect(out).not.toMatch(/^WORKDIR/m);
  });

  it('is idempotent', () => {
    const text = df(
      'FROM gradle:8.5-jdk17',
      'COPY . .',
      'RUN gradle build',
      'CMD ["java", "-jar", "build/libs/app.jar"]',
    );
    const once = optimize(text, project).text;
    expect(optimize(once, project).text).toBe(once);
  });
});

describe('java recipe: what the runtime keeps from the build context', () => {
  const spring = df(
    'FROM eclipse-temurin:17-jdk',
    'WORKDIR /app',
    'COPY . .',
    'RUN ./mvnw -B package -DskipTests',
    'CMD java -jar target/*.jar --spring.config.location=file:config/application.yml',
  );

  it('a context with files beside the build inputs (config/) keeps its COPY in the runtime', () => {
    const out = onlyFix(
      'WH010',
      spring,
      ctx(['pom.xml', 'mvnw', 'src/main/java/App.java', 'config/application.yml']),
    );
    const runtime = out.slice(out.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^COPY \. \.$/m);
  });

  it('a context of build inputs only is left in the builder', () => {
    const out = onlyFix(
      'WH010',
      spring,
      ctx([
        'pom.xml',
        'mvnw',
        '.mvn/wrapper/maven-wrapper.properties',
        'src/main/java/App.java',
        'README.md',
        '.git/',
      ]),
    );
    const runtime = out.slice(out.lastIndexOf('FROM '));
    expect(runtime).not.toMatch(/^COPY \. \.$/m);
  });

  it('a jar named by a glob is copied into its folder, not to a file named "*.jar"', () => {
    const out = onlyFix('WH010', spring, ctx(['pom.xml', 'src/main/java/App.java']));
    expect(out).toContain('COPY --from=builder /app/target/*.jar /app/target/\n');
    expect(optimize(optimize(spring, ctx(['pom.xml'])).text, ctx(['pom.xml'])).text).toBe(
      optimize(spring, ctx(['pom.xml'])).text,
    );
  });
});
