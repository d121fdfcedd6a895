/**
 * Base candidates for Java on real images (issue 14 §3):
 * (a) examples/java-app: WH014's linked runtime on debian:bookworm-slim is also built on
 *     gcr.io/distroless/cc-debian12 (a helper stage compiles en_US.UTF-8 and adds libz.so.1, which
 *     Debian's OpenJDK links and cc lacks; WH050's user becomes distroless nonroot); it passes every
 *     check, writes-as-user read from its files, and is offered, smaller than the static choice.
 *     Its JVM keeps the locale (file.encoding UTF-8, user.country US) and runs as uid 65532.
 * (b) a jar run on eclipse-temurin:17-jre as is (no fixes): distroless java17 (the engine's stand-in,
 *     made up as distroless java.bzl) is tried as nonroot, then as root, and rejected by "Same config"
 *     with the reason: the JRE image's JAVA_HOME, LANGUAGE and LC_ALL are gone (it sets LANG=C.UTF-8).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../shared/config/config';
import { buildImage } from '../docker/build';
import {
  describeDocker,
  dockerClient,
  makeContext,
  nonce,
  progressLog,
  removeDir,
  removeImages,
  runToExit,
} from '../docker/test-kit';
import { readProjectContext } from '../project';
import { verifyRewrite } from './verify-rewrite';

const EXAMPLE = path.resolve(__dirname, '../../../examples/java-app');
const CC = 'gcr.io/distroless/cc-debian12';
const JAVA17 = 'gcr.io/distroless/java17-debian12';

describeDocker('base candidates for Java: distroless cc under a linked runtime, distroless java17', () => {
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

  const buildOriginal = async (dir: string, text: string, buildId: string) => {
    const { imageId } = await buildImage(
      docker,
      {
        dir,
        dockerfileText: text,
        variant: 'original',
        buildId,
        buildkit: true,
        signal: new AbortController().signal,
        network: 'host',
      },
      progressLog().emit,
    );
    images.add(imageId);
    return imageId;
  };

  it('(a) examples/java-app: the linked runtime on distroless cc passes every check and is offered', async () => {
    const originalText = await readFile(path.join(EXAMPLE, 'Dockerfile'), 'utf8');
    const original = await buildOriginal(EXAMPLE, originalText, 'javadist-java-app-original');
    const out = await verifyRewrite({
      docker,
      dir: EXAMPLE,
      originalText,
      originalImage: original,
      context: await readProjectContext(EXAMPLE),
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
      options: { budgetMs: 9 * 60_000, measureSavings: false },
      verifyId: `javadist-${nonce()}`,
      signal: new AbortController().signal,
      emitBuild: () => undefined,
      emitVerify: () => undefined,
    });
    images.add(out.imageId);
    const v = out.verification;
    const rows = v.baseCandidates ?? [];
    console.log(
      rows.map(
        (r) => `${r.image} ${r.status} ${r.sizeBytes} B ${r.note ?? ''} ${r.failed.map((f) => f.summary)}`,
      ),
    );
    expect(rows.map((r) => r.image)).toEqual(['debian:bookworm-slim', CC]);
    const cc = rows.find((r) => r.image === CC)!;
    const slim = rows.find((r) => r.image === 'debian:bookworm-slim')!;
    expect(cc).toMatchObject({ status: 'pass', chosen: true });
    expect(cc.passed).toEqual(['same-config', 'runtime-libraries', 'starts-and-answers', 'writes-as-user']);
    expect(cc.sizeBytes!).toBeLessThan(slim.sizeBytes! - 40_000_000);
    expect(v.status).toBe('verified');
    expect(v.offeredText).toContain(`\nFROM ${CC}\n`);
    expect(v.offeredText).toContain('USER nonroot:nonroot');
    expect(v.offeredText).not.toMatch(/useradd/);
    const writes = v.checks.find((c) => c.id === 'writes-as-user')!;
    expect(writes.optimized.status).toBe('pass');
    expect(writes.optimized.summary).toMatch(/read from its files/);
    const img = await docker.getImage(out.imageId).inspect();
    expect(img.Size).toBe(cc.sizeBytes);
    expect(img.Config.User).toBe('nonroot:nonroot');
    const o = await docker.getImage(original).inspect();
    expect(img.Size).toBeLessThanOrEqual(0.35 * o.Size);
    // The JVM's locale as on eclipse-temurin (the helper's en_US.UTF-8), and no shell.
    const props = await runToExit(docker, out.imageId, ['java', '-XshowSettings:properties', '-version']);
    expect(props.out).toMatch(/file\.encoding = UTF-8/);
    expect(props.out).toMatch(/user\.country = US/);
    expect(props.out).toMatch(/user\.name = nonroot/);
    const shell = await runToExit(docker, out.imageId, ['-c', 'true'], ['/bin/sh']).catch((e: Error) => ({
      code: -1,
      out: e.message,
    }));
    expect(shell.code).not.toBe(0);
  }, 600_000);

  it('(b) a jar on eclipse-temurin:17-jre: distroless java17 is tried and rejected by Same config, with the reason', async () => {
    const dockerfile = [
      'FROM eclipse-temurin:17-jdk AS build',
      'WORKDIR /src',
      'COPY Main.java .',
      `RUN echo ${nonce()} && javac Main.java && jar cfe /app.jar Main Main.class`,
      'FROM eclipse-temurin:17-jre',
      'COPY --from=build /app.jar /app/app.jar',
      'CMD ["java", "-jar", "/app/app.jar"]',
      '',
    ].join('\n');
    const main =
      'public class Main { public static void main(String[] a) throws Exception { Thread.sleep(600000); } }\n';
    const dir = await makeContext({ Dockerfile: dockerfile, 'Main.java': main }, 'whittle-test-javadist-');
    dirs.push(dir);
    const original = await buildOriginal(dir, dockerfile, 'javadist-jre-original');
    const out = await verifyRewrite({
      docker,
      dir,
      originalText: dockerfile,
      originalImage: original,
      context: { files: ['Dockerfile', 'Main.java'], dockerignore: null },
      config: DEFAULT_CONFIG,
      buildkit: true,
      network: 'host',
      options: { budgetMs: 6 * 60_000, measureSavings: false },
      verifyId: `javadist-jre-${nonce()}`,
      signal: new AbortController().signal,
      emitBuild: () => undefined,
      emitVerify: () => undefined,
      // No fixes: the optimized Dockerfile is the original; only the base is measured.
      rewrite: () => ({ text: dockerfile, dockerignore: null, applied: [] }),
    });
    images.add(out.imageId);
    const rows = out.verification.baseCandidates ?? [];
    console.log(
      rows.map(
        (r) => `${r.image} ${r.status} ${r.sizeBytes} B ${r.note ?? ''} ${r.failed.map((f) => f.evidence)}`,
      ),
    );
    const j = rows.find((r) => r.image === JAVA17)!;
    expect(j.status).toBe('fail');
    expect(j.sizeBytes!).toBeGreaterThan(150_000_000);
    expect(j.failed[0]!.checkId).toBe('same-config');
    expect(j.failed[0]!.evidence.join('\n')).toMatch(/envKeys lost: .*JAVA_HOME/);
    expect(j.note).toMatch(/tried as distroless's nonroot first \(it failed same-config: .*\), then as root/);
    expect(rows.find((r) => r.image === 'eclipse-temurin:17-jre')).toMatchObject({
      status: 'pass',
      chosen: true,
    });
    expect(out.verification.offeredText).toBe(dockerfile);
  }, 600_000);
});
