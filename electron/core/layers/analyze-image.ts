/**
 * Entry points of the layer analysis on the Node side: stream an image archive (from the daemon or a
 * file), parse each layer's listing on the fly, then apply the layers in RootFS order to the shared math.
 * The archive itself is never held in memory; what is held is one small record per path.
 */
import type Dockerode from 'dockerode';
import { attributeBill, type BillLayer } from '../../../shared/bill/attribute-bill';
import { ImageAnalyzer } from '../../../shared/layers/image-analyzer';
import type { AnalyzeOptions, ImageContents } from '../../../shared/layers/types';
import { resolveLayout, resolveLink, type LayoutPreference } from './archive-layout';
import { scanImageArchive } from './archive-scan';
import { BillProbe } from './bill-probe';
import type { LayerReadOptions } from './layer-tar-reader';

export type { ImageContents } from '../../../shared/layers/types';

/** Options of {@link analyzeImageArchive} and {@link analyzeImage}. */
export interface AnalyzeImageOptions extends AnalyzeOptions, LayerReadOptions {
  /** Which image of a multi-image archive to analyse (matched against RepoTags / ref annotations). */
  imageRef?: string;
  /** Which description to use when an archive has both `manifest.json` and `index.json` (default `auto`). */
  layout?: LayoutPreference;
  /** Aborts the read (the stream is destroyed and the promise rejects). */
  signal?: AbortSignal;
  /**
   * Also compute the bill of bytes in the same pass (`ImageContents.bill`): what each filesystem
   * layer is (empty when unknown: nothing counts as base or app then) and Docker's image size.
   */
  bill?: { layers: BillLayer[]; imageSizeBytes?: number };
}

/**
 * Analyses an image archive read from any stream: `docker save` output (legacy or Docker 25+ hybrid)
 * or an OCI layout tar (`skopeo copy … oci-archive:`), with plain, gzip or zstd layers in any entry order.
 * `layers[i]` is the i-th entry of the config's `rootfs.diff_ids`, i.e. of `inspect().RootFS.Layers`.
 */
export async function analyzeImageArchive(
  stream: NodeJS.ReadableStream,
  opts: AnalyzeImageOptions = {},
): Promise<ImageContents> {
  const probe = opts.bill ? new BillProbe() : undefined;
  const scan = await scanImageArchive(stream, probe ? { ...opts, probeLayer: probe.probeLayer } : opts);
  const layout = resolveLayout(scan, opts.imageRef, opts.layout);
  if (layout.diffIds && layout.diffIds.length !== layout.layerPaths.length)
    throw new Error(
      `manifest lists ${layout.layerPaths.length} layers but the config has ${layout.diffIds.length} diff ids`,
    );

  // Identical layers (e.g. two empty diffs) share one blob: free a listing after its last use only.
  const keys = layout.layerPaths.map((p) => resolveLink(scan, p));
  const lastUse = new Map<string, number>();
  keys.forEach((k, i) => lastUse.set(k, i));

  const analyzer = new ImageAnalyzer(opts);
  keys.forEach((key, i) => {
    const listing = scan.layers.get(key);
    if (listing === undefined)
      throw new Error(`layer ${layout.layerPaths[i]} is listed in the manifest but missing`);
    if (listing instanceof Error) throw listing;
    analyzer.addLayer(listing);
    if (lastUse.get(key) === i) scan.layers.delete(key);
  });
  const contents: ImageContents = {
    ...analyzer.finish(),
    source: { layout: layout.layout, diffIds: layout.diffIds },
  };
  if (probe && opts.bill) {
    const metadata = probe.visible(keys, (p) => analyzer.lookup(p)?.layer);
    contents.bill = attributeBill({
      forEachFile: (visit) =>
        analyzer.forEachVisible((path, type, size, layer, linkname) =>
          visit({ path, type, size, layer, ...(linkname === undefined ? {} : { linkname }) }),
        ),
      metadata,
      layers: opts.bill.layers,
      reclaimable: analyzer.reclaimableByStoringLayer().map((r) => ({
        ...r,
        largestFiles: contents.reclaimable
          .filter((c) => c.storedByLayer === r.layer)
          .map((c) => ({ path: c.path, bytes: c.sizeBytes })),
      })),
      ...(opts.bill.imageSizeBytes === undefined ? {} : { imageSizeBytes: opts.bill.imageSizeBytes }),
    });
  }
  return contents;
}

/**
 * Analyses an image in the daemon by streaming its export (`GET /images/{name}/get`, what `docker save`
 * uses). `imageRef` is a tag or an image id.
 */
export async function analyzeImage(
  docker: Dockerode,
  imageRef: string,
  opts: AnalyzeImageOptions = {},
): Promise<ImageContents> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.getImage(imageRef).get();
  } catch (err) {
    // The daemon's 404 text varies by version ("reference does not exist", "No such image"); say it plainly.
    if ((err as { statusCode?: number }).statusCode === 404)
      throw Object.assign(new Error(`image ${imageRef} not found in the Docker daemon`, { cause: err }), {
        statusCode: 404,
      });
    throw err;
  }
  return analyzeImageArchive(stream, { imageRef, ...opts });
}
