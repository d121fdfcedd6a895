/**
 * DockerService end to end on the real daemon (DOCKER_HOST): compare on a tiny project, cancel by
 * build id and by compare id, housekeeping that touches only Whittle's own images; and a service
 * pointed at a socket where nothing listens (needs no daemon, so it always runs).
 */
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint } from './connection';
import { WhittleFailure } from '../../../shared/api/result';
import { buildImage } from './build';
import { DockerService } from './service';
import {
  describeDocker,
  dockerEndpoint,
  imageExists,
  makeContext,
  nonce,
  progressLog,
  removeDir,
  removeImages,
} from './test-kit';

describe('DockerService without a daemon', () => {
  const ep: Endpoint = {
    host: 'unix:///tmp/nowhere.sock',
    source: 'DOCKER_HOST',
    tlsVerify: false,
    certPath: null,
  };
  const service = new DockerService(ep);

  it('reports it unreachable and rejects compare and build with DOCKER_UNREACHABLE', async () => {
    const s = await service.status();
    expect(s).toMatchObject({ reachable: false, endpoint: ep.host, buildkit: false });
    expect(s.message).toContain('Docker is not running at unix:///tmp/nowhere.sock');
    const req = {
      dir: '/tmp',
      originalText: 'FROM busybox\n',
      optimizedText: 'FROM busybox\n',
      compareId: 'c',
    };
    const err = await service.compare(req, () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WhittleFailure);
    expect(err).toMatchObject({ code: 'DOCKER_UNREACHABLE', message: s.message });
    await expect(
      service.build(
        { dir: '/tmp', dockerfileText: 'FROM busybox\n', variant: 'original', buildId: 'b' },
        () => undefined,
      ),
    ).rejects.toMatchObject({ code: 'DOCKER_UNREACHABLE' });
  });
});

/** 2 MiB written in one layer and deleted in the next: stored, never visible. */
const ORIGINAL = `FROM busybox:latest
WORKDIR /app
COPY . /app/
RUN dd if=/dev/zero of=/app/junk bs=1024 count=2048
RUN rm /app/junk
CMD ["sleep", "60"]
`;
const OPTIMIZED = `FROM busybox:latest
WORKDIR /app
COPY --chown=nobody . /app/
USER nobody
CMD ["sleep", "60"]
`;

