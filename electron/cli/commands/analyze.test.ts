/** `whittle analyze` text: each estimate says its source, and the total is the honest one. */
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../shared/dockerfile/parse';
import { optimize } from '../../../shared/optimizer/index';
import { savingsSummary } from '../../../shared/optimizer/savings-summary';
import { ctx, df } from '../../../shared/test/helpers';
import { findingsTable } from './analyze';

const PY = df(
  'FROM python:3.9',
  'WORKDIR /app',
  'COPY requirements.txt .',
  'RUN pip install -r requirements.txt',
  'COPY . .',
  'CMD ["python", "app.py"]',
);
const project = ctx(['requirements.txt', 'app.py']);

describe('analyze text', () => {
  it('without daemon facts, the base-swap figure is labelled a catalog estimate of Docker Hub images', () => {
    const { findings } = optimize(PY, project);
    const text = findingsTable(findings, savingsSummary(parseDockerfile(PY), findings));
    expect(text).toMatch(/WH010\s+auto-fix\s+~875 MB \(catalog \(Docker Hub's images\)\)/);
    expect(text).toMatch(
      /^Estimated savings: ~875 MB of the original's ~1 GB \(estimated\), each byte counted once/m,
    );
    expect(text).toMatch(/catalog \(Docker Hub's images\): typical sizes of Docker Hub's official images/);
  });

  it('with daemon sizes, the figure and the total are the daemon ones', () => {
    const withD = {
      ...project,
      baseImages: { 'python:3.9': { sizeBytes: 877_001_299 }, 'python:3.9-slim': { sizeBytes: 125_961_372 } },
    };
    const { findings } = optimize(PY, withD);
    const s = savingsSummary(parseDockerfile(PY), findings, withD.baseImages);
    expect(s.totalBytes).toBe(751_039_927);
    expect(s.bySource).toEqual({ daemon: 751_039_927 });
    const text = findingsTable(findings, s);
    expect(text).toMatch(/~751 MB \(daemon's image sizes\)/);
    expect(text).not.toMatch(/catalog/);
    // The pip cache the split leaves in the builder is not added on top.
    expect(text).not.toMatch(/WH023.*~\d/);
  });

  it('the total never exceeds the built original', () => {
    const { findings } = optimize(PY, project);
    const s = savingsSummary(parseDockerfile(PY), findings, undefined, 500_000_000);
    expect(s.totalBytes).toBeLessThanOrEqual(500_000_000);
    expect(s.of).toBe('built');
  });
});
