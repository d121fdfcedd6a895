/**
 * WH005: a `# …` after the arguments of an instruction that does not run a shell. In a
 * Dockerfile `#` starts a comment only at the beginning of a line; after `FROM img`, `COPY a b`,
 * `ENV`, `EXPOSE`, `WORKDIR`… the `#` and the words after it are arguments. What Docker then
 * does, per keyword, was checked on the engine (Docker Engine 20.10.24, classic builder and
 * BuildKit gave the same result for every form):
 * - build fails: FROM ("requires either one or three arguments"), COPY/ADD (`#` is read as a
 *   source), ENV/LABEL in `k=v` form ("can't find = in \"#\""), EXPOSE ("Invalid containerPort: #"),
 *   STOPSIGNAL ("Invalid signal"), HEALTHCHECK NONE ("takes no arguments");
 * - silently wrong: `ENV K V # c` (the value is `V # c`), WORKDIR (the path ends in `# c`), USER
 *   (no passwd entry matches `app # c`: the container does not start), VOLUME (`#` and `c`
 *   become volumes);
 * - harmless (info): ARG (declares `#` and the words as more build args), MAINTAINER, and text
 *   after an exec-form JSON array, which Docker's parser ignores (`CMD ["app"] # c` runs `app`).
 * Shell forms (RUN, CMD, ENTRYPOINT, `HEALTHCHECK CMD`) are left alone: their shell reads the
 * `#` as a comment. No automatic fix: moving the text changes what the build does.
 */
import type { Instruction } from '../dockerfile/model';
import { jsonArray } from '../dockerfile/parse';
import type { RawFinding, Rule } from './rule';
import type { Severity } from './types';

/** Where an unquoted word starting with `#` sits in the instruction's arguments: 0-based line and column. */
function hashWord(
  ins: Instruction,
  lines: string[],
  skipWords: number,
): { line: number; col: number } | null {
  const last = ins.heredoc ? ins.startLine + ins.heredocs[0]!.line : ins.endLine;
  let quote: string | null = null;
  let words = -1; // the keyword is word 0
  for (let ln = ins.startLine; ln <= last; ln++) {
    const text = lines[ln] ?? '';
    // A line inside a continuation that starts with `#` is a real comment line: Docker drops it.
    if (ln > ins.startLine && /^\s*#/.test(text)) continue;
    let inWord = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (quote) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) quote = null;
        continue;
      }
      if (c === ' ' || c === '\t') {
        inWord = false;
        continue;
      }
      if (!inWord) {
        inWord = true;
        words++;
        if (c === '#' && words > skipWords) return { line: ln, col: i };
      }
      if (c === '\\') i++;
      else if (c === '"' || c === "'") quote = c;
    }
  }
  return null;
}

const BUILD_FAILS: Record<string, string> = {
  FROM: 'the build fails ("FROM requires either one or three arguments")',
  COPY: '`#` and the words after it are read as more sources and the destination, so the build fails unless files by those names exist',
  ADD: '`#` and the words after it are read as more sources and the destination, so the build fails unless files by those names exist',
  LABEL: 'the build fails ("can\'t find = in \\"#\\"")',
  EXPOSE: 'the build fails ("Invalid containerPort: #")',
  STOPSIGNAL: 'the build fails ("Invalid signal")',
  HEALTHCHECK: 'the build fails ("HEALTHCHECK NONE takes no arguments")',
  SHELL: 'the build fails (SHELL takes only the JSON form)',
};

/** What Docker does with the text, and how bad it is. */
function consequence(keyword: string, args: string): { what: string; severity: Severity } {
  const words = args.split(/\s+/).filter(Boolean);
  switch (keyword) {
    case 'ENV':
      return words[0]?.includes('=')
        ? { what: 'the build fails ("can\'t find = in \\"#\\"")', severity: 'error' }
        : { what: `${words[0]} is set to "${words.slice(1).join(' ')}"`, severity: 'error' };
    case 'WORKDIR':
      return { what: `the working directory becomes "${args}"`, severity: 'error' };
    case 'USER':
      return {
        what: `the user becomes "${args}", which no passwd entry matches, so the container does not start`,
        severity: 'error',
      };
    case 'VOLUME':
      return { what: '`#` and the words after it become volumes too', severity: 'error' };
    case 'ARG':
      return { what: '`#` and the words after it are declared as build arguments too', severity: 'info' };
    case 'MAINTAINER':
      return { what: `the author becomes "${args}"`, severity: 'info' };
    default:
      return { what: BUILD_FAILS[keyword] ?? 'Docker reads it as arguments', severity: 'error' };
  }
}

