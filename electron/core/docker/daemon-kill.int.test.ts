/**
 * A daemon that dies mid-build: a throwaway dockerd of our own (never the shared engine) gets
 * busybox from the DOCKER_HOST engine, starts a `sleep 20` step, and is SIGKILLed inside it.
 * The build must fail with a typed error, the service must say the daemon is gone, and once the
 * daemon is back the same service must build again.
 */
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WhittleFailure } from '../../../shared/api/result';
import { connect } from './connection';
import { DockerService } from './service';
import { ThrowawayDaemon, throwawayUnsupported } from './throwaway-daemon';
import { describeDocker, dockerClient, makeContext, nonce, progressLog, removeDir } from './test-kit';

/** Streams an image from one daemon into another (`docker save | docker load`). */
async function copyImage(from: Dockerode, to: Dockerode, ref: string): Promise<void> {
  const tar = await from.getImage(ref).get();
  const res = await to.loadImage(tar);
  await new Promise<void>((resolve, reject) =>
    to.modem.followProgress(res, (err: Error | null) => (err ? reject(err) : resolve())),
  );
}

// A throwaway dockerd needs Linux, root and dockerd on PATH (throwawayUnsupported says which is missing); else the test skips.
const unsupported = throwawayUnsupported();

describeDocker('a daemon killed mid-build', () => {
  let daemon: ThrowawayDaemon | undefined;
  let dir: string;
  const network = process.env.WHITTLE_BUILD_NETWORK;

  beforeAll(async () => {
    if (unsupported) return;
    // The throwaway daemon has no bridge network (like the test engine): builds use the host's.
    process.env.WHITTLE_BUILD_NETWORK = 'host';
    dir = await makeContext({ 'a.txt': 'a\n' });
    daemon = await ThrowawayDaemon.create();
    await daemon.start();
    await copyImage(dockerClient(), connect(daemon.endpoint), 'busybox:latest');
  });

  afterAll(async () => {
    if (network === undefined) delete process.env.WHITTLE_BUILD_NETWORK;
    else process.env.WHITTLE_BUILD_NETWORK = network;
    await daemon?.dispose();
    await removeDir(dir);
  });

  it.skipIf(unsupported)(
    `fails with DOCKER_UNREACHABLE, then builds again once the daemon is back${unsupported ? ` (skipped: ${unsupported})` : ''}`,
    async () => {
      const d = daemon!;
      const service = new DockerService(d.endpoint);
      const token = nonce();
      const log = progressLog();
      const running = service
        .build(
          {
            dir,
            dockerfileText: `FROM busybox:latest\nRUN echo "sleeping ${token}" && sleep 20 && echo woke\n`,
            variant: 'original',
            buildId: 'doomed',
          },
          log.emit,
        )
        .catch((e: unknown) => e);
      await Promise.race([log.next((e) => e.kind === 'log' && e.text === `sleeping ${token}`), running]);
      expect(log.steps().at(-1)?.instruction).toMatch(/^RUN echo "sleeping/);

      const t0 = Date.now();
      await d.kill();
      const err = await running;
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(err).toBeInstanceOf(WhittleFailure);
      expect((err as WhittleFailure).code).toBe('DOCKER_UNREACHABLE');
      expect((err as WhittleFailure).message).toMatch(/Lost the Docker daemon/);

      const down = await service.status();
      expect(down).toMatchObject({ reachable: false, endpoint: d.endpoint.host });
      await expect(
        service.build(
          { dir, dockerfileText: 'FROM busybox:latest\n', variant: 'original', buildId: 'x' },
          () => undefined,
        ),
      ).rejects.toMatchObject({ code: 'DOCKER_UNREACHABLE' });

      await d.start();
      expect((await service.status()).reachable).toBe(true);
      const report = await service.build(
        {
          dir,
          dockerfileText: `FROM busybox:latest\nCOPY a.txt /\nRUN echo "back ${token}"\n`,
          variant: 'original',
          buildId: 'revived',
        },
        () => undefined,
      );
      const lines = report.layers.filter((l) => !l.isBase).map((l) => l.line);
      expect(lines[0]).toBe(2); // COPY; the RUN may add an (empty-looking) layer of its own
      expect(lines.every((l) => l === 2 || l === 3)).toBe(true);
      expect(report.config.cmd).toEqual(['sh']);
    },
  );
});
