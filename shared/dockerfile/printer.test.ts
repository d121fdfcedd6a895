import { describe, expect, it } from 'vitest';
import { applyEdits, detectStyle, renderRun } from './printer';
import { parseDockerfile } from './parse';
import { splitCommands } from './shell';

describe('applyEdits', () => {
  it('leaves untouched lines byte-for-byte, CRLF and odd spacing included', () => {
    const text = 'FROM  debian:bookworm   \r\n\tRUN   echo "a  b"\r\n# note\r\nRUN echo c\r\n';
    const m = parseDockerfile(text);
    const out = applyEdits(m, [{ start: 3, end: 3, text: 'RUN echo d' }]);
    expect(out).toBe('FROM  debian:bookworm   \r\n\tRUN   echo "a  b"\r\n# note\r\nRUN echo d\r\n');
  });

  it('inserts and deletes', () => {
    const m = parseDockerfile('FROM a:1\nRUN x\nCMD ["y"]');
    expect(
      applyEdits(m, [
        { start: 1, end: 1, text: null },
        { start: 2, end: 1, text: 'USER app' },
      ]),
    ).toBe('FROM a:1\nUSER app\nCMD ["y"]');
  });
});

describe('style', () => {
  it('detects leading-&& layout, tab indent and lower-case keywords', () => {
    const m = parseDockerfile('from debian:bookworm\nrun apt-get update \\\n\t&& apt-get install -y curl\n');
    const s = detectStyle(m);
    expect(s).toMatchObject({ upper: false, indent: '\t', layout: 'leading' });
    expect(renderRun(s, splitCommands('a && b && c'))).toBe('run a \\\n\t&& b \\\n\t&& c');
  });

  it('defaults to trailing `&& \\` with four spaces', () => {
    const s = detectStyle(parseDockerfile('FROM x:1\nRUN a\n'));
    expect(renderRun(s, splitCommands('a && b'))).toBe('RUN a && \\\n    b');
  });
});

describe('splitCommands', () => {
  it('respects quotes, subshells and keeps || inside a segment', () => {
    expect(splitCommands(`echo "a && b" && (cd x && make) ; test -f y || exit 1`).map((s) => s.cmd)).toEqual([
      'echo "a && b"',
      '(cd x && make)',
      'test -f y || exit 1',
    ]);
  });
});
