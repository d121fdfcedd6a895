/**
 * The bill of bytes of any local image (`whittle bill IMAGE`): its layers mapped from the image
 * history, its base image found (given, or the local image whose layers are the longest proper
 * prefix of this one's), then one streaming pass of the layer analysis with the bill.
 */
import type Dockerode from 'dockerode';
import type { Bill } from '../../../shared/api/bill';
import type { LayerInfo } from '../../../shared/api/contract';
import { billLayers } from '../../../shared/bill/bill-layers';
import { mapLayers, type HistoryEntry } from '../docker/layers';
import { analyzeImage } from './analyze-image';

/** What {@link imageBill} found. */
export interface ImageBill {
  imageId: string;
  sizeBytes: number;
  /** The base image used to tell base layers apart (a tag or id), or null when none was found. */
  base: string | null;
  baseLayerCount: number;
  layers: LayerInfo[];
  bill: Bill;
}

const isPrefix = (short: string[], long: string[]): boolean =>
  short.length > 0 && short.length < long.length && short.every((d, i) => long[i] === d);

/**
 * The local image whose RootFS layers are the longest proper prefix of `layers` (the image this one
 * was built FROM, or its nearest local ancestor), as a tag when it has one.
 */
export async function findBaseImage(
  docker: Dockerode,
  imageId: string,
  layers: string[],
): Promise<{ ref: string; layerCount: number; historyLength: number } | null> {
  let best: { ref: string; layerCount: number; id: string } | null = null;
  for (const info of await docker.listImages()) {
    if (info.Id === imageId) continue;
    const inspect = await docker
      .getImage(info.Id)
      .inspect()
      .catch(() => null);
    const own = inspect?.RootFS?.Layers ?? [];
    if (!isPrefix(own, layers) || (best && own.length <= best.layerCount)) continue;
    const tag = (info.RepoTags ?? []).find((t) => t !== '<none>:<none>');
    best = { ref: tag ?? info.Id, layerCount: own.length, id: info.Id };
  }
  if (!best) return null;
  const history = await docker.getImage(best.id).history();
  return { ref: best.ref, layerCount: best.layerCount, historyLength: history.length };
}

/**
 * The bill of a local image. `base` names the image it was built FROM (otherwise it is looked for
 * among local images). Throws (statusCode 404) when the image or the named base is not local.
 */
export async function imageBill(
  docker: Dockerode,
  ref: string,
  opts: { base?: string; signal?: AbortSignal } = {},
): Promise<ImageBill> {
  const img = docker.getImage(ref);
  let inspect: Dockerode.ImageInspectInfo;
  try {
    inspect = await img.inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404)
      throw Object.assign(new Error(`image ${ref} not found in the Docker daemon`, { cause: err }), {
        statusCode: 404,
      });
    throw err;
  }
  const digests = inspect.RootFS?.Layers ?? [];
  let base: { ref: string; layerCount: number; historyLength: number } | null = null;
  if (opts.base) {
    const b = await docker.getImage(opts.base).inspect();
    const own = b.RootFS?.Layers ?? [];
    if (!own.every((d, i) => digests[i] === d))
      throw new Error(`${opts.base} is not the base of ${ref}: their first layers differ`);
    base = {
      ref: opts.base,
      layerCount: own.length,
      historyLength: (await docker.getImage(opts.base).history()).length,
    };
  } else base = await findBaseImage(docker, inspect.Id, digests);
  const history: HistoryEntry[] = (
    (await img.history()) as { CreatedBy?: string; Size?: number; Comment?: string }[]
  )
    .reverse()
    .map((h) => ({ createdBy: h.CreatedBy || (h.Comment ? `(${h.Comment})` : ''), size: h.Size ?? 0 }));
  const layers = mapLayers(history, Math.min(base?.historyLength ?? 0, history.length), '', digests).map(
    // The layer count is exact where history matching may not be (empty layers are not in the history).
    (l) => (base ? { ...l, isBase: l.index < base.layerCount } : l),
  );
  const contents = await analyzeImage(docker, inspect.Id, {
    topN: 20,
    maxListEntries: 0,
    bill: { layers: billLayers(layers), imageSizeBytes: inspect.Size },
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return {
    imageId: inspect.Id,
    sizeBytes: inspect.Size,
    base: base?.ref ?? null,
    baseLayerCount: base?.layerCount ?? 0,
    layers,
    bill: contents.bill!,
  };
}
