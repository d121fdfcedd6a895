/**
 * The loop's repair for "Runtime libraries resolve": before a fix is held back for a missing
 * library, the packages that ship it are added to the runtime stage (checks/repair-libraries.ts).
 * Package databases are read from the images of the candidate's earlier stages (the builder, which
 * had the library when it compiled against it), then from the original image.
 */
import type Dockerode from 'dockerode';
import type { PackageManager } from '../../../shared/repair/runtime-packages';
import { repairMissingLibraries } from '../checks/repair-libraries';
import type { LoopDeps } from './hold-back';

/** Base images of every stage but the last, skipping references to earlier stages. */
export function builderBases(text: string): string[] {
  const froms = [...text.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/gim)].map((m) => ({
    image: m[1]!,
    name: m[2]?.toLowerCase(),
  }));
  const names = new Set(froms.map((f) => f.name).filter(Boolean));
  return [
    ...new Set(
      froms
        .slice(0, -1)
        .map((f) => f.image)
        .filter((i) => !names.has(i.toLowerCase()) && i !== 'scratch' && !i.includes('$')),
    ),
  ];
}

export function libraryRepair(
  docker: Dockerode,
  originalImage: string,
  signal?: AbortSignal,
): NonNullable<LoopDeps['repair']> {
  return async (pair, c) => {
    if (pair.id !== 'runtime-libraries') return null;
    const missing = (pair.optimized.data?.missingSonames as string[] | undefined) ?? [];
    if (!missing.length) return null;
    const r = await repairMissingLibraries({
      docker,
      missingSonames: missing,
      sourceImages: [...builderBases(c.text), originalImage],
      dockerfileText: c.text,
      runtimeManager: pair.optimized.data?.packageManager as PackageManager | null | undefined,
      ...(signal ? { signal } : {}),
    });
    return r.text ? { candidate: { ...c, text: r.text }, summary: r.summary } : null;
  };
}
