/**
 * Whittle's Dockerfile model: what the rules and the optimizer read. Built from
 * `dockerfile-ast`'s parse by `parseDockerfile`; every instruction keeps its exact source
 * lines so the printer can leave untouched lines byte-for-byte as written.
 */

/** A parsed image reference (`registry/repo:tag@digest`). */
export interface ImageRef {
  raw: string;
  registry: string | null;
  /** Repository path without registry, e.g. `library/python` is given as `python`. */
  repository: string;
  tag: string | null;
  digest: string | null;
}

export interface InstructionFlag {
  name: string;
  value: string | null;
}

export interface Instruction {
  /** Upper-case keyword: `RUN`, `COPY`, … */
  keyword: string;
  /** Keyword as written (to keep the file's case style). */
  keywordRaw: string;
  /** 0-based first and last source line (continuations and heredoc bodies included). */
  startLine: number;
  endLine: number;
  /** Exact source text of lines startLine..endLine, joined with the file's EOL. */
  raw: string;
  /** Arguments with line continuations joined and flags removed; for RUN the shell command. */
  args: string;
  flags: InstructionFlag[];
  /** JSON (exec) form, e.g. `CMD ["app"]`. */
  json: boolean;
  /** Parsed JSON arguments when `json`. */
  jsonArgs: string[] | null;
  /** True when the instruction uses heredocs (`RUN <<EOF`); then `args` is the instruction line only. */
  heredoc: boolean;
  /** The here-documents after the instruction line, in order (empty without). */
  heredocs: HeredocBody[];
  /**
   * The trailing shell comment taken off a shell-form RUN, CMD or ENTRYPOINT (`# pinned`, from the
   * `#` to the end of the joined line), or null. `args` holds the command without it: the shell
   * never runs what follows a `#` that begins a word.
   */
  comment: string | null;
  /** Index of the stage it belongs to, -1 for ARGs before the first FROM. */
  stage: number;
  /** The stage's `SHELL` program in effect here (`powershell`, `/bin/bash`), or null for the default `/bin/sh`. */
  shell: string | null;
}

/** One here-document (`<<EOF` … `EOF`) of a RUN, COPY or ADD. */
export interface HeredocBody {
  /** Its delimiter word, quotes removed (`EOF`). */
  name: string;
  /** `<<-`: leading tabs are stripped from the body and the delimiter line (already done in `body`). */
  stripTabs: boolean;
  /** `<<'EOF'` / `<<"EOF"`: the body is not expanded. */
  quoted: boolean;
  /** The body's lines joined with `\n`, without the delimiter line. */
  body: string;
  /** Line of the `<<EOF` operator, counted from the instruction's first line (0: on it). */
  line: number;
}

export interface Stage {
  index: number;
  /** `AS name`, or null. */
  name: string | null;
  from: Instruction;
  image: ImageRef;
  /** `--platform` value, if any. */
  platform: string | null;
  /** Instructions after FROM, up to the next FROM. */
  instructions: Instruction[];
}

export interface CommentLine {
  line: number;
  text: string;
}

export interface Directive {
  name: string;
  value: string;
  line: number;
}

export interface DockerfileModel {
  text: string;
  /** Source lines without their line endings. */
  lines: string[];
  eol: '\n' | '\r\n';
  /** True when the text ends with a line ending. */
  finalNewline: boolean;
  escape: string;
  directives: Directive[];
  /** `ARG` instructions before the first FROM. */
  globalArgs: Instruction[];
  stages: Stage[];
  /** Every instruction in source order. */
  instructions: Instruction[];
  comments: CommentLine[];
}

/** The final stage (the image that is shipped). */
export const finalStage = (m: DockerfileModel): Stage => m.stages[m.stages.length - 1]!;

/**
 * The image the shipped stage builds on: the final stage's FROM, followed back through
 * `FROM <earlier stage name>` to a real image reference (ARG defaults already resolved by the
 * parser). Null for `scratch` and for a reference that still holds a variable.
 */
export function finalBaseImage(m: DockerfileModel): string | null {
  let stage = finalStage(m);
  for (;;) {
    const ref = stage.image.raw.toLowerCase();
    const parent = m.stages.find((s) => s.index < stage.index && s.name?.toLowerCase() === ref);
    if (!parent) break;
    stage = parent;
  }
  const raw = stage.image.raw;
  return raw.toLowerCase() === 'scratch' || raw.includes('$') ? null : raw;
}

/** Returns the flag value (`--chown=app:app` → `app:app`), or undefined when absent. */
export function flagValue(ins: Instruction, name: string): string | null | undefined {
  const f = ins.flags.find((x) => x.name === name);
  return f ? f.value : undefined;
}

/**
 * Default values of ARG instructions, in order (`ARG A=1 B="x"` → A=1, B=x; a bare `ARG A` has
 * no default and is left out). A later ARG of the same name overrides an earlier one; a default
 * that names an earlier ARG (`ARG IMG=golang:${GO}`) is expanded with what is known so far.
 */
export function argDefaults(
  args: readonly Instruction[],
  known: ReadonlyMap<string, string> = new Map(),
): Map<string, string> {
  const out = new Map(known);
  for (const ins of args) {
    for (const m of ins.args.matchAll(/([A-Za-z_][\w]*)(?:=("[^"]*"|'[^']*'|\S*))?/g)) {
      const [, name, raw] = m;
      if (raw === undefined) continue;
      out.set(name!, expandArgs(raw.replace(/^(["'])(.*)\1$/, '$2'), out));
    }
  }
  return out;
}

/**
 * Expands `$X`, `${X}`, `${X:-default}` and `${X:+alt}` with the given values, as BuildKit does
 * for FROM lines. A variable without a value stays as written (`${X}`), so the caller can tell
 * the text is not fully known (see `hasArgs`).
 */
export function expandArgs(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(
    /\$\{(\w+)(?::?([-+])([^}]*))?\}|\$(\w+)/g,
    (m, a: string | undefined, op: string | undefined, word: string | undefined, b: string | undefined) => {
      const v = values.get((a ?? b)!);
      if (op === '-') return v ? v : expandArgs(word ?? '', values);
      if (op === '+') return v ? expandArgs(word ?? '', values) : '';
      return v ?? m;
    },
  );
}

/** True when the text still holds a variable reference (`$X`, `${X}`). */
export const hasArgs = (text: string): boolean => /\$(\{\w|\w)/.test(text);

/** The image of a stage as written after FROM (before ARG expansion), e.g. `golang:${GO_VERSION}`. */
export const writtenImage = (stage: Stage): string => stage.from.args.split(/\s+/).filter(Boolean)[0] ?? '';
