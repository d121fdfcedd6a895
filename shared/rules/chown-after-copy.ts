import type { Edit } from '../dockerfile/printer';
import { deleteInstruction, renderRun, withFlags } from '../dockerfile/printer';
import { commandWords } from '../dockerfile/shell';
import { isPlainRun, segmentsOf } from './commands';
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
}

function findMatches(ctx: RuleContext): { stageIdx: number; m: Match }[] {
  const out: { stageIdx: number; m: Match }[] = [];
  ctx.model.stages.forEach((stage, stageIdx) => {
    stage.instructions.forEach((ins, runIdx) => {
      if (!isPlainRun(ins)) return;
      segmentsOf(ins).forEach((s, segIdx) => {
        const rec = parseRecursive(s.cmd);
        if (!rec) return;
        const target = resolvePath(workdirAt(stage, runIdx), rec.path);
        // A COPY/ADD of exactly that path among the instructions right before this RUN
        // (only other copies may sit between: a RUN could create files there).
        for (let k = runIdx - 1; k >= 0; k--) {
          const prev = stage.instructions[k]!;
          if (prev.keyword !== 'COPY' && prev.keyword !== 'ADD') break;
          if (copyDest(stage, k, prev) === target) {
            out.push({ stageIdx, m: { copyIdx: k, runIdx, segIdx, rec } });
            break;
          }
        }
      });
    });
  });
  return out;
}

const canFix = (ctx: RuleContext, m: Match): boolean =>
  m.rec.op === 'chown' || (ctx.buildkit && /^[0-7]{3,4}$/.test(m.rec.value));

export const chownAfterCopy: Rule = {
  meta: {
    id: 'WH029',
    name: 'chown-after-copy',
    title: '`RUN chown -R`/`chmod -R` after COPY',
    why: 'Changing the owner or mode of files in a later RUN does not modify them in place: the layer system stores a second full copy of every file touched, so the copied files count twice in the image size. `COPY --chown=user:group` (and, with BuildKit, `COPY --chmod`) sets them right the first time.',
    severity: 'warning',
    category: 'layer-hygiene',
    fixable: true,
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
        // Files the same RUN just created are stored once anyway.
        if (
          segs.some((s) => {
            const r = parseRecursive(s.cmd);
            return r && !made.includes(r.path);
          })
        ) {
          const fixable = matches.some(({ m }) => stage.instructions[m.runIdx] === ins && canFix(ctx, m));
          out.push(
            at(
              ins,
              'a recursive chown/chmod stores a second copy of every file it touches',
              fixable
                ? {}
                : {
                    risk: 'It does not directly follow the COPY of the same path (or needs BuildKit for --chmod), so files created in between would keep their owner; set ownership in the step that creates them.',
                  },
            ),
          );
        }
      }
    }
    return out;
  },
  fix(ctx) {
    const edits: Edit[] = [];
    for (const { stageIdx, m } of findMatches(ctx)) {
      const stage = ctx.model.stages[stageIdx]!;
      const copy = stage.instructions[m.copyIdx]!;
      const run = stage.instructions[m.runIdx]!;
      if (!canFix(ctx, m) || ctx.suppressed(run) || copy.flags.some((f) => f.name === m.rec.op)) continue;
      edits.push({
        start: copy.startLine,
        end: copy.endLine,
        text: withFlags(ctx.style, copy, [...copy.flags, { name: m.rec.op, value: m.rec.value }]),
      });
      const segs = segmentsOf(run).filter((_, i) => i !== m.segIdx);
      const last = segs[segs.length - 1];
      if (last) last.sep = '';
      edits.push(
        segs.length
          ? { start: run.startLine, end: run.endLine, text: renderRun(ctx.style, segs) }
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
