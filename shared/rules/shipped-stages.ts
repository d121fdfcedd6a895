/**
 * Which stages' layers end up in the image Docker ships. The final stage is shipped, and so is
 * every stage it builds FROM (transitively). A stage that other stages only read from — through
 * `COPY --from` or `RUN --mount=…,from=` — is a builder: its caches, package lists and layer
 * count never reach the image, only the files copied out of it do. Stages nothing refers to are
 * kept as shipped (a `docker build --target` may build and ship them).
 *
 * Rules whose saving lives in the layers themselves (`RuleMeta.shippedOnly`) report and fix only
 * shipped stages, as hadolint's DL3060 became stage-aware for the same reason.
 */
import type { DockerfileModel, Stage } from '../dockerfile/model';

/** The stage a `FROM x` / `--from=x` names, by name (case-insensitive) or index, among the stages before `before`. */
function stageNamed(model: DockerfileModel, ref: string, before: number): Stage | undefined {
  const r = ref.trim().toLowerCase();
  return model.stages
    .slice(0, before)
    .find((s) => (s.name && s.name.toLowerCase() === r) || String(s.index) === r);
}

const shippedCache = new WeakMap<DockerfileModel, Set<number>>();

/** Indexes of the stages whose layers are shipped (see the file comment). Computed once per model. */
export function shippedStages(model: DockerfileModel): Set<number> {
  const cached = shippedCache.get(model);
  if (cached) return cached;
  const n = model.stages.length;
  const base = (s: Stage) => stageNamed(model, s.image.raw, s.index);
  const readFrom = new Set<number>();
  // What a stage's files are read by: COPY --from, RUN --mount from=, and `FROM` of a stage that is itself read.
  for (const s of model.stages) {
    for (const ins of s.instructions) {
      for (const f of ins.flags) {
        const ref =
          f.name === 'from'
            ? f.value
            : f.name === 'mount'
              ? /(?:^|,)from=([^,]+)/.exec(f.value ?? '')?.[1]
              : null;
        const src = ref ? stageNamed(model, ref, s.index) : undefined;
        // Copying a whole root or home also carries the caches and lists: treat it as shipping the stage.
        if (src && !(ins.keyword === 'COPY' && /^\/?(root\/?)?\s/.test(`${ins.args} `)))
          readFrom.add(src.index);
      }
    }
  }
  const shipped = new Set<number>();
  for (let s: Stage | undefined = model.stages[n - 1]; s && !shipped.has(s.index); s = base(s))
    shipped.add(s.index);
  // Stages nobody reads or builds on may be a `--target`: keep them.
  const based = new Set(model.stages.map((s) => base(s)?.index).filter((i): i is number => i !== undefined));
  for (const s of model.stages) if (!readFrom.has(s.index) && !based.has(s.index)) shipped.add(s.index);
  // A stage built on a shipped one shares its layers only downward; a base of an unread, unshipped stage is kept too.
  for (let changed = true; changed;) {
    changed = false;
    for (const s of model.stages) {
      const b = base(s);
      if (b && shipped.has(s.index) && !shipped.has(b.index)) {
        shipped.add(b.index);
        changed = true;
      }
    }
  }
  shippedCache.set(model, shipped);
  return shipped;
}

/** True when the 0-based source line belongs to a stage whose layers are shipped (lines before the first FROM count as shipped). */
export function lineShipped(model: DockerfileModel, line: number): boolean {
  const stage = [...model.stages].reverse().find((s) => s.from.startLine <= line);
  return !stage || shippedStages(model).has(stage.index);
}
