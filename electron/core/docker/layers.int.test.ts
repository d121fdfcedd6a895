/**
 * imageReport on the real daemon (DOCKER_HOST) for a base image made by `docker import`: its one
 * layer records no command, only the comment "Imported from -", and the report says so instead of
 * showing an empty instruction; the project's own layer still maps to its line.
 */
import type Dockerode from 'dockerode';
import { Readable } from 'node:stream';
import tarStream from 'tar-stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildImage } from './build';
import { imageReport } from './layers';
import { describeDocker, dockerClient, makeContext, nonce, removeDir, removeImages } from './test-kit';

describeDocker('imageReport on an imported base image', () => {
  let docker: Dockerode;
  let dir: string;
  const base = `whittle-test/imported:${nonce()}`;
  const built: string[] = [];

  beforeAll(async () => {
    docker = dockerClient();
    dir = await makeContext({ 'app.txt': 'app\n' });
    const pack = tarStream.pack();
    pack.entry({ name: 'etc/imported.txt' }, 'from a tarball\n');
    pack.finalize();
    const [repo, tag] = base.split(':') as [string, string];
    const res = await docker.importImage(Readable.from(pack as unknown as AsyncIterable<Buffer>), {
      repo,
      tag,
    });
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(res, (err: Error | null) => (err ? reject(err) : resolve())),
    );
    built.push(base);
  });
  afterAll(async () => {
    await removeImages(docker, built);
    await removeDir(dir);
  });

  it('names the imported layer by its comment and maps the own layer to its line', async () => {
    const text = `FROM ${base}\nCOPY app.txt /app.txt\n`;
    const { imageId, tag } = await buildImage(
      docker,
      {
        dir,
        dockerfileText: text,
        variant: 'original',
        buildId: 'imp',
        buildkit: false,
        signal: new AbortController().signal,
      },
      () => undefined,
    );
    built.unshift(imageId);
    const r = await imageReport(docker, imageId, tag, text);
    expect(r.layers.map((l) => [l.isBase, l.line, l.instruction])).toEqual([
      [true, null, '(Imported from -)'],
      [false, 2, expect.stringMatching(/^COPY /)],
    ]);
  });
});
