/**
 * The build-context copies a user Whittle adds must own. An app writes where it runs: into folders
 * its repository ships (`uploads/` kept by a `.gitkeep`, Flask's `instance/`, `logs/`) and into
 * files it was copied with (a SQLite database). Copied as root, those stay root's and the app fails
 * with "Permission denied" once it runs as the new user. `COPY --chown` hands them over in the same
 * layer, so it costs no bytes (a `chown -R` in a later RUN would store every file twice).
 */
import type { Instruction, Stage } from '../dockerfile/model';
import { copyDest, workdirAt } from './stage-facts';

/** WORKDIRs that are system folders: copies there are not the app's own to write. */
const SYSTEM_DIR = /^\/(usr|etc|bin|sbin|lib|lib64|var|opt|srv|root|tmp)?$/;

/**
 * The COPY/ADD instructions of `stage` (the final one) that bring files from the build context to
 * its final WORKDIR or below it, without a `--chown` of their own. Copies from another stage or
 * image (`--from`: a venv, node_modules, a binary) and ADD of a URL stay root's: the app reads them.
 * Returns [] when the final WORKDIR is `/`, a system folder or holds a variable.
 */
export function copiesToHandOver(stage: Stage): Instruction[] {
  const wd = workdirAt(stage, stage.instructions.length);
  if (SYSTEM_DIR.test(wd) || wd.includes('$')) return [];
  return stage.instructions.filter((ins, idx) => {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return false;
    if (ins.flags.some((f) => f.name === 'from' || f.name === 'chown')) return false;
    const words = ins.jsonArgs ?? ins.args.split(/\s+/).filter(Boolean);
    if (ins.keyword === 'ADD' && words.some((w) => /^(https?|git@|git):/.test(w))) return false;
    const dest = copyDest(stage, idx, ins);
    return dest === wd || dest.startsWith(`${wd}/`);
  });
}
