import { commandWords } from '../dockerfile/shell';
import type { Stage } from '../dockerfile/model';
import { segmentsOf } from './commands';
import type { RawFinding, Rule } from './rule';
import { at } from './rule';
import { copyDest, resolvePath, workdirAt } from './stage-facts';

/** Paths a RUN segment writes: `-o FILE`, `-O FILE`, `of=FILE`, `> FILE`, `touch`, `mkdir`. */
function writes(cmd: string): string[] {
  const out: string[] = [];
  const w = commandWords(cmd);
  w.forEach((x, i) => {
    if ((x === '-o' || x === '-O' || x === '--output') && w[i + 1] && ['curl', 'wget'].includes(w[0]!))
      out.push(w[i + 1]!);
    if (x.startsWith('of=')) out.push(x.slice(3));
    if (x === '>' && w[i + 1]) out.push(w[i + 1]!);
  });
  if (w[0] === 'git' && w[1] === 'clone') {
    const args = w.slice(2).filter((x) => !x.startsWith('-'));
    if (args[1]) out.push(args[1]);
  }
  return out;
}

/** Paths a segment deletes with `rm`. */
const deletes = (cmd: string): string[] => {
  const w = commandWords(cmd);
  return w[0] === 'rm' ? w.slice(1).filter((x) => !x.startsWith('-')) : [];
};

function scan(stage: Stage): RawFinding[] {
  const created = new Map<string, number>(); // path → instruction index that stored it
  const out: RawFinding[] = [];
  stage.instructions.forEach((ins, idx) => {
    const wd = workdirAt(stage, idx);
    if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && !ins.flags.some((f) => f.name === 'from')) {
      created.set(copyDest(stage, idx, ins), idx);
    }
    const segs = segmentsOf(ins);
    const here = new Set<string>();
    for (const s of segs) {
      for (const p of writes(s.cmd)) here.add(resolvePath(wd, p));
      for (const p of deletes(s.cmd)) {
        const abs = resolvePath(wd, p);
        if (here.has(abs)) continue; // created and deleted in the same layer: fine
        for (const [path, by] of created) {
          if (by !== idx && (path === abs || path.startsWith(abs + '/'))) {
            const maker = stage.instructions[by]!;
            out.push(
              at(
                ins,
                `${path} is stored by line ${maker.startLine + 1} and only hidden here: its bytes stay in the image`,
                {
                  risk: 'Deleting in the same RUN that creates the file needs the two steps joined by hand (or a builder stage).',
                },
              ),
            );
          }
        }
      }
    }
    for (const p of here) created.set(p, idx);
  });
  return out;
}

export const deletedLater: Rule = {
  meta: {
    id: 'WH028',
    name: 'deleted-in-later-layer',
    title: 'File deleted in a later layer',
    why: 'Layers only ever add: a file written in one instruction and removed in a later one is still stored in the earlier layer and still counts toward the image size (it is merely hidden). Delete temporary files in the same RUN that creates them, or build them in a separate stage and copy only the result.',
    severity: 'warning',
    category: 'layer-hygiene',
    fixable: false,
    shippedOnly: true,
  },
  // Merged into one RUN, the file never reaches a layer.
  fixedBy: ['WH032'],
  check(ctx) {
    return ctx.model.stages.flatMap(scan);
  },
};