/** Instructions whose shell form runs in a shell (where a `#` word starts a comment). */
const SHELL_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

function check(ins: Instruction, lines: string[]): RawFinding | null {
  let keyword = ins.keyword;
  let args = ins.args;
  let skip = 0;
  if (keyword === 'ONBUILD') {
    keyword = (args.split(/\s+/)[0] ?? '').toUpperCase();
    args = args.replace(/^\S+\s*/, '');
    skip = 1;
  }
  if (keyword === 'HEALTHCHECK' && !/^NONE\b/i.test(args)) {
    // `HEALTHCHECK [--opts] CMD …`: the command is a shell form (CMD-SHELL) or JSON.
    keyword = 'CMD';
    skip += args.split(/\s+/).findIndex((w) => w.toUpperCase() === 'CMD') + 1;
    args = args.replace(/^(--\S+\s+)*CMD\s+/i, '');
  }
  const json = args.startsWith('[') ? jsonArray(args) : null;
  if (json) {
    if (!json.rest) return null;
    const spot = restAt(ins, lines, json.rest);
    return {
      message: `Docker ignores "${json.rest}" after the JSON array: the instruction works, but the text is dropped, not read as a comment (in a Dockerfile \`#\` starts a comment only at the beginning of a line).`,
      startLine: spot.line,
      endLine: spot.line,
      ...(spot.col >= 0 ? { column: spot.col + 1 } : {}),
      severity: 'info',
    };
  }
  if (SHELL_FORM.has(keyword)) return null;
  const at = hashWord(ins, lines, skip + ins.flags.length);
  if (!at) return null;
  const { what, severity } = consequence(keyword, args);
  const trigger =
    ins.keyword === 'ONBUILD' ? ' (in every image built FROM this one: it is an ONBUILD trigger)' : '';
  return {
    message: `"${(lines[at.line] ?? '').slice(at.col).trim()}" is not a comment: in a Dockerfile \`#\` starts a comment only at the beginning of a line, so Docker reads it as arguments of ${keyword}: ${what}${trigger}. Put the comment on a line of its own.`,
    // The line that holds the \`#\` (a continuation line when it sits there), and its column.
    startLine: at.line,
    endLine: at.line,
    column: at.col + 1,
    severity,
  };
}

/** The last source line of the instruction holding the ignored text, and its column (-1 when not found). */
function restAt(ins: Instruction, lines: string[], rest: string): { line: number; col: number } {
  const head = rest.split(/\s+/)[0] ?? rest;
  for (let ln = ins.endLine; ln >= ins.startLine; ln--) {
    const col = (lines[ln] ?? '').lastIndexOf(head);
    if (col >= 0) return { line: ln, col };
  }
  return { line: ins.startLine, col: -1 };
}

export const misplacedComment: Rule = {
  meta: {
    id: 'WH005',
    name: 'misplaced-comment',
    title: 'A `#` after an instruction is not a comment',
    why: 'A Dockerfile comment is a line that starts with `#`. After FROM, COPY, ENV, EXPOSE, WORKDIR, USER and the other instructions that do not run a shell, `# …` is more arguments: the build fails (FROM, COPY, EXPOSE, `ENV k=v`, LABEL) or takes the text as part of a value (`ENV K V`, WORKDIR, USER, VOLUME). Only RUN, CMD and ENTRYPOINT in shell form pass it to a shell that reads it as a comment. Put the comment on a line of its own.',
    severity: 'error',
    category: 'correctness',
    fixable: false,
  },
  check(ctx) {
    return ctx.model.instructions.map((i) => check(i, ctx.model.lines)).filter((f) => f !== null);
  },
};
