import { describe, expect, it } from 'vitest';
import { hasTopLevelOr } from '../dockerfile/shell';
import { optimize } from '../optimizer/index';
import { ctx, df, onlyFix } from '../test/helpers';

/** The tester's input (D6): the last RUN ends in `|| true`. */
const OR_TRUE = df(
  'FROM debian:bullseye',
  'RUN apt-get update && apt-get install -y nginx',
  'RUN apt-get install -y curl && curl -fsS "http://example.com/" -o /dev/null || true',
  'CMD ["nginx", "-g", "daemon off;"]',
);

/** Every RUN line of a Dockerfile text. */
const runLines = (text: string): string[] =>
  flat(text)
    .split('\n')
    .filter((l) => l.startsWith('RUN '));

/** The text with line continuations joined (`a && \\\n    b` → `a && b`). */
const flat = (text: string): string => text.replace(/\s*\\\n\s*/g, ' ');

describe('hasTopLevelOr', () => {
  it('sees `||` only at the top level', () => {
    expect(hasTopLevelOr('a && b || true')).toBe(true);
    expect(hasTopLevelOr('a || b')).toBe(true);
    expect(hasTopLevelOr('echo "a || b"')).toBe(false);
    expect(hasTopLevelOr("echo 'x||y'")).toBe(false);
    expect(hasTopLevelOr('(a || b) && c')).toBe(false);
    expect(hasTopLevelOr('{ a || b; } && c')).toBe(false);
    expect(hasTopLevelOr('x=$(a || b) && c')).toBe(false);
    expect(hasTopLevelOr('a | b && c # or || not')).toBe(false);
  });
});

describe('no rewrite lets an `||` swallow a failure put in front of it (D6)', () => {
  it('WH032 never merges a RUN with a top-level `||` after another RUN', () => {
    const out = optimize(OR_TRUE, ctx()).text;
    const runs = runLines(out);
    // The nginx install and the `|| true` RUN stay two RUNs; no `|| true` follows the nginx install.
    expect(runs).toHaveLength(2);
    expect(runs[0]).toContain('nginx');
    expect(runs[0]).not.toContain('|| true');
    expect(runs[1]).toContain('|| true');
  });

  it('WH032 never merges a RUN with a top-level `||` before another RUN either', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN mkdir -p /a || true',
      'RUN mkdir -p /b',
      'RUN mkdir -p /c',
      'CMD ["true"]',
    );
    const runs = runLines(onlyFix('WH032', text));
    expect(runs).toEqual(['RUN mkdir -p /a || true', expect.stringContaining('/b')]);
    expect(runs[1]).toContain('/c');
  });

  it('WH032 still merges when the `||` is inside quotes or a group, and holds back a later `;` list', () => {
    const grouped = df(
      'FROM debian:bookworm-slim',
      'RUN mkdir -p /a',
      'RUN (test -d /b || mkdir /b) && echo "x || y"',
      'CMD ["true"]',
    );
    expect(runLines(onlyFix('WH032', grouped))).toHaveLength(1);
    const semi = df('FROM debian:bookworm-slim', 'RUN mkdir -p /a', 'RUN false; echo ok', 'CMD ["true"]');
    expect(runLines(onlyFix('WH032', semi))).toHaveLength(2);
  });

  it('WH020 does not put `apt-get update &&` in front of an install ending in `|| true`', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update',
      'RUN apt-get install -y curl || true',
      'CMD ["curl"]',
    );
    const res = optimize(text, ctx());
    expect(res.text).not.toMatch(/apt-get update && apt-get install -y curl \|\| true/);
    const f = res.findings.find((x) => x.ruleId === 'WH020');
    expect(f?.fixed).toBe(false);
    expect(f?.risk).toMatch(/\|\|/);
    // With `;` the same: `update && a; b` ignores a failed update.
    const semi = df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update',
      'RUN apt-get install -y curl; echo done',
      'CMD ["curl"]',
    );
    expect(optimize(semi, ctx()).text).not.toContain('apt-get update && apt-get install -y curl; echo done');
  });

  it('WH022 still appends the cleanup after an `||` list: `(a || b) && rm` keeps the meaning', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y curl || true',
      'CMD ["curl"]',
    );
    expect(flat(onlyFix('WH022', text))).toContain('|| true && rm -rf /var/lib/apt/lists/*');
  });

  it('WH022 claims one apt lists directory once, not once per installing RUN', () => {
    const res = optimize(OR_TRUE, ctx());
    const claimed = res.findings
      .filter((f) => f.ruleId === 'WH022')
      .reduce((sum, f) => sum + (f.estimatedBytes ?? 0), 0);
    expect(claimed).toBe(20_000_000);
    const merged = df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y nginx',
      'RUN apt-get install -y curl',
      'CMD ["nginx"]',
    );
    const claimed2 = optimize(merged, ctx())
      .findings.filter((f) => f.ruleId === 'WH022')
      .reduce((sum, f) => sum + (f.estimatedBytes ?? 0), 0);
    expect(claimed2).toBe(20_000_000);
  });
});
