import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuildProgressEvent, CompareReport, CompareRequest } from '../../shared/api/contract';
import { WhittleFailure } from '../../shared/api/result';
import { createWhittleApi, unavailableDocker, type DockerPort, type HostedApi } from './api';

/**
 * A stand-in Docker port whose compares run until released or cancelled, like the service's:
 * cancel reaches a compare by its id from the moment it is called.
 */
function fakeDocker() {
  const running = new Map<string, { release: () => void; cancel: () => void }>();
  const started: string[] = [];
  const overlapping: string[] = [];
  const removed: string[] = [];
  let active = 0;
  const port: DockerPort = {
    ...unavailableDocker('unit test'),
    compare: (req: CompareRequest, emit: (e: BuildProgressEvent) => void) =>
      new Promise<CompareReport>((resolve, reject) => {
        started.push(req.compareId);
        if (active > 0) overlapping.push(req.compareId);
        active++;
        const done = () => {
          active--;
          running.delete(req.compareId);
        };
        emit({
          buildId: `${req.compareId}:original`,
          variant: 'original',
          kind: 'step',
          step: 1,
          totalSteps: 2,
        });
        for (let i = 0; i < 2600; i++)
          emit({ buildId: `${req.compareId}:original`, variant: 'original', kind: 'log', text: `line ${i}` });
        running.set(req.compareId, {
          release: () => {
            done();
            resolve({ reductionBytes: 1 } as CompareReport);
          },
          cancel: () => {
            // The service stops after a moment (containers removed, tags cleaned up).
            setTimeout(() => {
              done();
              reject(new WhittleFailure('CANCELLED', 'The comparison was cancelled'));
            }, 20);
          },
        });
      }),
    cancel: async (id) => {
      const key = [...running.keys()].find((k) => id === k || id.startsWith(`${k}:`));
      if (!key) return false;
      running.get(key)?.cancel();
      return true;
    },
    removeImages: async (dir) => {
      removed.push(dir);
      return 2;
    },
  };
  return { port, running, started, overlapping, removed };
}

let tmp: string;
let docker: ReturnType<typeof fakeDocker>;
let api: HostedApi;
const req = (compareId: string, dir = path.join(tmp, 'proj')): CompareRequest => ({
  dir,
  dockerfile: 'Dockerfile',
  originalText: 'FROM busybox\n',
  optimizedText: 'FROM busybox\nUSER 65534\n',
  compareId,
  keepImages: true,
});
const tick = () => new Promise((r) => setTimeout(r, 5));

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'whittle-sessions-'));
  docker = fakeDocker();
  api = createWhittleApi({
    userDataDir: path.join(tmp, 'user'),
    examplesDir: path.join(tmp, 'examples'),
    docker: docker.port,
  });
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('compares by project', () => {
  it('a reloaded page finds the running compare, its texts and progress, and attaches to its outcome', async () => {
    const first = api.compare(req('c1'));
    await tick();
    const s = await api.projectSession(path.join(tmp, 'proj', '.'));
    expect(s.ok && s.value.compare).toMatchObject({
      compareId: 'c1',
      dir: path.join(tmp, 'proj'),
      dockerfile: 'Dockerfile',
      optimizedText: 'FROM busybox\nUSER 65534\n',
    });
    const events = s.ok ? (s.value.compare?.events ?? []) : [];
    // Every step event is kept; the log is bounded to its last 2,000 lines.
    expect(events.filter((e) => e.kind === 'step')).toHaveLength(1);
    const logs = events.filter((e) => e.kind === 'log');
    expect(logs.length).toBeLessThanOrEqual(2500);
    expect(logs.at(-1)?.text).toBe('line 2599');
    const attached = api.attachCompare('c1');
    docker.running.get('c1')?.release();
    expect(await attached).toEqual({ ok: true, value: { reductionBytes: 1 } });
    expect(await first).toEqual({ ok: true, value: { reductionBytes: 1 } });
    // Ended: nothing to reattach to, but a reload racing the end still gets the outcome.
    const after = await api.projectSession(path.join(tmp, 'proj'));
    expect(after.ok && after.value.compare).toBeNull();
    expect(await api.attachCompare('c1')).toMatchObject({ ok: true });
    expect(await api.attachCompare('nope')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('never runs two compares of one project: a new one cancels the old and starts once it stopped', async () => {
    const first = api.compare(req('c1'));
    await tick();
    const second = api.compare(req('c2'));
    expect(await first).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    await tick();
    expect(docker.started).toEqual(['c1', 'c2']);
    expect(docker.overlapping).toEqual([]);
    const s = await api.projectSession(path.join(tmp, 'proj'));
    expect(s.ok && s.value.compare?.compareId).toBe('c2');
    docker.running.get('c2')?.release();
    expect(await second).toMatchObject({ ok: true });
  });

  it('a compare cancelled while it waits for the old one never starts', async () => {
    const first = api.compare(req('c1'));
    await tick();
    const second = api.compare(req('c2'));
    const third = api.compare(req('c3'));
    expect(await first).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await second).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    await tick();
    expect(docker.started).toEqual(['c1', 'c3']);
    docker.running.get('c3')?.release();
    expect(await third).toMatchObject({ ok: true });
  });

  it('compares of different projects run side by side', async () => {
    const a = api.compare(req('a1', path.join(tmp, 'a')));
    const b = api.compare(req('b1', path.join(tmp, 'b')));
    await tick();
    expect(docker.started).toEqual(['a1', 'b1']);
    docker.running.get('a1')?.release();
    docker.running.get('b1')?.release();
    expect(await a).toMatchObject({ ok: true });
    expect(await b).toMatchObject({ ok: true });
  });

  it('closing a project cancels its compare and removes its images, unless the user keeps them', async () => {
    const dir = path.join(tmp, 'proj');
    const run = api.compare(req('c1'));
    await tick();
    expect(await api.closeProject(dir)).toEqual({ ok: true, value: { removedImages: 2, keptImages: false } });
    expect(await run).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(docker.removed).toEqual([dir]);
    // Closed again with nothing built since: nothing to remove.
    expect(await api.closeProject(dir)).toEqual({ ok: true, value: { removedImages: 0, keptImages: false } });

    const kept = api.compare(req('c2'));
    await tick();
    docker.running.get('c2')?.release();
    await kept;
    expect(await api.setKeepImages(dir, true)).toEqual({
      ok: true,
      value: { compare: null, keepImages: true },
    });
    expect(await api.closeProject(dir)).toEqual({ ok: true, value: { removedImages: 0, keptImages: true } });
    expect(docker.removed).toEqual([dir]);
  });

  it('a host that exits stops every compare and removes the images of the projects not kept', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    const runA = api.compare(req('a1', a));
    const runB = api.compare(req('b1', b));
    await tick();
    docker.running.get('b1')?.release();
    await runB;
    await api.setKeepImages(b, true);
    await api.shutdown();
    expect(await runA).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(docker.removed).toEqual([a]);
  });

  it("the page's cancel reaches a compare by its id or a build id", async () => {
    const run = api.compare(req('c1'));
    await tick();
    expect(await api.cancel('c1:original')).toEqual({ ok: true, value: true });
    expect(await run).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });
});
