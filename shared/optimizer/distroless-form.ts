/**
 * The optimized Dockerfile with its final stage moved onto a distroless base (issue 14 §3). A FROM
 * swap alone ({@link applyBaseCandidate}) is enough for a stage that runs no shell; two shapes that
 * Whittle itself writes run one, and have a shell-free equivalent carried over here:
 *  - WH050's added user (`RUN useradd --system --uid 10001 … app`, maybe `&& chown app:app <WORKDIR>`,
 *    then `USER app` and `COPY --chown=10001:10001`): distroless has its own unprivileged user, so
 *    the RUN goes and the stage runs as WH050 runs a distroless stage (`USER nonroot:nonroot`, copies
 *    `--chown=65532:65532`; runs-as-root.ts). The WORKDIR stays root's, as WH050 leaves it on
 *    distroless: whether the app still writes where it wrote is the writes-as-user check's call;
 *  - WH014's linked Java runtime on debian:bookworm-slim: its RUN's work moves into a helper stage
 *    (java-jlink-distroless.ts).
 * And a stage that runs as root only because nothing says otherwise (no USER at all, on a base
 * whose default is root) gets what WH050 would write on that distroless base, as a variant to try
 * first: `nonroot` (uid 65532) with the app's copies handed to it, or nothing when WH050 holds back
 * there (a low port, a daemon, writes it can see…) or is turned off. A `USER root` the Dockerfile
 * writes is kept. The distroless `:nonroot` tags are not used for this: their WORKDIR
 * (/home/nonroot) would change a stage that sets none.
 */
import type { ProjectContext } from '../api/contract';
import { DEFAULT_CONFIG, type WhittleConfig } from '../config/config';
import { finalStage, flagValue, type Instruction, type Stage } from '../dockerfile/model';
import { parseDockerfile } from '../dockerfile/parse';
import {
  applyEdits,
  deleteInstruction,
  detectStyle,
  renderLine,
  withFlags,
  type Edit,
} from '../dockerfile/printer';
import { segmentsOf } from '../rules/commands';
import {
  JLINK_HELPER_STAGE,
  jlinkHelperCopy,
  jlinkHelperStage,
  readJlinkRuntime,
} from '../rules/multi-stage/java-jlink-distroless';
import {
  ADDED_USER,
  ADDED_USER_RUN,
  DISTROLESS_OWNER,
  DISTROLESS_USER,
  runsAsRoot,
} from '../rules/runs-as-root';
import { resolvePath, workdirAt } from '../rules/stage-facts';
import { makeContext } from './context';

export interface DistrolessFormOptions {
  context: ProjectContext;
  config?: WhittleConfig;
  buildkit?: boolean;
  /** Rule ids turned off for this run (`--disable`): WH050 among them means no nonroot variant. */
  disabled?: string[];
}

export interface DistrolessForm {
  /** The Dockerfile with the final stage on the distroless image (FROM swapped, shapes carried over). */
  text: string;
  /** `text` run as distroless `nonroot`, as WH050 would write it, when the stage runs as root by default; else null. */
  nonroot: string | null;
  /** What was carried over, for the candidate's reason. */
  notes: string[];
}

/** The RUN WH050 writes to add its user on a Debian base, and the WORKDIR it hands over, or null. */
function addedUserRun(stage: Stage, ins: Instruction, idx: number): boolean {
  if (ins.keyword !== 'RUN' || ins.json || ins.heredoc || ins.flags.length) return false;
  const segs = segmentsOf(ins);
  if (segs[0]?.cmd !== ADDED_USER_RUN) return false;
  const wd = workdirAt(stage, idx);
  const { name } = ADDED_USER;
  return segs.slice(1).every((s) => {
    const m = /^chown (\S+) (\S+)$/.exec(s.cmd);
    return !!m && m[1] === `${name}:${name}` && resolvePath(wd, m[2]!.replace(/^'|'$/g, '')) === wd;
  });
}

