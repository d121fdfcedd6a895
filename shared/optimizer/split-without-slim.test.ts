/**
 * A multi-stage split whose runtime stays on the full base saves nothing (the base carries the
 * toolchain, and the builder's copy comes on top): not applied, and WH010 says why instead of
 * claiming the toolchain's bytes as fixed.
 */
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../dockerfile/parse';
import { ctx, df } from '../test/helpers';
import { optimize } from './index';

const project = ctx(['requirements.txt', 'main.py']);

describe('WH010 when the runtime cannot leave the full image', () => {
  it('an ARG-named base with no slim variant Whittle can name: no split, WH010 advice with the reason', () => {
    const text = df(
      'ARG BASE=python:3.11',
      'FROM ${BASE}',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY . .',
      'CMD ["python", "main.py"]',
    );
    const out = optimize(text, project);
    expect(parseDockerfile(out.text).stages).toHaveLength(1);
    const wh010 = out.findings.find((f) => f.ruleId === 'WH010')!;
    expect(wh010.fixed).toBe(false);
    expect(wh010.risk).toMatch(/would stay on python:3\.11, a full image/);
    expect(out.fixes.some((f) => f.ruleId === 'WH010')).toBe(false);
  });

  it('a plain full base still splits onto slim, and with WH001 turned off the split stays as asked', () => {
    const text = df(
      'FROM python:3.11',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'COPY . .',
      'CMD ["python", "main.py"]',
    );
    const out = optimize(text, project);
    expect(out.text).toMatch(/^FROM python:3\.11-slim$/m);
    expect(out.findings.find((f) => f.ruleId === 'WH010')!.fixed).toBe(true);
    const noSlim = optimize(text, project, { disabled: ['WH001'] });
    expect(parseDockerfile(noSlim.text).stages).toHaveLength(2);
  });
});
