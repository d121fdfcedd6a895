import { describe, expect, it } from 'vitest';
import { optimize } from '../../../../shared/optimizer';
import { fixBullets, reportMarkdown, verificationSection } from './report-markdown';

describe('report: applied fixes', () => {
  it('lists each rule once, with the lines it changed, however many places it fixed', () => {
    const text = [
      'FROM debian:bookworm-slim',
      'RUN echo a',
      'RUN echo b',
      'COPY x /x',
      'RUN echo c',
      'RUN echo d',
      'COPY y /y',
      'RUN echo e',
      'RUN echo f',
      'CMD ["true"]',
      '',
    ].join('\n');
    const result = optimize(text, { files: ['x', 'y'], dockerignore: '.git\n' }, { disabled: ['WH050'] });
    expect(result.fixes.filter((f) => f.ruleId === 'WH032').length).toBeGreaterThan(1);
    const bullets = fixBullets(result.fixes);
    expect(bullets.filter((b) => b.includes('WH032'))).toHaveLength(1);
    expect(bullets.find((b) => b.includes('WH032'))).toMatch(/\(lines 2, 3, 5, 6, 8, 9\)/);
    const md = reportMarkdown({
      projectName: 'p',
      dockerfileName: 'Dockerfile',
      result,
      optimizedText: result.text,
      compare: null,
    });
    expect(md.match(/^- \*\*WH032/gm)).toHaveLength(1);
  });
});

describe('report: verification', () => {
  it('shows every check, each held-back fix with its evidence, and estimated next to measured savings', () => {
    const res = (status: 'pass' | 'fail', summary: string) => ({
      id: 'starts-and-answers' as const,
      title: 'Starts and answers',
      status,
      summary,
      evidence: [],
    });
    const md = verificationSection({
      status: 'verified',
      checks: [
        {
          id: 'starts-and-answers',
          title: 'Starts and answers',
          original: res('pass', 'stayed up'),
          optimized: res('pass', 'The container stayed up.'),
          regression: false,
        },
      ],
      heldBack: [
        {
          ruleId: 'WH050',
          checkId: 'starts-and-answers',
          summary: 'The container exited with code 1.',
          evidence: ['nginx: [emerg] mkdir() "/var/lib/nginx/body" failed (13: Permission denied)'],
        },
      ],
      repairs: [],
      offeredText: 'FROM x\n',
      appliedRuleIds: ['WH022'],
      savings: [
        {
          ruleId: 'WH022',
          title: 'apt lists not removed',
          estimatedBytes: 20_000_000,
          measuredBytes: 19_500_000,
        },
        {
          ruleId: 'WH021',
          title: 'no recommends',
          estimatedBytes: null,
          measuredBytes: null,
          note: 'not measured',
        },
      ],
      rebuilds: 5,
      elapsedMs: 60_000,
      budgetMs: 600_000,
    }).join('\n');
    expect(md).toContain('| Starts and answers | pass | pass | The container stayed up. |');
    expect(md).toContain('- **WH050** broke *starts-and-answers*: The container exited with code 1.');
    expect(md).toContain('(13: Permission denied)');
    expect(md).toMatch(/\| WH022 apt lists not removed \| 20(\.0)? MB \| 19\.5 MB \|/);
    expect(md).toContain('| WH021 no recommends | — | — (not measured) |');
  });
});

describe('report: where each estimate comes from', () => {
  it('labels a catalog figure as such, and says why a finding claims nothing of its own', () => {
    const text = [
      'FROM python:3.9',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'COPY . .',
      'CMD ["python", "app.py"]',
      '',
    ].join('\n');
    const result = optimize(text, { files: ['requirements.txt', 'app.py'], dockerignore: '.git\n' });
    const md = reportMarkdown({
      projectName: 'p',
      dockerfileName: 'Dockerfile',
      result,
      optimizedText: result.text,
      compare: null,
    });
    expect(md).toMatch(/\| WH010 \|.*\| 875 MB \(catalog \(Docker Hub's images\)\) \|/);
    expect(md).toMatch(/\| WH023 \|.*\| — no saving of its own: the multi-stage split \(WH010\)/);
    expect(md).toMatch(/\*catalog \(Docker Hub's images\)\*: typical sizes of Docker Hub's official images/);
  });
});

describe('report: the honest total once the original is built', () => {
  it('is the findings’ sum against the built size, each byte counted once; none without a build', () => {
    const text = 'FROM debian:bookworm\nRUN apt-get update\nRUN apt-get install -y curl\nCMD ["curl"]\n';
    const result = optimize(text, { files: [], dockerignore: '.git\n' });
    const args = { projectName: 'p', dockerfileName: 'Dockerfile', result, optimizedText: result.text };
    expect(reportMarkdown({ ...args, compare: null })).not.toMatch(/^Estimated savings:/m);
    const img = (sizeBytes: number) => ({ sizeBytes, layers: [], tag: 't', imageId: 'sha256:x' });
    const compare = {
      original: img(120_000_000),
      optimized: img(80_000_000),
      reductionBytes: 40_000_000,
      reductionPercent: 33.3,
      smokeTest: { passed: true, outcome: 'stayed-up', exitCode: null, logs: [], durationMs: 1 },
      configDifferences: [],
    };
    const md = reportMarkdown({ ...args, compare: compare as never });
    expect(md).toMatch(/^Estimated savings: ~\S+ MB of the original's 120 MB, each byte counted once/m);
  });
});
