import type { DockerfileModel, Instruction, Stage } from '../dockerfile/model';
import type { Edit } from '../dockerfile/printer';
import { deleteInstruction, renderRun, withFlags } from '../dockerfile/printer';
import { commandWords } from '../dockerfile/shell';
import { sourcesOf } from './add-instead-of-copy';
import { isApkAdd, isPlainRun, isYumInstall, segmentsOf, withComments } from './commands';
import { isAptSeg } from './multi-stage/apt-runtime';
import type { Rule, RuleContext } from './rule';
import { at } from './rule';
import { copyDest, resolvePath, workdirAt } from './stage-facts';

interface Recursive {
  op: 'chown' | 'chmod';
  value: string;
  path: string;
}

/** `chown -R u:g path` / `chmod -R 755 path` with a single path, else null. */
function parseRecursive(cmd: string): Recursive | null {
  if (!/\bch(own|mod)\b/.test(cmd)) return null; // most commands: no tokenizing needed
  const w = commandWords(cmd);
  if (w[0] !== 'chown' && w[0] !== 'chmod') return null;
  const opts = w.slice(1).filter((x) => x.startsWith('-'));
  const rest = w.slice(1).filter((x) => !x.startsWith('-'));
  if (!opts.some((o) => o === '-R' || o === '--recursive' || /^-[a-zA-Z]*R/.test(o)) || rest.length !== 2)
    return null;
  return { op: w[0], value: rest[0]!, path: rest[1]! };
}

interface Match {
  copyIdx: number;
  runIdx: number;
  segIdx: number;
  rec: Recursive;
  /** Other COPY/ADDs into the same tree before the RUN: they take the flag too, so every copied file keeps its owner. */
  earlierCopies: number[];
  /** Why the fix would change who owns something (files an earlier step put there), or null. */
  risk: string | null;
  /** The target is a directory (a WORKDIR, a `.`/trailing-slash destination, several sources). */
  dir: boolean;
}

const under = (p: string, root: string) => p === root || p.startsWith(root === '/' ? '/' : `${root}/`);

const USER_MADE = /\b(useradd|adduser|groupadd|addgroup)\b/;

/** A RUN that only installs OS packages or creates users: it writes nothing into the WORKDIR it runs in. */
const systemOnly = (ins: Instruction): boolean => {
  const segs = segmentsOf(ins);
  return (
    segs.length > 0 &&
    segs.every(
      (s) =>
        isAptSeg(s.cmd) ||
        isApkAdd(s.cmd) ||
        isYumInstall(s.cmd) ||
        /^(yum|dnf|microdnf) clean\b/.test(s.cmd) ||
        /^(useradd|adduser|groupadd|addgroup)\b/.test(s.cmd),
    )
  );
};

/**
 * What else in the stage, before the RUN, put files under `target` (besides the COPY at
 * `copyIdx`): copies that can take the flag too, or the reason the fix would leave files with
 * root as owner.
 */
function earlierWriters(stage: Stage, copyIdx: number, runIdx: number, target: string, path: string) {
  const earlierCopies: number[] = [];
  let risk: string | null = null;
  const line = (ins: Instruction) => ins.startLine + 1;
  for (let k = 0; k < runIdx && !risk; k++) {
    const ins = stage.instructions[k]!;
    if (k === copyIdx) continue;
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      const dest = copyDest(stage, k, ins);
      if (under(dest, target)) earlierCopies.push(k);
      // `COPY . .` then `COPY conf/ conf/` + `chown -R conf`: the first copy's conf/ files too.
      else if (under(target, dest) && sourcesOf(ins).some((src) => /^\.?\/?$|\/$/.test(src)))
        risk = `Line ${line(ins)} copies a folder that may hold files under ${path} too; they would keep root as owner.`;
    }
    if (
      ins.keyword === 'RUN' &&
      (under(workdirAt(stage, k), target) || ins.args.includes(target)) &&
      !systemOnly(ins)
    )
      risk = `Line ${line(ins)} writes into ${path} before the COPY, and its files would keep root as owner; set ownership in that step (or run it as the user).`;
    // A copy above the step that creates the user cannot name that user.
    if (ins.keyword === 'RUN' && USER_MADE.test(ins.args) && earlierCopies.some((c) => c < k))
      risk = `Line ${line(stage.instructions[earlierCopies[0]!]!)} copies into ${path} before line ${line(ins)} creates the user; move that COPY below it.`;
  }
  return { earlierCopies, risk };
}

/**
 * The chown's RUN creates its user or group before the chown (`useradd app && chown -R app /app`):
 * a COPY above that RUN cannot name them, the build would fail with "unable to find user". A
 * numeric owner (`1000:1000`) needs no passwd entry.
 */
