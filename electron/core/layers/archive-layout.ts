/**
 * Finds the image's layer order in a scanned archive, for both layouts Docker writes:
 *  - legacy `docker save`: `manifest.json` = `[{ Config, RepoTags, Layers: ["<id>/layer.tar", …] }]`;
 *  - OCI image layout (containerd image store, Docker 25+, skopeo): `index.json` → (nested indexes →)
 *    an image manifest whose `layers[].digest` name blobs under `blobs/<alg>/<hex>`.
 * Docker 25+ writes both (its manifest.json points into `blobs/`). Either way the manifest's layer list is
 * the config's `rootfs.diff_ids` order, which is what `inspect().RootFS.Layers` shows.
 */
import type { ArchiveScan } from './archive-scan';
import { cleanArchivePath } from './archive-scan';

/** Which description of the image to trust when an archive carries both. */
export type LayoutPreference = 'auto' | 'docker' | 'oci';

/** The layer order of one image in an archive. */
export interface ArchiveLayout {
  layout: 'docker' | 'oci';
  /** Archive paths of the layer blobs, bottom layer first. */
  layerPaths: string[];
  /** The config's `rootfs.diff_ids`, when the config was in the archive. */
  diffIds: string[] | null;
}

interface Descriptor {
  mediaType?: string;
  digest: string;
  annotations?: Record<string, string>;
  platform?: { os?: string; architecture?: string; variant?: string };
}

interface LegacyManifestEntry {
  Config?: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

function blobPath(digest: string): string {
  const [alg, hex] = digest.split(':');
  if (!alg || !hex) throw new Error(`malformed digest ${digest}`);
  return `blobs/${alg}/${hex}`;
}

function parseJson<T>(scan: ArchiveScan, path: string): T | undefined {
  const text = scan.json.get(path);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Tag spellings a user or the daemon may use for one image: `busybox`, `busybox:latest`, `docker.io/library/…`. */
function refVariants(ref: string): Set<string> {
  const out = new Set([ref]);
  const lastSlash = ref.lastIndexOf('/');
  const tagged = ref.includes('@') || ref.lastIndexOf(':') > lastSlash ? ref : `${ref}:latest`;
  out.add(tagged);
  const short = tagged.replace(/^docker\.io\/(library\/)?/, '');
  out.add(short);
  out.add(short.includes('/') ? `docker.io/${short}` : `docker.io/library/${short}`);
  return out;
}

function diffIdsOf(scan: ArchiveScan, configPath: string | undefined): string[] | null {
  if (!configPath) return null;
  const config = parseJson<{ rootfs?: { diff_ids?: string[] } }>(scan, cleanArchivePath(configPath));
  return config?.rootfs?.diff_ids ?? null;
}

function fromLegacy(scan: ArchiveScan, imageRef: string | undefined): ArchiveLayout | null {
  const manifest = parseJson<LegacyManifestEntry[]>(scan, 'manifest.json');
  if (!manifest || manifest.length === 0) return null;
  const wanted = imageRef ? refVariants(imageRef) : null;
  const entry = (wanted && manifest.find((m) => m.RepoTags?.some((t) => wanted.has(t)))) || manifest[0]!;
  return {
    layout: 'docker',
    layerPaths: entry.Layers.map(cleanArchivePath),
    diffIds: diffIdsOf(scan, entry.Config),
  };
}

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

function hostArch(): string {
  return process.arch === 'x64' ? 'amd64' : process.arch === 'ia32' ? '386' : process.arch;
}

/** Orders an index's candidates: named like the ref first, then this host's platform, then the rest. */
function rank(d: Descriptor, wanted: Set<string> | null): number {
  const names = [
    d.annotations?.['io.containerd.image.name'],
    d.annotations?.['org.opencontainers.image.ref.name'],
  ];
  let score = 0;
  if (wanted && names.some((n) => n !== undefined && wanted.has(n))) score -= 4;
  if (d.platform?.os === 'linux' && d.platform.architecture === hostArch()) score -= 2;
  if (d.platform?.architecture === 'unknown') score += 8; // BuildKit attestation manifests, not images
  return score;
}

function fromOci(scan: ArchiveScan, imageRef: string | undefined): ArchiveLayout | null {
  const index = parseJson<{ manifests?: Descriptor[] }>(scan, 'index.json');
  if (!index?.manifests) return null;
  const wanted = imageRef ? refVariants(imageRef) : null;
  const visit = (descriptors: Descriptor[], depth: number): ArchiveLayout | null => {
    if (depth > 4) return null;
    const ordered = descriptors
      .map((d, i) => ({ d, i }))
      .sort((a, b) => rank(a.d, wanted) - rank(b.d, wanted) || a.i - b.i);
    for (const { d } of ordered) {
      const doc = parseJson<{
        mediaType?: string;
        manifests?: Descriptor[];
        layers?: Descriptor[];
        config?: Descriptor;
      }>(scan, blobPath(d.digest));
      if (!doc) continue; // not in the archive (e.g. other platforms of a multi-platform image)
      if (INDEX_TYPES.has(d.mediaType ?? doc.mediaType ?? '') || doc.manifests) {
        const found = visit(doc.manifests ?? [], depth + 1);
        if (found) return found;
        continue;
      }
      if (!doc.layers) continue;
      const layerPaths = doc.layers.map((l) => blobPath(l.digest));
      if (!layerPaths.every((p) => scan.layers.has(p) || scan.links.has(p))) continue; // layers not exported
      return {
        layout: 'oci',
        layerPaths,
        diffIds: diffIdsOf(scan, doc.config && blobPath(doc.config.digest)),
      };
    }
    return null;
  };
  return visit(index.manifests, 0);
}

/** Resolves the layer order of `imageRef` (or the archive's first image) from a scanned archive. */
export function resolveLayout(
  scan: ArchiveScan,
  imageRef?: string,
  prefer: LayoutPreference = 'auto',
): ArchiveLayout {
  const order = prefer === 'oci' ? [fromOci, fromLegacy] : [fromLegacy, fromOci];
  const allowed = prefer === 'auto' ? order : order.slice(0, 1);
  for (const find of allowed) {
    const layout = find(scan, imageRef);
    if (layout) return layout;
  }
  throw new Error(
    prefer === 'auto'
      ? 'not an image archive: neither manifest.json nor an OCI index.json describing an image was found'
      : `the archive has no ${prefer === 'oci' ? 'OCI index.json' : 'docker manifest.json'} describing an image`,
  );
}

/** Follows archive symlinks/hard links to the path whose listing was recorded. */
export function resolveLink(scan: ArchiveScan, path: string): string {
  let current = path;
  for (let hops = 0; hops < 16 && !scan.layers.has(current); hops++) {
    const next = scan.links.get(current);
    if (!next) break;
    current = next;
  }
  return current;
}
