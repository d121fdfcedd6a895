/**
 * WH014 on real images (issue 14, part 1): the runtime linked by jdeps + jlink in the builder.
 * (a) examples/java-app, verified by the whole loop (builds, starts and answers, same config,
 *     runtime libraries, writes as its user), at least 65% smaller than the original, WH014 kept;
 * (b) a Spring Boot 3.5 fat jar built with Maven from Maven Central (spring-boot-starter-web):
 *     jdeps reads BOOT-INF/lib, the linked image starts Tomcat and answers on its port;
 * (c) a jar whose module-info requires a module that is not there: jdeps fails, the builder links
 *     every module and says why in the build log, and the app still runs.
 */
import { createServer } from 'node:net';
import path from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../shared/config/config';
import { optimize } from '../../../shared/optimizer/index';
import { readProjectContext } from '../project';
import { verifyRewrite } from '../verify/verify-rewrite';
import { buildImage } from './build';
import {
  describeDocker,
  dockerClient,
  makeContext,
  nonce,
  poll,
  progressLog,
  removeDir,
  removeImages,
  runToExit,
} from './test-kit';

const EXAMPLE = path.resolve(__dirname, '../../../examples/java-app');

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describeDocker('WH014: a Java runtime linked to the app, on real images', () => {
  let docker: Dockerode;
  const dirs: string[] = [];
  const images = new Set<string>();

  beforeAll(() => {
    docker = dockerClient();
  });
  afterAll(async () => {
    await removeImages(docker, images);
    for (const d of dirs) await removeDir(d);
  });

  /** Builds `text` in `dir` (BuildKit, host network); resolves to the image id and the build's log lines. */
  async function build(dir: string, text: string, buildId: string) {
    const log = progressLog();
    const { imageId } = await buildImage(
      docker,
      {
        dir,
        dockerfileText: text,
        variant: 'optimized',
        buildId,
        buildkit: true,
        signal: new AbortController().signal,
        network: 'host',
      },
      log.emit,
    );
    images.add(imageId);
    return { imageId, log: log.events.map((e) => e.text ?? '').join('\n') };
  }

  const modulesOf = async (image: string) =>
    // The entrypoint too: a `java -jar` ENTRYPOINT would take `--list-modules` as the app's argument and start it.
    (await runToExit(docker, image, ['--list-modules'], ['java'])).out.replace(/@\S+/g, '');

  it('(a) examples/java-app: verified, WH014 kept, at least 65% smaller', async () => {
    const context = await readProjectContext(EXAMPLE);
    const originalText = await import('node:fs/promises').then((fs) =>
      fs.readFile(path.join(EXAMPLE, 'Dockerfile'), 'utf8'),
    );
    const { imageId: original } = await build(EXAMPLE, originalText, 'jlink-java-app-original');
    const out = await verifyRewrite({
      docker,
      dir: EXAMPLE,
      originalText,
      originalImage: original,
      context,
      config: DEFAULT_CONFIG,
      buildkit: true,
      network: 'host',
      checkCommand: [
        'java',
        '-cp',
        '/app/app.jar',
        'com.example.units.HealthCheck',
        'http://127.0.0.1:8080/convert?from=km&to=mi&value=10',
      ],
      // WH014 on its own base; the distroless cc candidate is java-distroless.int.test.ts's.
      options: { budgetMs: 9 * 60_000, measureSavings: false, chooseBase: false },
      verifyId: `jlink-${nonce()}`,
      signal: new AbortController().signal,
      emitBuild: () => undefined,
      emitVerify: () => undefined,
    });
    images.add(out.imageId);
    const v = out.verification;
    expect(v.status).toBe('verified');
    expect(v.heldBack).toEqual([]);
    expect(v.appliedRuleIds).toEqual(expect.arrayContaining(['WH010', 'WH014']));
    expect(v.checks.find((c) => c.id === 'starts-and-answers')!.optimized.status).toBe('pass');
    expect(out.text).toMatch(/^FROM debian:bookworm-slim/m);
    const o = await docker.getImage(original).inspect();
    const s = await docker.getImage(out.imageId).inspect();
    expect(s.Size).toBeLessThanOrEqual(0.35 * o.Size);
    // The build's JVM, cut to the app: its modules and the safe extras, no compiler.
    const mods = await modulesOf(out.imageId);
    for (const m of ['java.base', 'jdk.httpserver', 'java.net.http', 'jdk.crypto.ec', 'jdk.localedata'])
      expect(mods).toContain(m);
    expect(mods).not.toContain('jdk.compiler');
    const props = await runToExit(docker, out.imageId, ['java', '-XshowSettings:properties', '-version']);
    expect(props.out).toMatch(/file\.encoding = UTF-8/);
    expect(props.out).toMatch(/user\.country = US/);
  }, 900_000);

  it('(b) a Spring Boot fat jar (Maven Central) starts and answers on the linked runtime', async () => {
    const word = nonce();
    const original = [
      'FROM maven:3.9-eclipse-temurin-17 AS build',
      'WORKDIR /src',
      'COPY pom.xml .',
      'RUN mvn -q -B dependency:go-offline',
      'COPY src src',
      'RUN mvn -q -B package -DskipTests',
      '',
      'FROM eclipse-temurin:17-jre',
      'COPY --from=build /src/target/*.jar /app.jar',
      'EXPOSE 8080',
      'ENTRYPOINT ["java", "-jar", "/app.jar"]',
      '',
    ].join('\n');
    const files: Record<string, string> = {
      Dockerfile: original,
      '.dockerignore': 'target\n.git\n',
      'pom.xml': `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.5.7</version>
    <relativePath/>
  </parent>
  <groupId>com.example</groupId>
  <artifactId>demo</artifactId>
  <version>1.0.0</version>
  <properties><java.version>17</java.version></properties>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
  </dependencies>
  <build>
    <finalName>app</finalName>
    <plugins>
      <plugin>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-maven-plugin</artifactId>
      </plugin>
    </plugins>
  </build>
</project>
`,
      'src/main/java/com/example/demo/DemoApplication.java': `package com.example.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
@RestController
public class DemoApplication {
  @GetMapping("/")
  public String hello() {
    return "hello ${word}";
  }

  public static void main(String[] args) {
    SpringApplication.run(DemoApplication.class, args);
  }
}
`,
    };
    const dir = await makeContext(files, 'whittle-test-jlink-boot-');
    dirs.push(dir);
    const res = optimize(original, await readProjectContext(dir));
    expect(res.fixes.map((f) => f.ruleId)).toContain('WH014');
    const { imageId, log } = await build(dir, res.text, 'jlink-boot');
    expect(log).not.toMatch(/linking every module/);
    const mods = await modulesOf(imageId);
    // jdeps saw Spring and Tomcat in BOOT-INF/lib (java.sql, java.desktop's java.beans, JMX…).
    for (const m of ['java.sql', 'java.desktop', 'java.management', 'jdk.unsupported', 'java.naming'])
      expect(mods).toContain(m);
    expect(mods).not.toContain('jdk.compiler');
    const jre = await docker.getImage('eclipse-temurin:17-jre').inspect();
    expect((await docker.getImage(imageId).inspect()).Size).toBeLessThan(jre.Size);

    const port = await freePort();
    const c = await docker.createContainer({
      Image: imageId,
      Env: [`SERVER_PORT=${port}`],
      HostConfig: { NetworkMode: 'host' },
    });
    try {
      await c.start();
      const body = await poll(
        () =>
          fetch(`http://127.0.0.1:${port}/`)
            .then((r) => r.text())
            .catch(() => ''),
        240_000,
        1000,
      );
      expect(body).toBe(`hello ${word}`);
    } finally {
      await c.remove({ force: true }).catch(() => undefined);
    }
  }, 1_500_000);

  it('(c) jdeps fails on a module the jar requires but nobody ships: every module is linked, and the log says why', async () => {
    const word = nonce();
    const original = [
      'FROM eclipse-temurin:17-jdk AS build',
      'WORKDIR /src',
      'COPY . .',
      // module-info requires stub.mod, which the jar does not carry: on the class path it is
      // ignored (java -jar runs), but jdeps must resolve it and cannot.
      'RUN javac -d stub stub/module-info.java stub/s/S.java && javac -p stub -d out app/module-info.java app/a/A.java && jar cfe /app.jar a.A -C out .',
      '',
      'FROM eclipse-temurin:17-jre',
      'COPY --from=build /app.jar /app.jar',
      'CMD ["java", "-jar", "/app.jar"]',
      '',
    ].join('\n');
    const dir = await makeContext(
      {
        Dockerfile: original,
        'stub/module-info.java': 'module stub.mod { exports s; }\n',
        'stub/s/S.java': 'package s; public class S {}\n',
        'app/module-info.java': 'module app { requires stub.mod; }\n',
        'app/a/A.java': `package a; public class A { public static void main(String[] x) { System.out.println("hello ${word}"); } }\n`,
      },
      'whittle-test-jlink-fallback-',
    );
    dirs.push(dir);
    const res = optimize(original, await readProjectContext(dir));
    expect(res.fixes.map((f) => f.ruleId)).toContain('WH014');
    const { imageId, log } = await build(dir, res.text, 'jlink-fallback');
    expect(log).toMatch(/whittle: linking every module of the JDK \(jdeps failed: .*stub\.mod/);
    const ran = await runToExit(docker, imageId);
    expect(ran.code).toBe(0);
    expect(ran.out).toContain(`hello ${word}`);
    // Every module: the fallback is a superset of the JRE.
    const mods = await modulesOf(imageId);
    for (const m of ['java.desktop', 'java.sql', 'jdk.compiler']) expect(mods).toContain(m);
  }, 900_000);
});
