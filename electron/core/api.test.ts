import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BuildProgressEvent, WhittleApi } from '../../shared/api/contract';
import { WhittleFailure } from '../../shared/api/result';
import { createWhittleApi, unavailableDocker, type DockerPort } from './api';

let tmp: string;
let api: WhittleApi;
let port: DockerPort;

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'whittle-api-'));
  await fs.mkdir(path.join(tmp, 'examples', 'demo'), { recursive: true });
  await fs.writeFile(path.join(tmp, 'examples', 'demo', 'whittle.json'), '{"description":"A demo"}');
  await fs.mkdir(path.join(tmp, 'examples', 'not-an-example'));
  await fs.mkdir(path.join(tmp, 'proj'));
  await fs.writeFile(path.join(tmp, 'proj', 'Dockerfile'), 'FROM busybox\n');
  // The Docker port is a stand-in here: this test is about composition, not Docker.
  port = {
    ...unavailableDocker('no docker in unit tests'),
    build: async (req, onProgress) => {
      onProgress({ buildId: req.buildId, variant: req.variant, kind: 'step', step: 1, totalSteps: 1 });
      throw new WhittleFailure('BUILD_FAILED', 'step 1 failed', { step: 1 });
    },
  };
  api = createWhittleApi({
    userDataDir: path.join(tmp, 'user'),
    examplesDir: path.join(tmp, 'examples'),
    docker: port,
  });
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('createWhittleApi', () => {
  it('opens a project and remembers it in recent projects (most recent first, no duplicates)', async () => {
    const r = await api.openProject(path.join(tmp, 'proj'));
    expect(r.ok && r.value.dockerfiles.map((d) => d.name)).toEqual(['Dockerfile']);
    await api.openProject(tmp);
    await api.openProject(path.join(tmp, 'proj'));
    expect(await api.recentProjects()).toEqual({ ok: true, value: [path.join(tmp, 'proj'), tmp] });
    const stored = JSON.parse(await fs.readFile(path.join(tmp, 'user', 'recent-projects.json'), 'utf8'));
    expect(stored).toEqual([path.join(tmp, 'proj'), tmp]);
  });

  it("reads package.json's scripts and devDependency names into the context, and skips one that does not parse", async () => {
    const dir = path.join(tmp, 'proj');
    await fs.writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({
        scripts: { start: 'ts-node src/index.ts', bad: 1 },
        devDependencies: { 'ts-node': '^10' },
      }),
    );
    const r = await api.openProject(dir);
    expect(r.ok && r.value.context.packageJson).toEqual({
      scripts: { start: 'ts-node src/index.ts' },
      devDependencies: ['ts-node'],
    });
    await fs.writeFile(path.join(dir, 'package.json'), '{ "scripts": ');
    const broken = await api.openProject(dir);
    expect(broken.ok).toBe(true);
    expect(broken.ok && broken.value.context.packageJson).toBeUndefined();
  });

  it('reports a missing folder as a NOT_FOUND Result, not a throw', async () => {
    const r = await api.openProject(path.join(tmp, 'nope'));
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await api.recentProjects()).toEqual({ ok: true, value: [] });
  });

  it('skips a FIFO or device named like a Dockerfile instead of blocking on it', async () => {
    const dir = path.join(tmp, 'odd');
    await fs.mkdir(dir);
    execFileSync('mkfifo', [path.join(dir, 'Dockerfile')]);
    await fs.symlink('/dev/zero', path.join(dir, '.dockerignore'));
    await fs.symlink('/dev/zero', path.join(dir, 'app.Dockerfile'));
    const r = await api.openProject(dir);
    expect(r.ok && r.value.dockerfiles).toEqual([]);
  });

  it('cancelAll stops what is still running, for a host that shuts down', async () => {
    const cancelled: string[] = [];
    let release: (() => void) | undefined;
    const hosted = createWhittleApi({
      userDataDir: path.join(tmp, 'user'),
      examplesDir: path.join(tmp, 'examples'),
      docker: {
        ...port,
        build: () =>
          new Promise((_resolve, reject) => {
            release = () => reject(new WhittleFailure('CANCELLED', 'cancelled'));
          }),
        cancel: async (id) => {
          cancelled.push(id);
          release?.();
          return true;
        },
      },
    });
    const running = hosted.build({
      dir: tmp,
      dockerfileText: 'FROM busybox\n',
      variant: 'original',
      buildId: 'b1',
    });
    await hosted.cancelAll();
    expect(cancelled).toEqual(['b1']);
    expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    await hosted.cancelAll();
    expect(cancelled).toEqual(['b1']); // nothing left running
  });

  it('lists only folders with a whittle.json as examples', async () => {
    expect(await api.listExamples()).toEqual({
      ok: true,
      value: [{ name: 'demo', dir: path.join(tmp, 'examples', 'demo'), description: 'A demo' }],
    });
  });

  it('resolves pickFolder to null without a native picker', async () => {
    expect(await api.pickFolder()).toEqual({ ok: true, value: null });
  });

  it('forwards build progress to subscribers and turns failures into Results with details', async () => {
    const events: BuildProgressEvent[] = [];
    const off = api.onBuildProgress((e) => events.push(e));
    api.onBuildProgress(() => {
      throw new Error('a broken subscriber must not break the build');
    });
    const r = await api.build({ dir: tmp, dockerfileText: 'FROM x', variant: 'original', buildId: 'b1' });
    expect(r).toEqual({
      ok: false,
      error: { code: 'BUILD_FAILED', message: 'step 1 failed', details: { step: 1 } },
    });
    expect(events).toHaveLength(1);
    off();
    await api.build({ dir: tmp, dockerfileText: 'FROM x', variant: 'original', buildId: 'b2' });
    expect(events).toHaveLength(1);
  });

  it('saves files through the atomic writer (no overwrite without consent)', async () => {
    const target = path.join(tmp, 'proj', 'Dockerfile');
    const refused = await api.saveFile({ path: target, content: 'FROM scratch\n', overwrite: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'IO_ERROR', details: { exists: true } } });
    const saved = await api.saveFile({ path: target, content: 'FROM scratch\n', overwrite: true });
    expect(saved).toEqual({ ok: true, value: { path: target, backupPath: `${target}.bak` } });
  });

  it('answers dockerStatus as data when Docker is unavailable', async () => {
    const r = await api.dockerStatus();
    expect(r.ok && r.value.reachable).toBe(false);
    expect(
      await api.compare({ dir: tmp, originalText: '', optimizedText: '', compareId: 'c' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'DOCKER_UNREACHABLE' },
    });
  });
});
