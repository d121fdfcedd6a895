/**
 * Re-parsing after the optimizer's edits without parsing the whole file again: instructions the
 * edits did not touch keep their parse (moved to their new lines), and only the edited text goes
 * through `dockerfile-ast`. The result equals `parseDockerfile(applyEdits(m, edits))`; whenever
 * that cannot be guaranteed cheaply (an edit that cuts into an instruction, touches the lines
 * above the first instruction where parser directives live, or ends in an open continuation or
 * heredoc; a file with its own escape character) it simply is that full parse. A fuzz test and
 * the optimizer's property tests hold the two equal.
 */
import { DockerfileParser } from 'dockerfile-ast';
import type { CommentLine, DockerfileModel, Instruction } from './model';
import { assemble, checkInput, parseDockerfile, splitLines, toInstruction } from './parse';
import { applyEdits, type Edit } from './printer';

/** A line that closes every span in the combined parse: anything still open swallows it and shows. */
const SENTINEL = 'LABEL whittle.reparse.sentinel=1';

/** Edits sorted as `applyEdits` applies them, or null when they overlap. */
function sortedEdits(edits: Edit[]): Edit[] | null {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.start <= sorted[i - 1]!.end) return null;
  return sorted;
}

/**
 * Whether an instruction ends on its own, not only because the file does (a heredoc without its
 * terminator, a continuation on the last line): then text after it stays separate.
 */
function closed(ins: Instruction): boolean {
  const lines = ins.raw.split(/\r?\n/);
  const ast = DockerfileParser.parse([...lines, SENTINEL].join('\n'));
  return ast.getInstructions()[0]!.getRange().end.line < lines.length;
}

/** True when every edit replaces, deletes or inserts between whole instructions after the first one. */
function editsKeepInstructionsWhole(m: DockerfileModel, edits: Edit[]): boolean {
  const first = m.instructions[0];
  const last = m.instructions[m.instructions.length - 1];
  if (!first || !last || m.escape !== '\\') return false;
  let k = 0;
  for (const e of edits) {
    if (e.start < first.startLine || e.end >= m.lines.length) return false;
    if (e.start > last.endLine && !closed(last)) return false;
    // Above the first instruction are parser directives and comments: what the edit puts first
    // there (its own text, or the line after the deleted one) must not read as a directive.
    if (e.start === first.startLine && (e.text === null || /^\s*#/.test(e.text))) return false;
    while (k < m.instructions.length && m.instructions[k]!.endLine < e.start) k++;
    // Every instruction reaching into the edited lines must lie inside them (an insertion has
    // none: `end` is `start - 1`, so one that starts before it and goes on past it fails here).
    for (let j = k; j < m.instructions.length && m.instructions[j]!.startLine <= e.end; j++) {
      const ins = m.instructions[j]!;
      if (ins.startLine < e.start || ins.endLine > e.end) return false;
    }
  }
  return true;
}

/** Whether `reparseEdited` may keep the untouched instructions' parse (else it parses it all). */
export function reusesParse(m: DockerfileModel, edits: Edit[]): boolean {
  const sorted = sortedEdits(edits);
  return sorted !== null && editsKeepInstructionsWhole(m, sorted);
}

/** The model of `applyEdits(m, edits)` (pass that text when it is at hand), re-parsing only the edited lines. */
export function reparseEdited(
  m: DockerfileModel,
  edits: Edit[],
  text: string = applyEdits(m, edits),
): DockerfileModel {
  if (text === m.text) return m;
  const sorted = sortedEdits(edits);
  if (!sorted || !editsKeepInstructionsWhole(m, sorted)) return parseDockerfile(text);
  checkInput(text);
  const { lines, eol, finalNewline } = splitLines(text);
  if (eol !== m.eol || finalNewline !== m.finalNewline) return parseDockerfile(text);

  // Where each edit's text lands in the new file, and all of them in one parse, a sentinel after
  // each; one before them all, too, so that no comment in an edit can pass for a parser directive.
  const spans: { newStart: number; length: number; synthStart: number }[] = [];
  const synth: string[] = [SENTINEL];
  let delta = 0;
  for (const e of sorted) {
    const added = e.text === null ? [] : e.text.split(/\r?\n/);
    spans.push({ newStart: e.start + delta, length: added.length, synthStart: synth.length });
    synth.push(...added, SENTINEL);
    delta += added.length - (e.end - e.start + 1);
  }
  const ast = DockerfileParser.parse(synth.join(eol));
  const fresh: Instruction[] = [];
  const freshComments: CommentLine[] = [];
  let s = 0;
  const toNew = (line: number): number | null => {
    while (s < spans.length - 1 && line >= spans[s + 1]!.synthStart) s++;
    const span = spans[s]!;
    const offset = line - span.synthStart;
    return offset >= 0 && offset < span.length ? span.newStart + offset : null;
  };
  for (const a of ast.getInstructions()) {
    const range = a.getRange();
    const start = toNew(range.start.line);
    if (start === null) continue; // a sentinel, alone on its line
    // It must end inside its own edit: one that runs on (an open continuation or heredoc)
    // swallows the sentinel after it, and in the real file, the lines after the edit.
    const span = spans[s]!;
    if (range.end.line >= span.synthStart + span.length) return parseDockerfile(text);
    const ins = toInstruction(a, synth, eol, '\\');
    fresh.push({ ...ins, startLine: start, endLine: start + ins.endLine - ins.startLine });
  }
  s = 0;
  for (const c of ast.getComments()) {
    const line = toNew(c.getRange().start.line);
    if (line !== null) freshComments.push({ line, text: c.getContent() });
  }

  // Untouched instructions and comments, moved by the edits before them, merged with the fresh ones.
  const instructions: Instruction[] = [];
  const comments: CommentLine[] = [];
  let ei = 0;
  let shift = 0;
  let fi = 0;
  let ci = 0;
  let fci = 0;
  const takeFreshUpTo = (line: number) => {
    while (fi < fresh.length && fresh[fi]!.startLine < line) instructions.push(fresh[fi++]!);
    while (fci < freshComments.length && freshComments[fci]!.line < line)
      comments.push(freshComments[fci++]!);
  };
  const keepOldBefore = (oldLine: number) => {
    while (ci < m.comments.length && m.comments[ci]!.line < oldLine) {
      const c = m.comments[ci++]!;
      const moved = c.line + shift;
      takeFreshUpTo(moved);
      comments.push(shift ? { ...c, line: moved } : c);
    }
  };
  /** Passes the next edit: old comments before it are kept, those in the lines it replaced are gone. */
  const passEdit = () => {
    const e = sorted[ei]!;
    keepOldBefore(e.start);
    while (ci < m.comments.length && m.comments[ci]!.line <= e.end) ci++;
    shift += spans[ei]!.length - (e.end - e.start + 1);
    ei++;
  };
  for (const ins of m.instructions) {
    while (ei < sorted.length && sorted[ei]!.end < ins.startLine) passEdit();
    if (ei < sorted.length && sorted[ei]!.start <= ins.startLine && ins.endLine <= sorted[ei]!.end) continue;
    keepOldBefore(ins.startLine);
    const moved = ins.startLine + shift;
    takeFreshUpTo(moved);
    instructions.push(shift ? { ...ins, startLine: moved, endLine: ins.endLine + shift } : ins);
  }
  while (ei < sorted.length) passEdit();
  keepOldBefore(Number.MAX_SAFE_INTEGER);
  takeFreshUpTo(Number.MAX_SAFE_INTEGER);

  return assemble(
    { text, lines, eol, finalNewline, escape: m.escape, directives: m.directives, comments },
    instructions,
  );
}
