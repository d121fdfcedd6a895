import { describe, expect, it } from 'vitest';
import { optimize } from '../../../../shared/optimizer';
import { fixBullets, reportMarkdown } from './report-markdown';

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
