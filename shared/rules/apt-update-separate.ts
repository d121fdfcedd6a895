import type { Instruction } from '../dockerfile/model';
import { deleteInstruction, renderRun, type Edit } from '../dockerfile/printer';
import { hasTopLevelOr } from '../dockerfile/shell';
import { isAptInstall, isAptUpdate, isPlainRun, rewriteBlocker, segmentsOf, withComments } from './commands';
import type { Rule } from './rule';
import { at } from './rule';

/** The RUN that installs right after instruction `k` (only ENV/ARG/LABEL between), if any. */
function installAfter(list: Instruction[], k: number): Instruction | undefined {
  let j = k + 1;
  while (j < list.length && ['ENV', 'ARG', 'LABEL'].includes(list[j]!.keyword)) j++;
  const inst = list[j];
  return inst && isPlainRun(inst) && segmentsOf(inst).some((s) => isAptInstall(s.cmd)) ? inst : undefined;
}

/**
 * True when `apt-get update &&` cannot be put in front of the install: `update && a || true` runs
 * as `(update && a) || true` and `update && a; b` ignores a failing `a`, so a failed update would
 * be swallowed.
 */
const swallowsFailure = (inst: Instruction): boolean =>
  hasTopLevelOr(inst.args) || segmentsOf(inst).some((s) => s.sep === ';');

const SWALLOWS =
  'Not fixed automatically: the install RUN has a top-level `||` or `;`, so `apt-get update &&` put in front of it would let a failed update pass unnoticed. Move the update into that RUN by hand, e.g. `apt-get update && { …; }`.';

/** `apt-get update` alone in a RUN: its layer is cached and later installs use stale lists. */
export const aptUpdateSeparate: Rule = {
  meta: {
    id: 'WH020',
    name: 'apt-update-separate',
    title: '`apt-get update` in its own RUN',
    why: 'Docker caches the `apt-get update` layer on its own, so a later change to the install list reuses package lists that may be months old (failed or outdated installs), and the lists are stored in a layer of their own that no later `rm` can shrink. Run update and install in the same RUN and remove the lists at its end.',
    severity: 'warning',
    category: 'layer-hygiene',
    fixable: true,
  },
  check(ctx) {
    return ctx.model.instructions
      .filter(
        (i) =>
          segmentsOf(i).some((s) => isAptUpdate(s.cmd)) && !segmentsOf(i).some((s) => isAptInstall(s.cmd)),
      )
      .map((i) => {
        const list = ctx.model.stages.find((st) => st.instructions.includes(i))?.instructions ?? [];
        const inst = installAfter(list, list.indexOf(i));
        const blocked =
          rewriteBlocker(i) ??
          (inst && !segmentsOf(inst).some((s) => isAptUpdate(s.cmd)) && swallowsFailure(inst)
            ? SWALLOWS
            : null);
        return at(i, 'apt-get update runs in a separate layer from apt-get install', {
          estimatedBytes: 20_000_000,
          ...(blocked ? { risk: blocked } : {}),
        });
      });
  },
  fix(ctx) {
    const edits: Edit[] = [];
    for (const stage of ctx.model.stages) {
      const list = stage.instructions;
      for (let k = 0; k < list.length; k++) {
        const upd = list[k]!;
        if (!isPlainRun(upd) || ctx.suppressed(upd)) continue;
        const segs = segmentsOf(upd);
        if (!(segs.length === 1 && isAptUpdate(segs[0]!.cmd))) continue;
        // The next RUN must be the install; only ENV/ARG/LABEL may sit between.
        const inst = installAfter(list, k);
        if (!inst) continue;
        // The update's trailing comment (if any) is kept, on its own line where the update was.
        const dropUpdate = (): Edit =>
          upd.comment
            ? { start: upd.startLine, end: upd.endLine, text: upd.comment }
            : deleteInstruction(ctx.model, upd);
        if (segmentsOf(inst).some((s) => isAptUpdate(s.cmd))) {
          edits.push(dropUpdate());
          continue;
        }
        if (swallowsFailure(inst)) continue;
        const merged = [{ cmd: segs[0]!.cmd, sep: '&&' as const }, ...segmentsOf(inst)];
        edits.push(dropUpdate());
        edits.push({
          start: inst.startLine,
          end: inst.endLine,
          text: withComments(ctx.style, [inst], renderRun(ctx.style, merged)),
        });
      }
    }
    return edits.length
      ? {
          edits,
          explanation:
            'Moved `apt-get update` into the RUN that installs, so the lists are fresh and removable in the same layer.',
        }
      : null;
  },
};
