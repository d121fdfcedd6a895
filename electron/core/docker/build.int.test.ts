/**
 * buildImage on the real daemon (DOCKER_HOST) with both builders: progress, labels, the layer
 * report, .dockerignore, a failing step, and cancel mid-step followed by a build that works.
 */
import path from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WhittleFailure } from '../../../shared/api/result';
import { buildImage, CONTEXT_DOCKERFILE, LABEL_PROJECT, LABEL_VARIANT } from './build';
import { imageReport } from './layers';
import {
  describeDocker,
  DOCKER_HOST,
  dockerClient,
  makeContext,
  nonce,
  poll,
  processesWith,
  progressLog,
  removeDir,
  removeImages,
} from './test-kit';

const BUILDERS = [
  ['BuildKit', true],
  ['the classic builder', false],
] as const;

for (const [builder, buildkit] of BUILDERS) {
  describeDocker(`buildImage with ${builder}`, () => {
    let docker: Dockerode;
    let dir: string;
    const built: string[] = [];

    beforeAll(async () => {
      docker = dockerClient();
      dir = await makeContext({
        'keep.txt': 'kept\n',
        'secret.env': 'TOKEN=do-not-ship\n',
        'logs/debug.log': 'noise\n',
        '.dockerignore': 'secret.env\nlogs/\n',
      });
    });
    afterAll(async () => {
      await removeImages(docker, built);
      await removeDir(dir);
    });

    const build = (
      dockerfileText: string,
      emit = progressLog().emit,
      signal = new AbortController().signal,
    ) =>
      buildImage(
        docker,
        { dir, dockerfileText, variant: 'optimized', buildId: `it-${nonce()}`, buildkit, signal },
        emit,
      );

    it('builds, reports steps, labels the image, maps layers to lines and honours .dockerignore', async () => {
      const token = nonce();
      // The RUN fails the build if an ignored file got in or the kept one did not.
      const text = [
        'FROM busybox:latest',
        'ENV APP_HOME=/app',
        'WORKDIR /app',
        'COPY . /app/',
        `RUN test -e /app/keep.txt && test ! -e /app/secret.env && test ! -e /app/logs && echo "built ${token}" > /app/built.txt`,
        'USER nobody',
        'CMD ["sleep", "60"]',
        '',
      ].join('\n');
      const log = progressLog();
      const { imageId, tag } = await build(text, log.emit);
      built.push(imageId);
      expect(imageId).toMatch(/^sha256:[0-9a-f]{64}$/);

      const steps = log.steps();
      expect(steps.length).toBeGreaterThanOrEqual(4);
      const run = steps.find((e) => e.instruction?.startsWith('RUN test -e'));
      expect(run).toMatchObject({ kind: 'step', variant: 'optimized', cached: false });
      expect(run!.step).toBeGreaterThan(1);
      expect(run!.step!).toBeLessThanOrEqual(run!.totalSteps!);
      expect(steps.at(-1)!.step).toBe(steps.at(-1)!.totalSteps); // the bar ends full
      expect(log.events.at(-1)).toMatchObject({ kind: 'done' });

      const inspect = await docker.getImage(imageId).inspect();
      expect(inspect.Config.Labels).toMatchObject({
        [LABEL_PROJECT]: path.resolve(dir),
        [LABEL_VARIANT]: 'optimized',
      });
      expect(inspect.RepoTags).toContain(tag);

      const report = await imageReport(docker, imageId, tag, text);
      expect(report.sizeBytes).toBe(inspect.Size);
      expect(report.layers).toHaveLength(inspect.RootFS.Layers!.length);
      expect(report.layers.map((l) => l.digest)).toEqual(inspect.RootFS.Layers);
      const base = report.layers.filter((l) => l.isBase);
      expect(base.length).toBe((await docker.getImage('busybox:latest').inspect()).RootFS.Layers!.length);
      expect(base.every((l) => l.line === null)).toBe(true);
      expect(report.baseSizeBytes).toBe(base.reduce((s, l) => s + l.sizeBytes, 0));
      const own = report.layers.filter((l) => !l.isBase);
      expect(own.map((l) => l.line)).toEqual([3, 4, 5]); // WORKDIR, COPY, RUN
      const copy = own.find((l) => l.line === 4)!;
      expect(copy.sizeBytes).toBeGreaterThanOrEqual('kept\n'.length);
      expect(copy.sizeBytes).toBeLessThan(4096); // secret.env and logs/ stayed out
      expect(own.find((l) => l.line === 5)!.instruction).toContain(`built ${token}`);
      expect(report.config).toMatchObject({ user: 'nobody', cmd: ['sleep', '60'], workdir: '/app' });
      expect(report.config.envKeys).toContain('APP_HOME');
    });

    // BuildKit applies no .dockerignore to an uploaded tar context, so this holds for classic only.
    it.skipIf(buildkit)('keeps its private Dockerfile out of `COPY .` (classic builder only)', async () => {
      const text = `FROM busybox:latest\nCOPY . /ctx/\nRUN test ! -e /ctx/${CONTEXT_DOCKERFILE} && test ! -e /ctx/secret.env # ${nonce()}\n`;
      const { imageId } = await build(text);
      built.push(imageId);
    });

    it("maps a final stage built FROM an earlier stage to the real base and both stages' lines", async () => {
      const text = `FROM busybox:latest AS base\nRUN echo ${nonce()} > /stamp\n\nFROM base\nCOPY keep.txt /\n`;
      const { imageId, tag } = await build(text);
      built.push(imageId);
      const report = await imageReport(docker, imageId, tag, text);
      const busybox = await docker.getImage('busybox:latest').inspect();
      expect(report.layers.filter((l) => l.isBase).map((l) => l.digest)).toEqual(busybox.RootFS.Layers);
      expect(report.layers.filter((l) => !l.isBase).map((l) => l.line)).toEqual([2, 5]);
    });

    it('fails a failing step with BUILD_FAILED, the step and the log tail', async () => {
      const token = nonce();
      const log = progressLog();
      const err = await build(
        `FROM busybox:latest\nRUN echo "about to fail ${token}" && exit 3\n`,
        log.emit,
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WhittleFailure);
      const f = err as WhittleFailure;
      expect(f.code).toBe('BUILD_FAILED');
      expect(f.message).toMatch(
        /^optimized build failed at `RUN echo "about to fail [0-9a-f]+" && exit 3`: /,
      );
      expect(f.message).toMatch(/exit code: 3|non-zero code: 3/);
      const details = f.details as { step: string; log: string[] };
      expect(details.step).toBe(`RUN echo "about to fail ${token}" && exit 3`);
      expect(details.log).toContain(`about to fail ${token}`);
      expect(log.events.at(-1)).toMatchObject({ kind: 'error' });
    });

    it('cancels a running step within seconds, and the next build works', async () => {
      const token = nonce();
      const ctl = new AbortController();
      const log = progressLog();
      const running = build(
        `FROM busybox:latest\nRUN echo "sleeping ${token}" && sleep 30 && echo "woke ${token}"\n`,
        log.emit,
        ctl.signal,
      );
      const outcome = running.catch((e: unknown) => e);
      // Abort once the step has started and printed, i.e. the daemon is inside `sleep 30`.
      await Promise.race([log.next((e) => e.kind === 'log' && e.text === `sleeping ${token}`), outcome]);
      // The shell of the step (its command line holds the token) is running now, when the daemon is local.
      if (DOCKER_HOST?.startsWith('unix://'))
        expect(await processesWith(`sleeping ${token}`)).not.toEqual([]);
      const t0 = Date.now();
      ctl.abort();
      const err = await outcome;
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(err).toBeInstanceOf(WhittleFailure);
      expect((err as WhittleFailure).code).toBe('CANCELLED');

      // The daemon really stopped the step: no `sleep 30` of this build is left running.
      expect(await poll(async () => (await processesWith(`sleeping ${token}`)).length === 0, 15_000)).toBe(
        true,
      );
      if (!buildkit) {
        // The classic builder runs steps as containers: the daemon must remove this one.
        const gone = await poll(async () => {
          const all = await docker.listContainers({ all: true });
          return !all.some((c) => c.Command.includes(token));
        }, 15_000);
        expect(gone).toBe(true);
      }

      const again = await build(`FROM busybox:latest\nRUN echo "after cancel ${nonce()}"\n`);
      built.push(again.imageId);
      expect(again.imageId).toMatch(/^sha256:/);
    });

    it('is CANCELLED at once when the signal was aborted before the call', async () => {
      const ctl = new AbortController();
      ctl.abort();
      await expect(build('FROM busybox:latest\n', undefined, ctl.signal)).rejects.toMatchObject({
        code: 'CANCELLED',
      });
    });
  });
}
