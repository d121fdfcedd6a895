/**
 * Runs a list of checks on an image against the original and pairs their verdicts. A check that
 * throws is reported as skipped with the error (cancellation and a lost daemon still propagate).
 */
import type Dockerode from 'dockerode';
import type { CheckId, CheckPair } from '../../../shared/api/verify';
import { isRegression, type Check, type CheckTarget } from '../checks/types';

export interface CheckRun {
  docker: Dockerode;
  originalImage: string;
  checkCommand?: string[];
  /** The image the original's final stage is FROM (see CheckTarget.baseImage), when known. */
  originalBaseImage?: string;
  signal?: AbortSignal;
  onCheck?: (pair: CheckPair) => void;
}

export async function runChecks(
  checks: readonly Check[],
  ctx: CheckRun,
  image: string,
  only?: readonly CheckId[],
): Promise<CheckPair[]> {
  const target = (img: string, role: CheckTarget['role']): CheckTarget => ({
    docker: ctx.docker,
    image: img,
    role,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.checkCommand ? { checkCommand: ctx.checkCommand } : {}),
    ...(role === 'original' && ctx.originalBaseImage ? { baseImage: ctx.originalBaseImage } : {}),
  });
  const out: CheckPair[] = [];
  for (const c of checks) {
    if (only && !only.includes(c.id)) continue;
    let pair: CheckPair;
    try {
      const r = await c.run(target(ctx.originalImage, 'original'), target(image, 'optimized'));
      pair = { id: c.id, title: c.title, ...r, regression: isRegression(r) };
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'CANCELLED' || code === 'DOCKER_UNREACHABLE') throw e;
      const skipped = {
        id: c.id,
        title: c.title,
        status: 'skip' as const,
        summary: `The check could not run: ${(e as Error).message}`,
        evidence: [],
      };
      pair = { id: c.id, title: c.title, original: skipped, optimized: skipped, regression: false };
    }
    ctx.onCheck?.(pair);
    out.push(pair);
  }
  return out;
}