function madeInSameRun(run: Instruction, segIdx: number, rec: Recursive): string | null {
  if (rec.op !== 'chown' || /^\d+(:\d+)?$/.test(rec.value)) return null;
  const names = rec.value.split(/[:.]/).filter(Boolean);
  const makes = segmentsOf(run)
    .slice(0, segIdx)
    .some(
      (seg) => USER_MADE.test(seg.cmd) && names.some((n) => new RegExp(`(^|\\s)${n}(\\s|$)`).test(seg.cmd)),
    );
  return makes
    ? `Line ${run.startLine + 1} creates ${rec.value} in the same step, so a COPY above it cannot name that owner yet (the build would fail with "unable to find user"); create the user above the COPY, then use COPY --chown.`
    : null;
}

function isDirTarget(stage: Stage, idx: number, copy: Instruction, target: string): boolean {
  const args = copy.jsonArgs ?? copy.args.split(/\s+/).filter(Boolean);
  const dest = args[args.length - 1] ?? '';
  const sources = sourcesOf(copy);
  return (
    /(^|\/)\.?\/?$/.test(dest) ||
    dest.endsWith('/') ||
    sources.length > 1 ||
    sources.some((src) => /^\.?\/?$|\/$/.test(src)) ||
    stage.instructions.some(
      (i, k) => k < idx && i.keyword === 'WORKDIR' && workdirAt(stage, k + 1) === target,
    )
  );
}

/**
 * True when the stage itself makes `path` (mkdir, VOLUME or WORKDIR) and nothing before `idx`
 * puts a file under it: no COPY/ADD into it, no RUN working in it or naming it except to mkdir it.
 * A recursive chown of it then copies no file (WH050's hand-over of state folders is one).
 */
function emptyFolder(stage: Stage, idx: number, path: string): boolean {
  const target = resolvePath(workdirAt(stage, idx), path);
  let made = false;
  for (let k = 0; k < idx; k++) {
    const ins = stage.instructions[k]!;
    const wd = workdirAt(stage, k);
    if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
      if (under(copyDest(stage, k, ins), target)) return false;
    } else if (ins.keyword === 'VOLUME' || ins.keyword === 'WORKDIR') {
      const dirs =
        ins.keyword === 'WORKDIR' ? [workdirAt(stage, k + 1)] : (ins.jsonArgs ?? ins.args.split(/\s+/));
      if (dirs.some((d) => d && resolvePath(wd, d) === target)) made = true;
    } else if (ins.keyword === 'RUN') {
      if (under(wd, target) && !systemOnly(ins)) return false;
      for (const seg of segmentsOf(ins)) {
        const names = seg.cmd.includes(path) || seg.cmd.includes(target);
        if (!names) continue;
        if (!/^mkdir\b/.test(seg.cmd) || /[;&|]/.test(seg.cmd)) return false;
        made = true;
      }
      if (!isPlainRun(ins) && (ins.args.includes(target) || ins.args.includes(path))) return false;
    }
  }
  return made;
}

const matchCache = new WeakMap<DockerfileModel, { stageIdx: number; m: Match }[]>();

/** The recursive chown/chmod RUNs that follow a COPY of the same path (once per parsed model: check and fix both ask). */
function findMatches(ctx: RuleContext): { stageIdx: number; m: Match }[] {
  const cached = matchCache.get(ctx.model);
  if (cached) return cached;
  const out: { stageIdx: number; m: Match }[] = [];
  matchCache.set(ctx.model, out);
  ctx.model.stages.forEach((stage, stageIdx) => {
    stage.instructions.forEach((ins, runIdx) => {
      if (!isPlainRun(ins)) return;
      segmentsOf(ins).forEach((s, segIdx) => {
        const rec = parseRecursive(s.cmd);
        if (!rec) return;
        const target = resolvePath(workdirAt(stage, runIdx), rec.path);
        // A COPY/ADD of exactly that path among the instructions right before this RUN
        // (only other copies may sit between: a RUN could create files there).
        let first = runIdx;
        while (first > 0 && ['COPY', 'ADD'].includes(stage.instructions[first - 1]!.keyword)) first--;
        for (let k = runIdx - 1; k >= first; k--) {
          const prev = stage.instructions[k]!;
          if (copyDest(stage, k, prev) === target) {
            const dir = isDirTarget(stage, k, prev, target);
            const early = earlierWriters(stage, k, runIdx, target, rec.path);
            const { earlierCopies } = early;
            const risk = early.risk ?? madeInSameRun(ins, segIdx, rec);
            out.push({ stageIdx, m: { copyIdx: k, runIdx, segIdx, rec, earlierCopies, risk, dir } });
            break;
          }
        }
      });
    });
  });
  return out;
}

