/**
 * DockerService on the real daemon (DOCKER_HOST), after the first build: a rebuild of the same
 * project and variant removes the image its tag moved away from (unless something still uses it),
 * and a compare whose optimized image fails its smoke test smoke-tests the original as a baseline.
 */
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DockerService } from './service';
import {
  describeDocker,
  dockerEndpoint,
  imageExists,
  makeContext,
  nonce,
  removeDir,
  removeImages,
} from './test-kit';

describeDocker('DockerService rebuilds and baselines', () => {
  let service: DockerService;
  let docker: Dockerode;
  let dir: string;
  const leftovers: string[] = [];

  beforeAll(async () => {
    service = new DockerService(dockerEndpoint());
    docker = service.docker;
    dir = await makeContext({ 'a.txt': 'a\n' });
  });
  afterAll(async () => {
    await removeImages(docker, leftovers);
    await removeDir(dir);
  });

  const build = async (dockerfileText: string) => {
    const r = await service.build(
      { dir, dockerfileText, variant: 'original', buildId: `rb-${nonce()}` },
      () => undefined,
    );
    leftovers.push(r.imageId);
    return r;
  };

  it('removes the image a rebuild replaced, so edits leave no <none> images behind', async () => {
    const first = await build(`FROM busybox:latest\nRUN echo "first ${nonce()}" > /v\n`);
    const second = await build(`FROM busybox:latest\nRUN echo "second ${nonce()}" > /v\n`);
    expect(second.tag).toBe(first.tag);
    expect(second.imageId).not.toBe(first.imageId);
    expect(await imageExists(docker, first.imageId)).toBe(false);
    expect((await service.listImages(dir)).map((i) => i.Id)).toEqual([second.imageId]);

    // The same text again is the same image (cached): nothing was replaced, so it must survive.
    const text = `FROM busybox:latest\nRUN echo "same ${nonce()}" > /v\n`;
    const same = await build(text);
    const again = await build(text);
    expect(again.imageId).toBe(same.imageId);
    expect(await imageExists(docker, again.imageId)).toBe(true);
  });

  it('keeps a replaced image that a container still uses', async () => {
    const used = await build(`FROM busybox:latest\nRUN echo "used ${nonce()}" > /v\n`);
    const container = await docker.createContainer({ Image: used.imageId, Cmd: ['true'] });
    try {
      const next = await build(`FROM busybox:latest\nRUN echo "next ${nonce()}" > /v\n`);
      expect(await imageExists(docker, next.tag)).toBe(true);
      expect(await imageExists(docker, used.imageId)).toBe(true); // untagged, but still there
    } finally {
      await container.remove({ force: true });
    }
  });

  it('a verified compare leaves only its own pair: the previous pair goes, none left untagged', async () => {
    const own = await makeContext({ 'a.txt': 'a\n' });
    try {
      const run = (n: string) =>
        service.compare(
          {
            dir: own,
            // Two RUNs: the rewrite merges them (WH032), so the pair is two images.
            originalText: `FROM busybox:latest\nRUN echo "${n}" > /v\nRUN echo b > /w\nCMD ["sleep", "60"]\n`,
            optimizedText: '',
            compareId: `pair-${nonce()}`,
            keepImages: true,
            verify: { budgetMs: 120_000 },
          },
          () => undefined,
          () => undefined,
        );
      const first = await run(nonce());
      expect(first.optimized.imageId).not.toBe(first.original.imageId);
      const second = await run(nonce());
      const left = await service.listImages(own);
      expect(left.map((i) => i.Id).sort()).toEqual(
        [second.original.imageId, second.optimized.imageId].sort(),
      );
      expect(left.every((i) => (i.RepoTags ?? []).some((t) => t.startsWith('whittle/')))).toBe(true);
    } finally {
      await service.removeImages(own);
      await removeDir(own);
    }
  }, 240_000);

  it('smoke-tests the original too when the optimized image fails, and only then', async () => {
    const failing = await service.compare(
      {
        dir,
        originalText: 'FROM busybox:latest\nCMD ["sleep", "60"]\n',
        optimizedText: `FROM busybox:latest\nLABEL n=${nonce()}\nCMD ["sh", "-c", "echo broken; exit 3"]\n`,
        compareId: `base-${nonce()}`,
      },
      () => undefined,
    );
    expect(failing.smokeTest).toMatchObject({ passed: false, outcome: 'exited-error', exitCode: 3 });
    expect(failing.smokeTest.logs).toContain('broken');
    expect(failing.originalSmokeTest).toMatchObject({ passed: true, outcome: 'stayed-up' });
    expect(failing.configDifferences.map((d) => d.key)).toEqual(['cmd']);

    const passing = await service.compare(
      {
        dir,
        originalText: 'FROM busybox:latest\nCMD ["sleep", "60"]\n',
        optimizedText: `FROM busybox:latest\nLABEL n=${nonce()}\nCMD ["true"]\n`,
        compareId: `base-${nonce()}`,
      },
      () => undefined,
    );
    expect(passing.smokeTest).toMatchObject({ passed: true, outcome: 'exited-0' });
    expect(passing.originalSmokeTest).toBeUndefined();
  });
});
