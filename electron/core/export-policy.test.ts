import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDefaultApi } from './api';
import { isExportName } from './export-policy';

describe('export policy', () => {
  it('names: Dockerfiles, ignore files and reports only', () => {
    for (const ok of [
      'Dockerfile',
      'Dockerfile.whittle',
      'Dockerfile.prod',
      'api.Dockerfile',
      'Containerfile',
      '.dockerignore',
      '.dockerignore.whittle',
      'api.Dockerfile.dockerignore',
      'whittle-report.md',
      'compare.json',
    ])
      expect(isExportName(ok), ok).toBe(true);
    for (const bad of ['pwned.sh', '.bashrc', 'authorized_keys', 'x.py', 'Dockerfile.sh/evil', '.profile'])
      expect(isExportName(bad), bad).toBe(false);
  });

  const dir = mkdtempSync(path.join(os.tmpdir(), 'whittle-export-'));
  const outside = mkdtempSync(path.join(os.tmpdir(), 'whittle-outside-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  const api = createDefaultApi({ userDataDir: path.join(dir, '.state'), examplesDir: dir });

  it('the API refuses other names, folders and links that lead out of their folder', async () => {
    const script = await api.saveFile({ path: path.join(dir, 'pwned.sh'), content: 'x', overwrite: false });
    expect(script).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });

    mkdirSync(path.join(dir, 'Dockerfile.d'));
    const folder = await api.saveFile({
      path: path.join(dir, 'Dockerfile.d'),
      content: 'x',
      overwrite: true,
    });
    expect(folder).toMatchObject({ ok: false, error: { message: expect.stringMatching(/is a folder/) } });

    writeFileSync(path.join(outside, 'victim'), 'keep me');
    symlinkSync(path.join(outside, 'victim'), path.join(dir, 'Dockerfile.whittle'));
    const link = await api.saveFile({
      path: path.join(dir, 'Dockerfile.whittle'),
      content: 'x',
      overwrite: true,
    });
    expect(link).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/outside its folder/) },
    });
    expect(readFileSync(path.join(outside, 'victim'), 'utf8')).toBe('keep me');
  });

  it('the API still writes exports, and through a link to a file beside it', async () => {
    writeFileSync(path.join(dir, 'Dockerfile.real'), 'FROM a\n');
    symlinkSync(path.join(dir, 'Dockerfile.real'), path.join(dir, 'Dockerfile'));
    const r = await api.saveFile({
      path: path.join(dir, 'Dockerfile'),
      content: 'FROM b\n',
      overwrite: true,
    });
    expect(r.ok).toBe(true);
    expect(readFileSync(path.join(dir, 'Dockerfile.real'), 'utf8')).toBe('FROM b\n');
    const report = await api.saveFile({
      path: path.join(dir, 'whittle-report.md'),
      content: '# r\n',
      overwrite: false,
    });
    expect(report.ok).toBe(true);
  });
});
