/**
 * Parses Dockerfile text into Whittle's model with `dockerfile-ast` (the parser behind the
 * VS Code Docker extension), adding the validation it leaves out: binary or oversized input,
 * no FROM, unknown instructions, broken JSON form — each as a `DockerfileParseError` with a
 * 1-based line and column.
 */
import { DockerfileParser, type Heredoc, type Instruction as AstInstruction } from 'dockerfile-ast';
import { WhittleFailure } from '../api/result';
import {
  argDefaults,
  expandArgs,
  type DockerfileModel,
  type HeredocBody,
  type ImageRef,
  type Instruction,
  type InstructionFlag,
  type Stage,
} from './model';
import { splitComment } from './shell';

/** Dockerfiles larger than this are refused: no real one comes close, and parse time is linear. */
export const MAX_DOCKERFILE_CHARS = 1024 * 1024;

export const KNOWN_INSTRUCTIONS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

/** A parse failure with the position of the offending text (1-based). */
export class DockerfileParseError extends WhittleFailure {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super('DOCKERFILE_PARSE', `line ${line}, column ${column}: ${message}`, { line, column });
    this.name = 'DockerfileParseError';
  }
}

/** Parses `registry/repo:tag@digest`; Docker Hub names keep their short form (`python`). */
export function parseImageRef(raw: string): ImageRef {
  let rest = raw.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | null = null;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const repository = rest.startsWith('library/') && !registry ? rest.slice('library/'.length) : rest;
  return { raw: raw.trim(), registry, repository, tag, digest };
}

/** Joins continuation lines the way the builder does, dropping comment and blank lines inside them. */
export function joinContinuations(rawArgs: string, escape: string): string {
  const out: string[] = [];
  for (const line of rawArgs.split(/\r?\n/)) {
    if (out.length > 0 && /^\s*(#|$)/.test(line)) continue;
    out.push(line);
  }
  let joined = '';
  for (const line of out) {
    const t = line.replace(/\s+$/, '');
    if (t.endsWith(escape) && !t.endsWith(escape + escape)) joined += t.slice(0, -1) + ' ';
    else joined += line + '\n';
  }
  return collapseBlanks(joined.replace(/\n$/, '')).trim();
}

/** Runs of spaces and tabs become one space, except inside quotes (`printf '    indented'`). */
function collapseBlanks(text: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      out += c;
      if (c === '\\' && quote === '"' && i + 1 < text.length) out += text[++i];
      else if (c === quote) quote = null;
    } else if (c === ' ' || c === '\t') {
      if (!out.endsWith(' ')) out += ' ';
    } else {
      if (c === "'" || c === '"') quote = c;
      else if (c === '\\' && i + 1 < text.length) {
        out += c + text[++i];
        continue;
      }
      out += c;
    }
  }
  return out;
}

function fail(message: string, line: number, column = 1): never {
  throw new DockerfileParseError(message, line, column);
}

export function checkInput(text: string): void {
  if (text.length > MAX_DOCKERFILE_CHARS) {
    fail(`the file is ${text.length} characters; Dockerfiles over 1 MiB are not supported`, 1);
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    fail('the file contains binary data (a NUL byte); is this really a Dockerfile?', line);
  }
  if (text.trim() === '') fail('the Dockerfile is empty', 1);
}

