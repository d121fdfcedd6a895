/** withDaemonFacts: daemon facts when it answers in time, the catalog otherwise, never a failure or a long wait. */
import { describe, expect, it } from 'vitest';
import { optimize } from '../../shared/optimizer/index';
import { describeFacts, withDaemonFacts } from './daemon-base-facts';

const ctx = { files: ['requirements.txt'], dockerignore: '.git\n' };
const text = 'FROM python:3.9\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n';

describe('withDaemonFacts', () => {
  it('fills baseImages from the daemon and says so', async () => {
    const r = await withDaemonFacts(ctx, text, {
      collect: async () => ({ 'python:3.9': { pipVersion: '23.0.1' } }),
    });
    expect(r.facts).toEqual({ source: 'daemon', images: ['python:3.9'] });
    expect(r.context.baseImages).toEqual({ 'python:3.9': { pipVersion: '23.0.1' } });
    expect(describeFacts(r.facts)).toMatch(/Docker daemon's copy of python:3\.9/);
  });

  it('facts already in the context win', async () => {
    const r = await withDaemonFacts({ ...ctx, baseImages: { 'python:3.9': { pipVersion: '21.0' } } }, text, {
      collect: async () => ({ 'python:3.9': { pipVersion: '23.0.1' } }),
    });
    expect(r.context.baseImages!['python:3.9']!.pipVersion).toBe('21.0');
  });

  it('falls back to the catalog quietly when the daemon fails or has none of the images', async () => {
    for (const collect of [async () => Promise.reject(new Error('ECONNREFUSED')), async () => ({})]) {
      const r = await withDaemonFacts(ctx, text, { collect });
      expect(r.facts.source).toBe('catalog');
      expect(r.context).toBe(ctx);
      expect(describeFacts(r.facts)).toMatch(/offline catalog/);
    }
  });

  it('a daemon that does not answer costs the time box, not more', async () => {
    const t0 = Date.now();
    const r = await withDaemonFacts(ctx, text, {
      budgetMs: 200,
      collect: () => new Promise(() => undefined),
    });
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(r.facts.source).toBe('catalog');
  });

  it('the facts reach the recipes (the venv recipe reads the daemon pip)', async () => {
    const old = await withDaemonFacts(ctx, text, {
      collect: async () => ({ 'python:3.9': { pipVersion: '20.1' } }),
    });
    expect(optimize(text, old.context).text).not.toContain('PIP_PYTHON');
  });
});