const canFix = (ctx: RuleContext, m: Match): boolean =>
  !m.risk && (m.rec.op === 'chown' || (ctx.buildkit && /^[0-7]{3,4}$/.test(m.rec.value)));

export const chownAfterCopy: Rule = {
  meta: {
    id: 'WH029',
    name: 'chown-after-copy',
    title: '`RUN chown -R`/`chmod -R` after COPY',
    why: 'Changing the owner or mode of files in a later RUN does not modify them in place: the layer system stores a second full copy of every file touched, so the copied files count twice in the image size. `COPY --chown=user:group` (and, with BuildKit, `COPY --chmod`) sets them right the first time.',
    severity: 'warning',
    category: 'layer-hygiene',
    fixable: true,
    shippedOnly: true,
  },
  // Merged into the RUN that created the files, a chown stores nothing twice.
  fixedBy: ['WH032'],
  check(ctx) {
    const out = [];
    const matches = findMatches(ctx); // once, not once per instruction
    for (const stage of ctx.model.stages) {
      for (const ins of stage.instructions) {
        const segs = segmentsOf(ins);
        const made = segs.flatMap((s) =>
          /^mkdir\b/.test(s.cmd)
            ? s.cmd
                .split(/\s+/)
                .slice(1)
                .filter((w) => !w.startsWith('-'))
            : [],
        );
        // Files the same RUN just created are stored once anyway; an empty folder has nothing to store twice.
        const idx = stage.instructions.indexOf(ins);
        if (
          segs.some((s) => {
            const r = parseRecursive(s.cmd);
            return r && !made.includes(r.path) && !emptyFolder(stage, idx, r.path);
          })
        ) {
          const match = matches.find(({ m }) => stage.instructions[m.runIdx] === ins)?.m;
          const risk = !match
            ? 'It does not directly follow the COPY of the same path, so files created in between would keep their owner; set ownership in the step that creates them.'
            : match.risk
              ? match.risk
              : canFix(ctx, match)
                ? null
                : '`COPY --chmod` needs BuildKit.';
          out.push(
            at(
              ins,
              'a recursive chown/chmod stores a second copy of every file it touches',
              risk ? { risk } : {},
            ),
          );
        }
      }
    }
    return out;
  },
  fix(ctx) {
    const edits: Edit[] = [];
    // One fix per RUN and per COPY in a pass (`chown -R … && chmod -R …` on the same files would
    // give two edits of the same lines); the optimizer's next look finds what is left.
    const touched = new Set<Instruction>();
    for (const { stageIdx, m } of findMatches(ctx)) {
      const stage = ctx.model.stages[stageIdx]!;
      const copy = stage.instructions[m.copyIdx]!;
      const run = stage.instructions[m.runIdx]!;
      if (!canFix(ctx, m) || ctx.suppressed(run) || copy.flags.some((f) => f.name === m.rec.op)) continue;
      const copies = [...m.earlierCopies, m.copyIdx].map((k) => stage.instructions[k]!);
      if ([run, ...copies].some((i) => touched.has(i))) continue;
      for (const i of [run, ...copies]) touched.add(i);
      for (const k of [...m.earlierCopies, m.copyIdx]) {
        const c = stage.instructions[k]!;
        if (c.flags.some((f) => f.name === m.rec.op)) continue;
        edits.push({
          start: c.startLine,
          end: c.endLine,
          text: withFlags(ctx.style, c, [...c.flags, { name: m.rec.op, value: m.rec.value }]),
        });
      }
      // The directory itself (made by WORKDIR, or there before) keeps the owner the app may need
      // to create files in it: changing one directory's owner stores no file twice.
      const segs = segmentsOf(run).map((s, i) =>
        i === m.segIdx && m.dir ? { ...s, cmd: `${m.rec.op} ${m.rec.value} ${m.rec.path}` } : s,
      );
      if (!m.dir) segs.splice(m.segIdx, 1);
      const last = segs[segs.length - 1];
      if (last) last.sep = '';
      edits.push(
        segs.length
          ? {
              start: run.startLine,
              end: run.endLine,
              text: withComments(ctx.style, [run], renderRun(ctx.style, segs)),
            }
          : run.comment
            ? { start: run.startLine, end: run.endLine, text: run.comment }
            : deleteInstruction(ctx.model, run),
      );
    }
    return edits.length
      ? {
          edits,
          explanation:
            'Set ownership/mode in the COPY itself instead of a recursive chown/chmod that duplicates every file.',
        }
      : null;
  },
};