/** A USER or --chown naming WH050's added user (`app`, `app:app`, `10001`, `10001:10001`). */
const namesAddedUser = (spec: string): boolean => {
  const { name, uid } = ADDED_USER;
  const [u, g] = spec.trim().split(':');
  return (u === name || u === uid) && (g === undefined || g === name || g === uid);
};

/** The default user of a distroless image is root except for its `:nonroot` tags. */
const rootByDefault = (image: string): boolean => !/:nonroot$/.test(image);

/**
 * The Dockerfile `text` with its final stage on the distroless `image` (see the file's comment).
 * Null when the final FROM cannot be swapped. It does not judge whether the stage still needs a
 * shell: the caller reads the result for that.
 */
export function distrolessForm(
  text: string,
  image: string,
  opts: DistrolessFormOptions,
  swap: (text: string, image: string) => string | null,
): DistrolessForm | null {
  const m = parseDockerfile(text);
  const stage = finalStage(m);
  const style = detectStyle(m);
  const edits: Edit[] = [];
  const notes: string[] = [];
  // WH014's runtime RUN → the helper stage (only onto a glibc distroless base).
  const rt = /distroless\/(cc|base)-/.test(image) ? readJlinkRuntime(stage) : null;
  if (rt && !m.stages.some((s) => s.name?.toLowerCase() === JLINK_HELPER_STAGE)) {
    edits.push({
      start: stage.from.startLine,
      end: stage.from.startLine - 1,
      text: jlinkHelperStage(style, rt, image).join(style.eol),
    });
    edits.push({ start: rt.run.startLine, end: rt.run.endLine, text: jlinkHelperCopy(style) });
    notes.push(
      `the linked runtime's locale and the libraries ${image} lacks come from a helper stage on debian:bookworm-slim`,
    );
  }
  // WH050's added user → distroless nonroot.
  const userRuns = stage.instructions.filter((ins, i) => addedUserRun(stage, ins, i));
  if (userRuns.length === 1) {
    edits.push(deleteInstruction(m, userRuns[0]!));
    for (const ins of stage.instructions) {
      if (ins.keyword === 'USER' && namesAddedUser(ins.args))
        edits.push({
          start: ins.startLine,
          end: ins.endLine,
          text: renderLine(style, 'USER', DISTROLESS_USER),
        });
      const chown = flagValue(ins, 'chown');
      if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && chown && namesAddedUser(chown))
        edits.push({
          start: ins.startLine,
          end: ins.endLine,
          text: withFlags(
            style,
            ins,
            ins.flags.map((f) => (f.name === 'chown' ? { name: 'chown', value: DISTROLESS_OWNER } : f)),
          ),
        });
    }
    notes.push(
      `the stage runs as distroless's ${DISTROLESS_USER} instead of the user \`${ADDED_USER.name}\` WH050 adds with useradd`,
    );
  }
  const carried = edits.length ? applyEdits(m, edits) : text;
  const swapped = swap(carried, image);
  if (swapped === null) return null;
  return { text: swapped, nonroot: nonrootVariant(swapped, image, opts), notes };
}

/** `text` (final stage on a distroless image) run as WH050 runs a distroless stage, or null. */
function nonrootVariant(text: string, image: string, opts: DistrolessFormOptions): string | null {
  const config = opts.config ?? DEFAULT_CONFIG;
  const off = [...config.disabled, ...(opts.disabled ?? [])].map((d) => d.toUpperCase());
  if (off.includes(runsAsRoot.meta.id) || !rootByDefault(image)) return null;
  const m = parseDockerfile(text);
  if (finalStage(m).instructions.some((i) => i.keyword === 'USER')) return null;
  const res = runsAsRoot.fix?.(makeContext(m, opts.context, runsAsRoot, opts.buildkit ?? false, config));
  if (!res?.edits.length) return null;
  const out = applyEdits(m, res.edits);
  return out === text ? null : out;
}
