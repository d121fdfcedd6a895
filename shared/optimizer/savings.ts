/**
 * Honest savings: estimated bytes never count the same bytes twice, and never add up to more
 * than the image.
 *
 * The rule: WH001 (slim base), WH004 (JDK as runtime), WH010 (multi-stage split) and, on a
 * full-size base, WH011 (compilers and -dev packages — the full images already carry them,
 * buildpack-deps) all save the same bytes: the toolchain between the full and the lean image.
 * That pool is claimed once, by the first finding in the order below (one Whittle fixes before
 * one held back; WH010, WH001, WH004, WH011), capped at the base image's own size; the others
 * keep no estimate. Every other estimate is bytes a layer added on top of the base, so the
 * original image is at least `base + those`: that sum is the size estimate, and the total claimed
 * (pool + the rest) cannot exceed it. Likewise WH020 and WH022 on one RUN name the same apt
 * lists: claimed once.
 */
import type { BaseImageFacts } from '../api/contract';
import { isLean } from '../catalog/base-images';
import { imageSize } from '../catalog/image-sizes';
import { finalStage, type DockerfileModel } from '../dockerfile/model';
import { formatBytes } from '../report/bytes';
import type { Finding } from '../rules/types';

/** Rules that save the toolchain pool, in the order that gets to claim it. */
const POOL = ['WH010', 'WH001', 'WH004', 'WH011'];

/**
 * Size of the final stage's base image: the daemon's (`known`, ProjectContext.baseImages) when it
 * has it, else the offline catalog's typical size (Docker Hub, linux/amd64), or 0 when unknown.
 */
export function baseImageBytes(model: DockerfileModel, known?: Record<string, BaseImageFacts>): number {
  const img = finalStage(model).image;
  return imageSize(img, isLean(img), known).bytes;
}

/**
 * The original image's size estimate (bytes): its base plus what the findings say added layers
 * hold. A lower bound when the base is unknown (0).
 */
export function imageEstimate(
  model: DockerfileModel,
  findings: Finding[],
  known?: Record<string, BaseImageFacts>,
): number {
  const pooled = inPool(model);
  return (
    baseImageBytes(model, known) +
    findings.filter((f) => !pooled(f)).reduce((sum, f) => sum + (f.estimatedBytes ?? 0), 0)
  );
}

const inPool = (model: DockerfileModel) => {
  const fat = !isLean(finalStage(model).image);
  return (f: Finding) => POOL.includes(f.ruleId) && (f.ruleId !== 'WH011' || fat);
};

/** Claims `pool` bytes once among `members`: the first (no risk before risk, then `order`) takes what it estimated, up to what is left. */
function claim(members: Finding[], pool: number, order: string[]): void {
  const sorted = [...members].sort(
    (a, b) => Number(!!a.risk) - Number(!!b.risk) || order.indexOf(a.ruleId) - order.indexOf(b.ruleId),
  );
  let left = pool;
  let first: Finding | undefined;
  for (const f of sorted) {
    if (f.estimatedBytes === undefined) continue;
    const take = Math.min(f.estimatedBytes, left);
    left -= take;
    if (take > 0) {
      if (take < f.estimatedBytes && f.estimate)
        f.estimate = {
          ...f.estimate,
          note: `${f.estimate.note ? `${f.estimate.note}; ` : ''}lowered from ${formatBytes(f.estimatedBytes)} to what is there to save (${formatBytes(take)})`,
        };
      f.estimatedBytes = take;
      first ??= f;
    } else {
      delete f.estimatedBytes;
      f.estimate = {
        source: f.estimate?.source ?? 'typical',
        note: first
          ? `no saving of its own: the same bytes are counted under ${first.ruleId} (line ${first.line})`
          : 'no saving of its own: the same bytes are counted once',
      };
    }
  }
}

/** Rules that name the same apt package lists when they meet on one RUN (WH020: update in its own layer; WH022: lists kept). */
const APT_LISTS = ['WH022', 'WH020'];

/**
 * Shares the toolchain pool among the findings that save it, and the apt lists of one RUN
 * between WH020 and WH022 (see the file comment). Changes `estimatedBytes` in place and returns
 * the same array.
 */
export function shareSavings(
  model: DockerfileModel,
  findings: Finding[],
  known?: Record<string, BaseImageFacts>,
): Finding[] {
  const pooled = findings.filter(inPool(model));
  if (pooled.length) {
    const base = baseImageBytes(model, known);
    const most = Math.max(...pooled.map((f) => f.estimatedBytes ?? 0));
    claim(pooled, base ? Math.min(most, base) : most, POOL);
  }
  const lists = new Map<number, Finding[]>();
  for (const f of findings)
    if (APT_LISTS.includes(f.ruleId)) lists.set(f.line, [...(lists.get(f.line) ?? []), f]);
  for (const same of lists.values())
    if (same.length > 1) claim(same, Math.max(...same.map((f) => f.estimatedBytes ?? 0)), APT_LISTS);
  return findings;
}
