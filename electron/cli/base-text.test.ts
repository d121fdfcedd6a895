import { describe, expect, it } from 'vitest';
import { SAMPLE_BASE_ROWS } from '../../renderer/src/features/base-candidates/sample-rows';
import { baseCandidatesText } from './base-text';

describe('baseCandidatesText', () => {
  it('prints one line per candidate with size, build time and verdict; the chosen one starred; failures with evidence', () => {
    const lines = baseCandidatesText(SAMPLE_BASE_ROWS);
    expect(lines[0]).toMatch(/^Base of the final stage/);
    expect(lines.find((l) => l.includes('base-debian12'))).toMatch(
      /^ {2}\* gcr\.io\/distroless\/base-debian12 +26\.3 MB +0\.9 s +pass \(4 checks\)$/,
    );
    expect(lines.find((l) => l.includes('bookworm-slim'))).toMatch(
      /^ {4}debian:bookworm-slim +80\.5 MB +— +pass \(4 checks\) +\(static choice; verified/,
    );
    const i = lines.findIndex((l) => l.includes('static-debian12'));
    expect(lines[i]).toMatch(/FAIL runtime-libraries$/);
    expect(lines[i + 1]).toContain('libc.so.6');
    expect(lines[i + 2]).toBe('      | libc.so.6 (needed by /app/server)');
  });
});