describeDocker('DockerService on the daemon', () => {
  let service: DockerService;
  let docker: Dockerode;
  let dir: string;
  let other: string;
  const leftovers: string[] = [];

  beforeAll(async () => {
    service = new DockerService(dockerEndpoint());
    docker = service.docker;
    dir = await makeContext({
      'app.txt': 'the app\n',
      // The check runs in the optimized container, from the project's whittle.json.
      'whittle.json': JSON.stringify({ smoke: { check: ['sh', '-c', 'cat /app/app.txt'] } }),
    });
    other = await makeContext({ 'other.txt': 'another project\n' });
  });
  afterAll(async () => {
    await removeImages(docker, leftovers);
    await removeDir(dir);
    await removeDir(other);
  });

  it('is reachable and says which builder it will use', async () => {
    const s = await service.status();
    expect(s).toMatchObject({ reachable: true, endpoint: process.env.DOCKER_HOST });
    expect(s.version).toBeTruthy();
    expect(typeof s.buildkit).toBe('boolean');
  });

  it('compares both builds, smoke-tests the optimized one and removes the images', async () => {
    const log = progressLog();
    const compareId = `cmp-${nonce()}`;
    const r = await service.compare(
      { dir, originalText: ORIGINAL, optimizedText: OPTIMIZED, compareId },
      log.emit,
    );
    leftovers.push(r.original.imageId, r.optimized.imageId);

    expect(r.original.sizeBytes - r.optimized.sizeBytes).toBe(r.reductionBytes);
    expect(r.reductionBytes).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    expect(r.reductionPercent).toBe(Math.round((r.reductionBytes / r.original.sizeBytes) * 1000) / 10);
    expect(r.reductionPercent).toBeGreaterThan(20);
    expect(r.original.layers.find((l) => l.line === 4)!.sizeBytes).toBe(2 * 1024 * 1024);
    // The content analysis ran: the deleted 2 MiB are stored but not visible (busybox itself
    // stores a hidden copy of its binary, in both images).
    expect(r.original.reclaimableBytes).toBe(r.optimized.reclaimableBytes! + 2 * 1024 * 1024);
    expect(r.original.efficiency).toBeLessThan(r.optimized.efficiency!);

    expect(r.smokeTest).toMatchObject({
      passed: true,
      outcome: 'stayed-up',
      checkCommand: ['sh', '-c', 'cat /app/app.txt'],
      checkOutput: 'the app',
    });
    expect(r.configDifferences).toEqual([{ key: 'user', original: '', optimized: 'nobody' }]);

    const ids = new Set(log.events.map((e) => `${e.buildId}/${e.variant}`));
    expect(ids).toEqual(new Set([`${compareId}:original/original`, `${compareId}:optimized/optimized`]));
    expect(log.events.filter((e) => e.kind === 'done')).toHaveLength(2);

    expect(await imageExists(docker, r.original.imageId)).toBe(false);
    expect(await imageExists(docker, r.optimized.imageId)).toBe(false);
  });

  it('keeps the images with keepImages; listImages and removeImages touch only Whittle images of a project', async () => {
    const r = await service.compare(
      {
        dir,
        originalText: ORIGINAL,
        optimizedText: OPTIMIZED,
        compareId: `keep-${nonce()}`,
        keepImages: true,
      },
      () => undefined,
    );
    leftovers.push(r.original.imageId, r.optimized.imageId);
    const mine = [r.original.imageId, r.optimized.imageId].sort();
    expect(await imageExists(docker, r.original.tag)).toBe(true);

    // Another project's Whittle image, and an image Whittle did not build.
    const theirs = await buildImage(
      docker,
      {
        dir: other,
        dockerfileText: `FROM busybox:latest\nCOPY other.txt /\nLABEL n=${nonce()}\n`,
        variant: 'original',
        buildId: 'other',
        buildkit: true,
        signal: new AbortController().signal,
      },
      () => undefined,
    );
    leftovers.push(theirs.imageId);
    const foreign = `whittle-test/unlabelled:${nonce()}`;
    await docker
      .getImage('busybox:latest')
      .tag({ repo: foreign.split(':')[0]!, tag: foreign.split(':')[1]! });

    try {
      expect((await service.listImages(dir)).map((i) => i.Id).sort()).toEqual(mine);
      const all = (await service.listImages()).map((i) => i.Id);
      expect(all).toEqual(expect.arrayContaining([...mine, theirs.imageId]));
      const busybox = (await docker.getImage('busybox:latest').inspect()).Id;
      expect(all).not.toContain(busybox);

      expect(await service.removeImages(dir)).toBe(2);
      expect(await service.listImages(dir)).toEqual([]);
      expect(await imageExists(docker, r.original.imageId)).toBe(false);
      expect(await imageExists(docker, theirs.imageId)).toBe(true);
      expect(await imageExists(docker, foreign)).toBe(true);
      expect(await imageExists(docker, 'busybox:latest')).toBe(true);
    } finally {
      await docker
        .getImage(foreign)
        .remove()
        .catch(() => undefined); // untags only: busybox stays
    }
  });

  it('cancels a build by its id and builds again right after', async () => {
    const token = nonce();
    const log = progressLog();
    const buildId = `cancel-${token}`;
    const running = service
      .build(
        {
          dir,
          dockerfileText: `FROM busybox:latest\nRUN echo "wait ${token}" && sleep 30 && echo done\n`,
          variant: 'original',
          buildId,
        },
        log.emit,
      )
      .catch((e: unknown) => e);
    await Promise.race([log.next((e) => e.kind === 'log' && e.text === `wait ${token}`), running]);
    expect(await service.cancel('no-such-build')).toBe(false);
    const t0 = Date.now();
    expect(await service.cancel(buildId)).toBe(true);
    expect(await running).toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await service.cancel(buildId)).toBe(false); // no longer running

    const again = await service.build(
      {
        dir,
        dockerfileText: `FROM busybox:latest\nRUN echo "again ${nonce()}"\n`,
        variant: 'original',
        buildId,
      },
      () => undefined,
    );
    leftovers.push(again.imageId);
    expect(again.layers.at(-1)).toMatchObject({ line: 2, isBase: false });
  });

  it('cancels a compare by its id', async () => {
    const token = nonce();
    const log = progressLog();
    const compareId = `cc-${token}`;
    const running = service
      .compare(
        {
          dir,
          originalText: `FROM busybox:latest\nRUN echo "slow ${token}" && sleep 30 && echo done\n`,
          optimizedText: 'FROM busybox:latest\n',
          compareId,
        },
        log.emit,
      )
      .catch((e: unknown) => e);
    await Promise.race([log.next((e) => e.kind === 'log' && e.text === `slow ${token}`), running]);
    expect(await service.cancel(compareId)).toBe(true);
    expect(await running).toMatchObject({ code: 'CANCELLED' });
    expect(log.events.some((e) => e.variant === 'optimized')).toBe(false);
  });
});