/** One instruction of dockerfile-ast's parse in Whittle's form (stage -1 until `assemble` places it). */
export function toInstruction(
  ins: AstInstruction,
  lines: string[],
  eol: string,
  escape: string,
): Instruction {
  const range = ins.getRange();
  const startLine = range.start.line;
  const endLine = range.end.line;
  const keywordRaw = ins.getInstruction();
  const keyword = keywordRaw.toUpperCase();
  const withFlags = ins as AstInstruction & {
    getFlags?: () => { getName(): string; getValue(): string | null }[];
  };
  const raw = lines.slice(startLine, endLine + 1).join(eol);
  // Flags come first after the keyword; asking dockerfile-ast for them re-parses the arguments,
  // so only ask when the source has a `--` there (most instructions have none).
  const flags: InstructionFlag[] =
    typeof withFlags.getFlags === 'function' && /^\s*\S+\s+(\\\r?\n\s*)*--/.test(raw)
      ? withFlags.getFlags().map((f) => ({ name: f.getName(), value: f.getValue() }))
      : [];
  // Without flags the arguments are the source after the keyword; reading them off the lines
  // saves dockerfile-ast a second full scan of every instruction.
  const rawArgs = flags.length
    ? (ins.getRawArgumentsContent() ?? '')
    : raw.replace(/^\s*\S+[ \t]*/, '').replace(/\s+$/, '');
  const heredocs = /<</.test(raw) ? heredocsOf(ins, lines, startLine) : [];
  const heredoc = heredocs.length > 0;
  // With heredocs, the arguments are the instruction line (up to the first `<<EOF`); the bodies
  // are read off separately, so nothing reads a file's or a script's text as arguments.
  let args = heredoc
    ? headerArgs(
        lines.slice(startLine, startLine + heredocs[0]!.line + 1).join(eol),
        flags.length > 0,
        escape,
      )
    : joinContinuations(rawArgs, escape);
  let json = false;
  let jsonArgs: string[] | null = null;
  if (['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME', 'HEALTHCHECK'].includes(keyword)) {
    const body = keyword === 'HEALTHCHECK' ? args.replace(/^(--\S+\s+)*CMD\s+/i, '') : args;
    const parsed = body.startsWith('[') ? jsonArray(body) : null;
    if (parsed) {
      json = true;
      jsonArgs = parsed.array;
    }
  }
  let comment: string | null = null;
  if (!json && SHELL_FORM.has(keyword)) ({ code: args, comment } = splitComment(args));
  return {
    keyword,
    keywordRaw,
    startLine,
    endLine,
    raw,
    args,
    flags,
    json,
    jsonArgs,
    heredoc,
    heredocs,
    comment,
    stage: -1,
    shell: null,
  };
}

/**
 * The exec (JSON) form the way Docker reads it: moby's parser decodes the first JSON value and
 * ignores whatever follows it (`CMD ["app"] # note` runs `app`; checked on Engine 20.10, classic
 * builder and BuildKit alike). Null when the text does not start with an array of strings (then
 * Docker runs it as shell form, and so do we). `rest` is the ignored text after the array.
 */
export function jsonArray(body: string): { array: string[]; rest: string } | null {
  const end = jsonArrayEnd(body);
  if (end < 0) return null;
  try {
    const parsed: unknown = JSON.parse(body.slice(0, end));
    if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string'))
      return { array: parsed as string[], rest: body.slice(end).trim() };
  } catch {
    // Not valid JSON.
  }
  return null;
}

