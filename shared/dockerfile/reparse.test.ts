/**
 * `reparseEdited` must give exactly what a full parse of the edited text gives — the same model,
 * or the same error — for any edits, including ones that cut into instructions, leave a line
 * continuation or a heredoc open, add stages, or break the file.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeout } from '../test/fuzz';
import { parseDockerfile } from './parse';
import { applyEdits, type Edit } from './printer';
import { reparseEdited, reusesParse } from './reparse';

const LINES = [
  'FROM python:3.11-slim AS build',
  'FROM debian:bookworm',
  'ARG VERSION=1',
  'RUN apt-get update && \\',
  '    apt-get install -y gcc',
  'RUN <<EOF',
  'echo inside a heredoc',
  'EOF',
  'RUN echo one',
  'RUN mkdir -p /data # scratch space',
  'RUN apt-get install -y curl # pinned \\',
  '    # a comment line inside a continuation',
  '    && echo "#" a#b',
  'RUN <<-EOT bash',
  '\techo tabbed # a comment in a heredoc',
  '\tEOT',
  "COPY <<'EOF' /etc/app.conf",
  'RUN <<EOF python3',
  'print("#")',
  'RUN --mount=type=cache,target=/root/.cache <<EOF',
  'RUN cat <<A <<"B" # two heredocs',
  'A',
  'B',
  'RUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt',
  'COPY --chown=app:app . /app',
  'COPY --from=build /out /app',
  '# a comment',
  '# whittle ignore=WH030',
  '',
  '   ',
  'ENV A=1 B=2',
  'CMD ["app", "--serve"]',
  'USER app',
  'WORKDIR /app',
  'FROBNICATE now',
  'EXPOSE',
];

const fileArb = fc
  .tuple(
    fc.constantFrom('# syntax=docker/dockerfile:1', '# top comment', ''),
    fc.array(fc.constantFrom(...LINES), { maxLength: 16 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .map(
    ([head, body, eol, final]) =>
      [...(head ? [head] : []), 'FROM busybox', ...body].join(eol) + (final ? eol : ''),
  );

const editTextArb = fc.option(
  fc
    .array(fc.constantFrom(...LINES, 'RUN unfinished \\', 'RUN <<END', 'END', '# escape=`'), {
      minLength: 0,
      maxLength: 4,
    })
    .map((l) => l.join('\n')),
  { nil: null, freq: 4 },
);

/** Non-overlapping edits over a file of `n` lines, in any order. */
const editsArb = (n: number): fc.Arbitrary<Edit[]> =>
  fc.array(fc.tuple(fc.nat(n), fc.nat(3), editTextArb), { maxLength: 4 }).map((raw) => {
    const edits: Edit[] = [];
    let next = 0;
    for (const [at, len, text] of raw.sort((a, b) => a[0] - b[0])) {
      const start = Math.max(at, next);
      if (start > n) break;
      const end = Math.min(start + len - 1, n - 1);
      edits.push({ start, end, text: end < start && text === null ? '' : text });
      next = end + 1;
    }
    return edits.reverse();
  });

/** 300 runs take about a second (a 60 s timeout leaves a wide margin); `npm run fuzz` runs many more. */
const RUNS = 300;

const parseLines = (text: string): number => text.split(/\r?\n/).length - (/\n$/.test(text) ? 1 : 0);

const outcome = (f: () => unknown) => {
  try {
    return { model: f() };
  } catch (e) {
    return { error: String(e) };
  }
};

describe('reparseEdited', () => {
  it(
    'equals a full parse of the edited text, model or error, for any edits',
    () => {
      let reused = 0;
      fc.assert(
        fc.property(
          fileArb.chain((text) => fc.tuple(fc.constant(text), editsArb(parseLines(text)))),
          ([text, edits]) => {
            const m = outcome(() => parseDockerfile(text));
            fc.pre('model' in m);
            const model = m.model as ReturnType<typeof parseDockerfile>;
            if (reusesParse(model, edits)) reused++;
            expect(outcome(() => reparseEdited(model, edits))).toEqual(
              outcome(() => parseDockerfile(applyEdits(model, edits))),
            );
          },
        ),
        fuzzParams(RUNS, 20261129),
      );
      // Most random edits fall on whole instructions, so the partial path is what was tested.
      expect(reused).toBeGreaterThan(fuzzParams(RUNS, 0).numRuns / 4);
    },
    fuzzTimeout(60_000, RUNS),
  );

  it('keeps untouched instructions and re-parses only the edit', () => {
    const m = parseDockerfile('FROM busybox\nRUN echo a\n# note\nRUN echo b\nCMD ["sh"]\n');
    const next = reparseEdited(m, [{ start: 1, end: 1, text: 'RUN echo a && \\\n    echo c' }]);
    expect(next.text).toBe('FROM busybox\nRUN echo a && \\\n    echo c\n# note\nRUN echo b\nCMD ["sh"]\n');
    expect(next.instructions.map((i) => [i.keyword, i.startLine, i.endLine])).toEqual([
      ['FROM', 0, 0],
      ['RUN', 1, 2],
      ['RUN', 4, 4],
      ['CMD', 5, 5],
    ]);
    expect(next.comments).toEqual([{ line: 3, text: 'note' }]);
    expect(next.instructions[0]).toBe(m.instructions[0]);
  });

  it('falls back to a full parse when an edit leaves a continuation open', () => {
    const m = parseDockerfile('FROM busybox\nRUN echo a\nRUN echo b\n');
    const edits = [{ start: 1, end: 1, text: 'RUN echo a \\' }];
    expect(reusesParse(m, edits)).toBe(true);
    const next = reparseEdited(m, edits);
    expect(next.instructions.map((i) => i.args)).toEqual(['busybox', 'echo a RUN echo b']);
  });
});
