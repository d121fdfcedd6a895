import { describe, expect, it } from 'vitest';
import { baseCandidatesSection } from './base-markdown';
import { SAMPLE_BASE_ROWS } from './sample-rows';

describe('baseCandidatesSection', () => {
  it('tables every candidate with size, build time and checks, the chosen one in bold, with evidence', () => {
    const md = baseCandidatesSection(SAMPLE_BASE_ROWS).join('\n');
    expect(md).toContain('### Base image chosen by measurement');
    expect(md).toContain('| **gcr.io/distroless/base-debian12** (chosen) | 26.3 MB | 0.9 s | pass (4) |');
    expect(md).toContain(
      '| gcr.io/distroless/static-debian12 | 8.05 MB | 0.9 s | fail: runtime-libraries — 1 library the original has is missing: libc.so.6. |',
    );
    expect(md).toContain('| python:3.9-alpine | — | — | not run | not on the daemon;');
    expect(md).toMatch(
      /static-debian12 failed \*runtime-libraries\*:\n\n {2}```\n {2}libc\.so\.6 \(needed by \/app\/server\)/,
    );
  });
  it('is empty when no candidate was tried', () => {
    expect(baseCandidatesSection([])).toEqual([]);
  });
});