/** Index just past the `]` closing the array that opens `text`, or -1. */
function jsonArrayEnd(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Instructions whose shell form runs in a shell, where `#` begins a comment. */
const SHELL_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT']);

/** The arguments on a heredoc instruction's own line(s): keyword and flags removed, continuations joined. */
function headerArgs(header: string, hasFlags: boolean, escape: string): string {
  const joined = joinContinuations(header.replace(/^\s*\S+[ \t]*/, ''), escape);
  return hasFlags ? joined.replace(/^(--[\w-]+(=("[^"]*"|'[^']*'|\S*))?\s+)*/, '') : joined;
}

/**
 * The here-documents of a RUN, COPY or ADD as dockerfile-ast finds them (the way BuildKit reads
 * the instruction line: a word starting with `<<`). One that never meets its closing line is a
 * parse error at its `<<`: BuildKit would run the rest of the file as its body.
 */
function heredocsOf(ins: AstInstruction, lines: string[], first: number): HeredocBody[] {
  const withHeredocs = ins as AstInstruction & { getHeredocs?: () => Heredoc[] };
  if (typeof withHeredocs.getHeredocs !== 'function') return [];
  return withHeredocs.getHeredocs().map((h) => {
    const start = h.getStartRange().start;
    const opener = (lines[start.line] ?? '').slice(start.character, h.getNameRange().end.character + 1);
    const delimiter = h.getDelimiterRange();
    if (!delimiter) {
      fail(
        `here-document <<${h.getName()} is never closed: no line "${h.getName()}" follows it`,
        start.line + 1,
        start.character + 1,
      );
    }
    const stripTabs = opener.startsWith('<<-');
    const content = h.getContentRange();
    const body = content ? lines.slice(content.start.line, delimiter.start.line) : [];
    return {
      name: h.getName(),
      stripTabs,
      quoted: /^<<-?\s*["']/.test(opener),
      body: (stripTabs ? body.map((l) => l.replace(/^\t+/, '')) : body).join('\n'),
      line: start.line - first,
    };
  });
}

/** The text split into lines (without their endings), its line ending and whether it ends with one. */
export function splitLines(text: string): { lines: string[]; eol: '\n' | '\r\n'; finalNewline: boolean } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const finalNewline = /\r?\n$/.test(text);
  const lines = text.split(/\r?\n/);
  if (finalNewline) lines.pop();
  return { lines, eol, finalNewline };
}

/** The parts of a model that come straight from the text; `assemble` adds stages and checks them. */
export type ModelParts = Pick<
  DockerfileModel,
  'text' | 'lines' | 'eol' | 'finalNewline' | 'escape' | 'directives' | 'comments'
>;

/**
 * Places instructions (in source order) into stages and validates them: unknown instructions,
 * anything but ARG before the first FROM, FROM without an image, instructions without arguments,
 * no FROM at all. FROM's image and `AS` name are read off its arguments (after its flags), as
 * dockerfile-ast's `From.getImage()`/`getBuildStage()` do.
 */
export function assemble(parts: ModelParts, parsed: Instruction[]): DockerfileModel {
  const stages: Stage[] = [];
  const globalArgs: Instruction[] = [];
  const instructions: Instruction[] = [];
  let shell: string | null = null;
  for (const q of parsed) {
    if (q.keyword === 'FROM') shell = null;
    const p: Instruction = q.shell === shell ? q : { ...q, shell };
    if (p.keyword === 'SHELL') shell = p.jsonArgs?.[0] ?? null;
    const kw = p.keyword;
    const line = p.startLine + 1;
    const col = (parts.lines[p.startLine] ?? '').search(/\S|$/) + 1;
    if (!KNOWN_INSTRUCTIONS.has(kw)) fail(`unknown instruction "${p.keywordRaw}"`, line, col);
    if (kw === 'FROM') {
      const ins = p.stage === stages.length ? p : { ...p, stage: stages.length };
      const words = ins.args.split(/\s+/).filter(Boolean);
      const image = words[0];
      if (!image) fail('FROM needs an image name', line, col + 4);
      const platform = ins.flags.find((f) => f.name === 'platform')?.value ?? null;
      // Global ARG defaults (a --build-arg may override them; Whittle reads the file as written).
      const resolved = expandArgs(image, argDefaults(globalArgs));
      stages.push({
        index: stages.length,
        name: words.length > 2 && words[1]!.toUpperCase() === 'AS' ? words[2]! : null,
        from: ins,
        image: parseImageRef(resolved),
        platform,
        instructions: [],
      });
      instructions.push(ins);
      continue;
    }
    if (stages.length === 0) {
      if (kw !== 'ARG') fail(`${kw} before the first FROM (only ARG may come before FROM)`, line, col);
      const ins = p.stage === -1 ? p : { ...p, stage: -1 };
      globalArgs.push(ins);
      instructions.push(ins);
      continue;
    }
    const ins = p.stage === stages.length - 1 ? p : { ...p, stage: stages.length - 1 };
    if (!ins.args.trim() && !ins.flags.length && !ins.comment)
      fail(`${kw} needs arguments`, line, col + kw.length);
    stages[stages.length - 1]!.instructions.push(ins);
    instructions.push(ins);
  }
  if (stages.length === 0) fail('no FROM instruction: a Dockerfile must start from a base image', 1);
  return { ...parts, globalArgs, stages, instructions };
}

/** Parses a Dockerfile; throws `DockerfileParseError` with line and column on bad input. */
export function parseDockerfile(text: string): DockerfileModel {
  checkInput(text);
  const { lines, eol, finalNewline } = splitLines(text);
  const ast = DockerfileParser.parse(text);
  const escape = ast.getEscapeCharacter();
  return assemble(
    {
      text,
      lines,
      eol,
      finalNewline,
      escape,
      directives: ast.getDirectives().map((d) => ({
        name: d.getName(),
        value: d.getValue(),
        line: d.getRange().start.line,
      })),
      comments: ast.getComments().map((c) => ({ line: c.getRange().start.line, text: c.getContent() })),
    },
    ast.getInstructions().map((a) => toInstruction(a, lines, eol, escape)),
  );
}
