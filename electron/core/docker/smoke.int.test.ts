/**
 * The smoke test on real containers (DOCKER_HOST): busybox images that stay up, exit 0, exit 1,
 * cannot start, or fail their check command; no container is ever left behind. compareConfigs
 * on the runtime config of two built images.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type Dockerode from 'dockerode';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { buildImage } from './build';
import { imageReport } from './layers';
import { CHECK_MS, compareConfigs, smokeTest } from './smoke';
import {
  describeDocker,
  dockerClient,
  makeContext,
  nonce,
  pin,
  progressLog,
  removeDir,
  removeImages,
} from './test-kit';

describeDocker('smokeTest', () => {
  let docker: Dockerode;
  let dir: string;
  const images: Record<string, { id: string; text: string }> = {};

  const DOCKERFILES: Record<string, string> = {
    up: 'FROM busybox:latest\nCMD ["sleep", "60"]\n',
    done: 'FROM busybox:latest\nCMD ["true"]\n',
    chatty: 'FROM busybox:latest\nCMD ["sh", "-c", "echo hello from smoke; echo and stderr >&2"]\n',
    fails: 'FROM busybox:latest\nCMD ["false"]\n',
    // Up long enough to count as started, then gone (a server that dies while loading its app).
    dies: 'FROM busybox:latest\nCMD ["sh", "-c", "echo loading; sleep 3; echo giving up; exit 3"]\n',
    missing: 'FROM busybox:latest\nCMD ["/no/such/binary"]\n',
    // Differs from `up` in USER, CMD and EXPOSE (and adds an ENV).
    server:
      'FROM busybox:latest\nENV PORT=8080\nUSER nobody\nEXPOSE 8080\nCMD ["httpd", "-f", "-p", "8080"]\n',
  };

  beforeAll(async () => {
    docker = dockerClient();
    dir = await makeContext({ 'README.txt': 'smoke\n' });
    // One folder, several images: the tag is per variant, so keep them apart by id.
    for (const [name, text] of Object.entries(DOCKERFILES)) {
      const { imageId } = await buildImage(
        docker,
        {
          dir,
          dockerfileText: `${text}LABEL smoke.case=${name}-${nonce()}\n`,
          variant: 'optimized',
          buildId: `smoke-${name}`,
          buildkit: true,
          signal: new AbortController().signal,
        },
        progressLog().emit,
      );
      await pin(docker, imageId);
      images[name] = { id: imageId, text };
    }
  });

  afterEach(async () => {
    // Whatever the outcome, the smoke test removes its container.
    const left = await docker.listContainers({
      all: true,
      filters: JSON.stringify({ label: ['whittle.smoke'], ancestor: Object.values(images).map((i) => i.id) }),
    });
    expect(left.map((c) => c.Id)).toEqual([]);
  });

  afterAll(async () => {
    await removeImages(
      docker,
      Object.values(images).map((i) => i.id),
    );
    await removeDir(dir);
  });

  it('passes a container that stays up', async () => {
    const r = await smokeTest(docker, images.up!.id, { upMs: 1500 });
    expect(r).toMatchObject({ passed: true, outcome: 'stayed-up', exitCode: null });
    expect(r.durationMs).toBeGreaterThanOrEqual(1500);
  });

  it('passes a job that exits 0 and keeps its output', async () => {
    expect(await smokeTest(docker, images.done!.id, { upMs: 5000 })).toMatchObject({
      passed: true,
      outcome: 'exited-0',
      exitCode: 0,
    });
    const chatty = await smokeTest(docker, images.chatty!.id, { upMs: 5000 });
    expect(chatty).toMatchObject({ passed: true, outcome: 'exited-0', exitCode: 0 });
    expect(chatty.logs).toEqual(expect.arrayContaining(['hello from smoke', 'and stderr']));
    expect(chatty.durationMs).toBeLessThan(5000);
  });

  it('fails a container that exits with an error', async () => {
    expect(await smokeTest(docker, images.fails!.id, { upMs: 5000 })).toMatchObject({
      passed: false,
      outcome: 'exited-error',
      exitCode: 1,
    });
  });

  it('fails a container that cannot start, with the reason', async () => {
    const r = await smokeTest(docker, images.missing!.id, { upMs: 1500 });
    expect(r).toMatchObject({ passed: false, outcome: 'failed-to-start', exitCode: null });
    expect(r.logs.join(' ')).toMatch(/no such file|not found/i);
  });

  it('runs a check command inside the running container', async () => {
    const r = await smokeTest(docker, images.up!.id, { upMs: 1000, check: ['sh', '-c', 'echo check ok'] });
    expect(r).toMatchObject({
      passed: true,
      outcome: 'stayed-up',
      checkCommand: ['sh', '-c', 'echo check ok'],
      checkOutput: 'check ok',
    });
  });

  it('fails when the check command keeps failing, with its output', async () => {
    const check = ['sh', '-c', 'echo not healthy; exit 2'];
    const r = await smokeTest(docker, images.up!.id, { upMs: 1000, check, checkMs: 2500 });
    expect(r).toMatchObject({
      passed: false,
      outcome: 'check-failed',
      checkCommand: check,
      checkOutput: 'not healthy',
    });
  });

  it('stops retrying the check as soon as the container exits, with its exit code and logs', async () => {
    const r = await smokeTest(docker, images.dies!.id, { upMs: 1000, check: ['false'] });
    expect(r).toMatchObject({ passed: false, outcome: 'exited-error', exitCode: 3 });
    expect(r.logs).toContain('giving up');
    // The default budget is a minute (CHECK_MS); the container is gone after ~3 s, and the test
    // must not use up the budget retrying a check in a container that no longer runs.
    expect(r.durationMs).toBeLessThan(CHECK_MS / 2);
  });

  it('gives up on a check command that never returns', async () => {
    const t0 = Date.now();
    const r = await smokeTest(docker, images.up!.id, { upMs: 1000, check: ['sleep', '600'], checkMs: 2000 });
    expect(r).toMatchObject({ passed: false, outcome: 'check-failed' });
    expect(r.checkOutput).toMatch(/timed out/);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('stops when cancelled, during the wait and during the check, and still removes its container', async () => {
    const ctl = new AbortController();
    const started = Date.now();
    setTimeout(() => ctl.abort(), 500);
    const waiting = await smokeTest(docker, images.up!.id, { upMs: 20_000, signal: ctl.signal }).catch(
      (e: unknown) => e,
    );
    expect(waiting).toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(5000);
    const ctl2 = new AbortController();
    setTimeout(() => ctl2.abort(), 1500);
    const checking = await smokeTest(docker, images.up!.id, {
      upMs: 500,
      check: ['false'],
      checkMs: 30_000,
      signal: ctl2.signal,
    }).catch((e: unknown) => e);
    expect(checking).toMatchObject({ code: 'CANCELLED' });
  });

  it('removes smoke containers a gone process left, stopped or running, and keeps those of a live one', async () => {
    // A process that has exited: its pid is free (the app was killed mid-test).
    const gonePid = execFileSync(process.execPath, ['-e', 'console.log(process.pid)'], {
      encoding: 'utf8',
    }).trim();
    const make = async (pid: string, image: string) => {
      const c = await docker.createContainer({
        Image: image,
        Labels: { 'whittle.smoke': '1', 'whittle.smoke.owner': `${os.hostname()}:${pid}` },
        HostConfig: { NetworkMode: 'none' },
      });
      await c.start();
      if (image === images.done!.id) await c.wait();
      return c;
    };
    const stale = await make(gonePid, images.done!.id);
    const staleServer = await make(gonePid, images.up!.id); // still running: a server mid-test
    const live = await make(String(process.ppid), images.done!.id); // the test runner's parent: alive
    try {
      await smokeTest(docker, images.done!.id, { upMs: 1500 });
      await expect(stale.inspect()).rejects.toMatchObject({ statusCode: 404 });
      await expect(staleServer.inspect()).rejects.toMatchObject({ statusCode: 404 });
      await expect(live.inspect()).resolves.toMatchObject({ State: { Status: 'exited' } });
    } finally {
      for (const c of [live, stale, staleServer]) await c.remove({ force: true }).catch(() => undefined);
    }
  });

  it('reports USER, CMD and EXPOSE differences between two built images', async () => {
    const [a, b] = await Promise.all(
      [images.up!, images.server!].map((i) => imageReport(docker, i.id, i.id, i.text)),
    );
    const diff = compareConfigs(a!.config, b!.config);
    expect(diff).toEqual([
      { key: 'user', original: '', optimized: 'nobody' },
      { key: 'cmd', original: ['sleep', '60'], optimized: ['httpd', '-f', '-p', '8080'] },
      { key: 'exposedPorts', original: [], optimized: ['8080/tcp'] },
      { key: 'envKeys', original: ['PATH'], optimized: ['PATH', 'PORT'] },
    ]);
    expect(compareConfigs(a!.config, a!.config)).toEqual([]);
  });
});
