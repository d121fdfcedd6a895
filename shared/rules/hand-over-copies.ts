/**
 * The build-context copies a user Whittle adds must own. An app writes where it runs: into folders
 * its repository ships (`uploads/` kept by a `.gitkeep`, Flask's `instance/`, `logs/`) and into
 * files it was copied with (a SQLite database). Copied as root, those stay root's and the app fails
 * with "Permission denied" once it runs as the new user. `COPY --chown` hands them over in the same
 * layer, so it costs no bytes (a `chown -R` in a later RUN would store every file twice).
 */
import type { DockerfileModel, Instruction, Stage } from '../dockerfile/model';
import { copyDest, workdirAt } from './stage-facts';

/** System folders (and `/`): as a WORKDIR they are not the app's own to hand to its user. */
export const isSystemFolder = (dir: string): boolean =>
  /^\/(usr|etc|bin|sbin|lib|lib64|var|opt|srv|root|tmp)?$/.test(dir);

/**
 * The COPY/ADD instructions of `stage` (the final one) that bring the app to its final WORKDIR or
 * below it, without a `--chown` of their own: from the build context, or from a stage of the same
 * Dockerfile onto the WORKDIR itself (a builder's app folder: a Node split copies the whole app,
 * its uploads/ included; a binary or jar copied to a path below it is only read).
 * Copies from an image (`--from=nginx:1.27`) and ADD of a URL stay root's, as does whatever lands
 * outside the WORKDIR (a venv in /opt/venv). Returns [] when the final WORKDIR is `/`, a system
 * folder or holds a variable.
 */
export function copiesToHandOver(model: DockerfileModel, stage: Stage): Instruction[] {
  const stageRefs = new Set(
    model.stages.flatMap((s, i) =>
      s === stage ? [] : [String(i), ...(s.name ? [s.name.toLowerCase()] : [])],
    ),
  );
  const wd = workdirAt(stage, stage.instructions.length);
  if (isSystemFolder(wd) || wd.includes('$')) return [];
  return stage.instructions.filter((ins, idx) => {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') return false;
    if (ins.flags.some((f) => f.name === 'chown')) return false;
    const from = ins.flags.find((f) => f.name === 'from')?.value;
    if (from !== undefined && !stageRefs.has((from ?? '').toLowerCase())) return false;
    const words = ins.jsonArgs ?? ins.args.split(/\s+/).filter(Boolean);
    if (ins.keyword === 'ADD' && words.some((w) => /^(https?|git@|git):/.test(w))) return false;
    const dest = copyDest(stage, idx, ins);
    // From a stage, only a copy of the app folder as a whole (a binary or a jar is only read).
    if (from !== undefined) return dest === wd;
    return dest === wd || dest.startsWith(`${wd}/`);
  });
}
