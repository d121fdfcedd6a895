/**
 * The runtime-libraries check and its repair on the real engine (DOCKER_HOST): xmllint (linked to
 * libxml2.so.2) copied from a full Debian builder into debian:bookworm-slim, which has no libxml2 —
 * the uWSGI-on-python-slim failure in miniature. The check fails on it with the soname as evidence,
 * the repair maps libxml2.so.2 → libxml2 from the builder's dpkg database and adds it to the runtime
 * stage, and the rebuilt image passes (and really runs). Images are tagged whittle-test-elf/* and
 * removed afterwards.
 */
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildImage } from '../docker/build';
import {
  describeDocker,
  dockerClient,
  makeContext,
  nonce,
  progressLog,
  removeDir,
  removeImages,
} from '../docker/test-kit';
import { repairMissingLibraries } from './repair-libraries';
import { runtimeLibrariesCheck } from './runtime-libraries';
import { isRegression, type CheckTarget } from './types';

const BUILDER = `FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libxml2-utils && rm -rf /var/lib/apt/lists/*
`;
const ORIGINAL = `${BUILDER}CMD ["xmllint", "--version"]\n`;
const BROKEN = `${BUILDER}
FROM debian:bookworm-slim
COPY --from=build /usr/bin/xmllint /usr/local/bin/xmllint
CMD ["xmllint", "--version"]
`;
const WITH_LIBXML2 = BROKEN.replace(
  'FROM debian:bookworm-slim\n',
  'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libxml2 && rm -rf /var/lib/apt/lists/*\n',
);

/** The seed's case: uWSGI built with pip on python:3.9 (libxml2-dev present) links libxml2.so.2. */
const UWSGI_BUILDER = `FROM python:3.9 AS build
RUN pip install --no-cache-dir --prefix=/install uwsgi
`;
// The original reuses the builder's (slow, compiled) layer: uWSGI on the full python:3.9, where it works.
const UWSGI_ORIGINAL = `${UWSGI_BUILDER}CMD ["/install/bin/uwsgi", "--version"]
`;
const UWSGI_SLIM = `${UWSGI_BUILDER}
FROM python:3.9-slim
COPY --from=build /install /usr/local
CMD ["uwsgi", "--version"]
`;

describeDocker('runtime-libraries check and repair (xmllint without libxml2)', () => {
  let docker: Dockerode;
  let dir: string;
  const ids: string[] = [];
  const run = nonce();

  async function build(name: string, text: string): Promise<string> {
    const { imageId } = await buildImage(
      docker,
      {
        dir,
        dockerfileText: text,
        variant: 'optimized',
        buildId: `elf-${name}`,
        buildkit: true,
        network: 'host',
        signal: new AbortController().signal,
      },
      progressLog().emit,
    );
    ids.push(imageId);
    await docker.getImage(imageId).tag({ repo: 'whittle-test-elf/' + name, tag: run });
    return imageId;
  }

  /** Runs the image's CMD; exit code and output. */
  async function runImage(image: string): Promise<{ code: number; output: string }> {
    const container = await docker.createContainer({ Image: image, HostConfig: { NetworkMode: 'none' } });
    try {
      await container.start();
      const { StatusCode } = (await container.wait()) as { StatusCode: number };
      const logs = await container.logs({ stdout: true, stderr: true });
      return { code: StatusCode, output: logs.toString('latin1') };
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
  }

  const target = (image: string, role: CheckTarget['role']): CheckTarget => ({ docker, image, role });

  beforeAll(async () => {
    docker = dockerClient();
    dir = await makeContext({ 'README.txt': 'elf\n' });
  });

  afterAll(async () => {
    if (docker) await removeImages(docker, ids);
    await removeDir(dir);
  });

  it('fails the slim image on libxml2.so.2, passes with libxml2 installed, and the repair finds libxml2', async () => {
    const builder = await build('builder', BUILDER);
    const original = await build('original', ORIGINAL);
    const broken = await build('broken', BROKEN);

    // The real failure first: the loader cannot start xmllint in the slim image.
    const crash = await runImage(broken);
    expect(crash.code).not.toBe(0);
    expect(crash.output).toContain('libxml2.so.2');

    const r = await runtimeLibrariesCheck.run(target(original, 'original'), target(broken, 'optimized'));
    expect(r.original.status).toBe('pass');
    expect(r.original.summary).toMatch(/^All DT_NEEDED libraries of \d+ ELF files resolve/);
    expect(r.optimized.status).toBe('fail');
    expect(r.optimized.evidence).toEqual(['libxml2.so.2 (needed by /usr/local/bin/xmllint)']);
    expect(r.optimized.data).toMatchObject({ missingSonames: ['libxml2.so.2'], packageManager: 'apt' });
    expect(isRegression(r)).toBe(true);

    const fixed = await build('fixed', WITH_LIBXML2);
    const ok = await runtimeLibrariesCheck.run(target(original, 'original'), target(fixed, 'optimized'));
    expect(ok.optimized.status).toBe('pass');

    // Repair: libxml2.so.2 → libxml2 from the builder's dpkg database, added to the runtime stage.
    const repair = await repairMissingLibraries({
      docker,
      missingSonames: r.optimized.data!.missingSonames as string[],
      sourceImages: [builder, original],
      dockerfileText: BROKEN,
      runtimeManager: r.optimized.data!.packageManager as 'apt',
    });
    expect(repair).toMatchObject({
      packages: ['libxml2'],
      bySoname: { 'libxml2.so.2': 'libxml2' },
      unmapped: [],
    });
    expect(repair.text).toContain('apt-get install -y --no-install-recommends libxml2');
    const repaired = await build('repaired', repair.text!);
    const after = await runtimeLibrariesCheck.run(
      target(original, 'original'),
      target(repaired, 'optimized'),
    );
    expect(after.optimized.status).toBe('pass');
    expect(isRegression(after)).toBe(false);
    const started = await runImage(repaired);
    expect(started.code).toBe(0);
    expect(started.output).toContain('using libxml');
  });

  it('uWSGI from python:3.9 on python:3.9-slim: fails on libxml2.so.2; the repair adds libxml2 and it starts', async () => {
    const builder = await build('uwsgi-builder', UWSGI_BUILDER);
    const original = await build('uwsgi-original', UWSGI_ORIGINAL);
    const slim = await build('uwsgi-slim', UWSGI_SLIM);
    const crash = await runImage(slim);
    expect(crash.code).not.toBe(0);
    expect(crash.output).toContain('error while loading shared libraries');

    const r = await runtimeLibrariesCheck.run(target(original, 'original'), target(slim, 'optimized'));
    expect(isRegression(r)).toBe(true);
    const missing = r.optimized.data!.missingSonames as string[];
    expect(missing).toContain('libxml2.so.2');
    expect(r.optimized.evidence.join('\n')).toContain('libxml2.so.2 (needed by /usr/local/bin/uwsgi)');

    const repair = await repairMissingLibraries({
      docker,
      missingSonames: missing,
      sourceImages: [builder, original],
      dockerfileText: UWSGI_SLIM,
      runtimeManager: r.optimized.data!.packageManager as 'apt',
    });
    expect(repair.unmapped).toEqual([]);
    expect(repair.bySoname['libxml2.so.2']).toBe('libxml2');
    const repaired = await build('uwsgi-repaired', repair.text!);
    const after = await runtimeLibrariesCheck.run(
      target(original, 'original'),
      target(repaired, 'optimized'),
    );
    expect(after.optimized.status).toBe('pass');
    expect((await runImage(repaired)).code).toBe(0);
  }, 1_800_000);
});
