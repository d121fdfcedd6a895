/**
 * The printer: applies line-range edits to the source, so every untouched line stays
 * byte-for-byte as written, and renders new instructions in the file's own style
 * (keyword case, continuation indent, `&& \` at line end or `&&` leading the next line).
 */
import type { DockerfileModel, Instruction } from './model';
import { type ShellSegment } from './shell';

export interface Style {
  upper: boolean;
  indent: string;
  /** `trailing`: `a && \` / `    b`;  `leading`: `a \` / `    && b`. */
  layout: 'trailing' | 'leading';
  eol: string;
  escape: string;
}

/** Reads the file's own style off its multi-line instructions (defaults: upper case, 4 spaces, trailing). */
export function detectStyle(m: DockerfileModel): Style {
  let trailing = 0;
  let leading = 0;
  let indent: string | null = null;
  let upper = 0;
  let lower = 0;
  for (const ins of m.instructions) {
    if (ins.keywordRaw === ins.keyword) upper++;
    else lower++;
    if (ins.endLine === ins.startLine || ins.heredoc) continue;
    const ls = ins.raw.split(/\r?\n/);
    for (let i = 0; i < ls.length; i++) {
      const l = ls[i]!;
      if (/&&\s*\\\s*$/.test(l)) trailing++;
      if (i > 0 && /^\s*&&/.test(l)) leading++;
      if (i > 0 && indent === null) {
        const ws = /^(\s+)\S/.exec(l);
        if (ws) indent = ws[1]!;
      }
    }
  }
  return {
    upper: upper >= lower,
    indent: indent ?? '    ',
    layout: leading > trailing ? 'leading' : 'trailing',
    eol: m.eol,
    escape: m.escape,
  };
}

/** Keyword in the file's case. */
export const kw = (style: Style, keyword: string): string => (style.upper ? keyword : keyword.toLowerCase());

function flagText(flags: { name: string; value: string | null }[]): string {
  return flags.map((f) => (f.value === null ? `--${f.name} ` : `--${f.name}=${f.value} `)).join('');
}

/** Renders a RUN from shell segments; one segment per line when there are several. */
export function renderRun(
  style: Style,
  segments: ShellSegment[],
  flags: { name: string; value: string | null }[] = [],
): string {
  const head = `${kw(style, 'RUN')} ${flagText(flags)}`;
  if (segments.length === 1) return head + segments[0]!.cmd;
  const esc = style.escape;
  const lines: string[] = [];
  segments.forEach((s, i) => {
    const prevSep = i > 0 ? segments[i - 1]!.sep : '';
    const last = i === segments.length - 1;
    if (style.layout === 'trailing') {
      const body = last ? s.cmd : `${s.cmd} ${s.sep} ${esc}`;
      lines.push(i === 0 ? head + body : style.indent + body);
    } else {
      const body = i === 0 ? head + s.cmd : `${style.indent}${prevSep} ${s.cmd}`;
      lines.push(last ? body : `${body} ${esc}`);
    }
  });
  return lines.join(style.eol);
}

/** Renders a simple one-line instruction. */
export const renderLine = (style: Style, keyword: string, args: string): string =>
  `${kw(style, keyword)} ${args}`;

/** Re-renders an instruction with changed flags but its own arguments text. */
export function withFlags(
  style: Style,
  ins: Instruction,
  flags: { name: string; value: string | null }[],
): string {
  const firstLine = ins.raw.split(/\r?\n/)[0]!;
  const afterKeyword = firstLine.slice(firstLine.toUpperCase().indexOf(ins.keyword) + ins.keyword.length);
  const withoutFlags = afterKeyword.replace(/^(\s+--[\w-]+(=("[^"]*"|\S*))?)*\s*/, '');
  const rest = [withoutFlags, ...ins.raw.split(/\r?\n/).slice(1)].join(style.eol);
  return `${ins.keywordRaw} ${flagText(flags)}${rest}`;
}

/** Replace source lines `start..end` (0-based, inclusive) with `text`; `end = start - 1` inserts before `start`; `text = null` deletes. */
export interface Edit {
  start: number;
  end: number;
  text: string | null;
}

/** Deletes an instruction; when blank lines surround it, one of them goes too (no double gap left behind). */
export function deleteInstruction(m: DockerfileModel, ins: Instruction): Edit {
  const blank = (i: number) => i >= 0 && i < m.lines.length && m.lines[i]!.trim() === '';
  const end = blank(ins.startLine - 1) && blank(ins.endLine + 1) ? ins.endLine + 1 : ins.endLine;
  return { start: ins.startLine, end, text: null };
}

/** Applies non-overlapping edits and returns the new text; lines not covered stay exactly as they were. */
export function applyEdits(m: DockerfileModel, edits: Edit[]): string {
  // One pass over the lines (not a splice per edit): edits sorted by position, insertions first.
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: string[] = [];
  let next = 0;
  for (const e of sorted) {
    while (next < e.start) out.push(m.lines[next++]!);
    if (e.text !== null) out.push(...e.text.split(/\r?\n/));
    next = Math.max(next, e.end + 1);
  }
  while (next < m.lines.length) out.push(m.lines[next++]!);
  return out.join(m.eol) + (m.finalNewline ? m.eol : '');
}

/** Lines `start..end` of the source, for fix reports. */
export const sourceLines = (m: DockerfileModel, start: number, end: number): string =>
  m.lines.slice(start, end + 1).join('\n');
