import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WhittleFailure } from '../../shared/api/result';
import { saveFile } from './save-file';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'whittle-save-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const leftovers = async () => (await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'));

describe('saveFile', () => {
  it('writes a new file without a backup', async () => {
    const target = path.join(dir, 'Dockerfile.whittle');
    const r = await saveFile({ path: target, content: 'FROM scratch\n', overwrite: false });
    expect(r).toEqual({ path: target, backupPath: null });
    expect(await fs.readFile(target, 'utf8')).toBe('FROM scratch\n');
    expect(await leftovers()).toEqual([]);
  });

  it('refuses to overwrite without overwrite: true and leaves the file alone', async () => {
    const target = path.join(dir, 'Dockerfile');
    await fs.writeFile(target, 'original');
    const err = await saveFile({ path: target, content: 'new', overwrite: false }).catch((e) => e);
    expect(err).toBeInstanceOf(WhittleFailure);
    expect(err.code).toBe('IO_ERROR');
    expect(err.details).toEqual({ exists: true });
    expect(await fs.readFile(target, 'utf8')).toBe('original');
    expect(await leftovers()).toEqual([]);
  });

  it('keeps <path>.bak before overwriting', async () => {
    const target = path.join(dir, 'Dockerfile');
    await fs.writeFile(target, 'original');
    const r = await saveFile({ path: target, content: 'optimized', overwrite: true });
    expect(r.backupPath).toBe(`${target}.bak`);
    expect(await fs.readFile(target, 'utf8')).toBe('optimized');
    expect(await fs.readFile(`${target}.bak`, 'utf8')).toBe('original');
    expect(await leftovers()).toEqual([]);
  });

  it('reports a missing folder as NOT_FOUND and cleans up', async () => {
    const err = await saveFile({ path: path.join(dir, 'nope', 'x'), content: 'x', overwrite: false }).catch(
      (e) => e,
    );
    expect(err.code).toBe('NOT_FOUND');
  });

  it('never leaves a partial target: concurrent writers each see the whole content', async () => {
    const target = path.join(dir, 'Dockerfile');
    await fs.writeFile(target, 'v0');
    const big = (n: number) => `# ${n}\n${'RUN true\n'.repeat(20_000)}`;
    await Promise.all([1, 2, 3].map((n) => saveFile({ path: target, content: big(n), overwrite: true })));
    const final = await fs.readFile(target, 'utf8');
    expect([1, 2, 3].map(big)).toContain(final);
    expect(await leftovers()).toEqual([]);
  });
  it('never backs up over the original: later saves go to .bak.2, the same content writes nothing', async () => {
    const target = path.join(dir, 'Dockerfile');
    await fs.writeFile(target, 'original');
    await saveFile({ path: target, content: 'v1', overwrite: true });
    const again = await saveFile({ path: target, content: 'v1', overwrite: true });
    expect(again.backupPath).toBeNull();
    const r = await saveFile({ path: target, content: 'v2', overwrite: true });
    expect(r.backupPath).toBe(`${target}.bak.2`);
    expect(await fs.readFile(`${target}.bak`, 'utf8')).toBe('original');
    expect(await fs.readFile(`${target}.bak.2`, 'utf8')).toBe('v1');
    expect(await fs.readFile(target, 'utf8')).toBe('v2');
  });

  it('keeps a symlink a symlink and the file its mode', async () => {
    const real = path.join(dir, 'real.Dockerfile');
    const link = path.join(dir, 'Dockerfile');
    await fs.writeFile(real, 'original', { mode: 0o600 });
    await fs.symlink(real, link);
    await saveFile({ path: link, content: 'new', overwrite: true });
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
    expect(await fs.readFile(real, 'utf8')).toBe('new');
    expect((await fs.stat(real)).mode & 0o777).toBe(0o600);
  });
});
