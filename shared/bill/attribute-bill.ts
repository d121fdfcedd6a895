/**
 * Attributes every byte an image stores to exactly one owner (the bill of bytes, issue 13). Pure:
 * it takes the final filesystem (as a visitor over visible entries), the visible metadata files'
 * texts, what each layer is, and the reclaimable bytes per storing layer. Precedence per file:
 * a package that lists the file (dpkg, apk, RECORD…) → a cache or leftover → a folder owner (npm
 * package, gem, JDK, Go, Python module) → a runtime built from source → the Dockerfile's COPY/ADD
 * (`app`, by top folder) → the base image's layers (`base`, by top folder) → `unattributed`.
 */
import type { Bill, BillEntry, BillFile, BillKind } from '../api/bill';
import type { EntryType } from '../layers/layer-entry';
import { addressOf, type OwnerFacts } from './addressed-by';
import { cacheName, inTestFolder, npmPackageOf, runtimeOf } from './classify-path';
import { OwnerIndex, type Owner } from './owner-index';
import { topFolder } from './paths';

/** One visible non-directory entry of the final filesystem. */
export interface VisibleFile {
  path: string;
  type: EntryType;
  /** Bytes in the tar (0 for links). */
  size: number;
  /** Filesystem layer whose copy is visible. */
  layer: number;
  linkname?: string;
}

/** What each filesystem layer is (from the image history mapped to the Dockerfile). */
export interface BillLayer {
  index: number;
  instruction: string;
  isBase: boolean;
}

/** Bytes a layer stores that a later layer hides. */
export interface ReclaimableLayer {
  layer: number;
  bytes: number;
  files: number;
  largestFiles?: BillFile[];
}

/** Inputs of {@link attributeBill}. */
export interface BillInput {
  /** Calls `visit` once per visible non-directory entry; called twice. */
  forEachFile(visit: (f: VisibleFile) => void): void;
  /** Texts of the visible metadata files (see metadata-paths.ts), by path. */
  metadata: Map<string, string>;
  /** Per filesystem layer; empty when unknown (then nothing counts as base or app). */
  layers: BillLayer[];
  reclaimable: ReclaimableLayer[];
  /** Docker's size of the image, for `unexplainedBytes`. */
  imageSizeBytes?: number;
  /** How many largest files to keep per owner (default 5). */
  largestFiles?: number;
}

interface Acc extends OwnerFacts {
  owner: Pick<Owner, 'kind' | 'name' | 'version' | 'modules'>;
  bytes: number;
  files: number;
  baseBytes: number;
  largest: BillFile[];
}

const COPY_RE = /^(?:COPY|ADD)\b/i;

function pushLargest(list: BillFile[], path: string, bytes: number, limit: number): void {
  if (limit <= 0 || bytes <= 0) return;
  if (list.length >= limit && list[list.length - 1]!.bytes >= bytes) return;
  list.push({ path, bytes });
  list.sort((a, b) => b.bytes - a.bytes);
  if (list.length > limit) list.pop();
}

/** Computes the bill. Σ entries' bytes = visible bytes + reclaimable bytes = what the layers store. */
export function attributeBill(input: BillInput): Bill {
  const limit = input.largestFiles ?? 5;
  const symlinks = new Map<string, string>();
  const visible = new Set<string>();
  const gemSpecs: string[] = [];
  let rpm = false;
  let symlinkBytes = 0;
  input.forEachFile((f) => {
    if (f.type === 'symlink' && f.linkname !== undefined) {
      symlinks.set(f.path, f.linkname);
      symlinkBytes += f.linkname.length;
    }
    if (f.path.endsWith('/bin/javac')) visible.add(f.path);
    if (f.path.endsWith('.gemspec') && /\/specifications\/(?:default\/)?[^/]+$/.test(f.path))
      gemSpecs.push(f.path);
    if (/^\/(?:var\/lib\/rpm|usr\/lib\/sysimage\/rpm)\//.test(f.path)) rpm = true;
  });
  const index = new OwnerIndex(input.metadata, { symlinks, gemSpecs, has: (p) => visible.has(p) });
  const layerOf = new Map(input.layers.map((l) => [l.index, l]));

  const accs = new Map<string, Acc>();
  const accFor = (o: Pick<Owner, 'kind' | 'name' | 'version' | 'modules'>, key: string): Acc => {
    let a = accs.get(key);
    if (!a) {
      a = { owner: o, bytes: 0, files: 0, baseBytes: 0, largest: [], testBytes: 0 };
      accs.set(key, a);
    }
    return a;
  };
  // By kind, then name: no key string is built per file for the owners read from paths.
  const byKind = new Map<BillKind, Map<string, Acc>>();
  const simple = (kind: BillKind, name: string, version?: string): Acc => {
    let names = byKind.get(kind);
    if (!names) byKind.set(kind, (names = new Map()));
    const k = version === undefined ? name : `${name}\0${version}`;
    let a = names.get(k);
    if (!a) {
      a = accFor({ kind, name, ...(version ? { version } : {}) }, `${kind}\0${name}\0${version ?? ''}`);
      names.set(k, a);
    }
    return a;
  };

  let npmVersions: Map<string, string> | null = null;
  const npmVersion = (dir: string): string | undefined => {
    if (!npmVersions) {
      npmVersions = new Map();
      for (const [p, text] of input.metadata)
        if (p.endsWith('/package.json') && p.includes('/node_modules/'))
          try {
            const v = (JSON.parse(text) as { version?: unknown }).version;
            if (typeof v === 'string') npmVersions.set(p.slice(0, -'/package.json'.length), v);
          } catch {
            /* an unreadable package.json: the package is still named by its folder */
          }
    }
    return npmVersions.get(dir);
  };

  input.forEachFile((f) => {
    const layer = layerOf.get(f.layer);
    let acc: Acc;
    let inPackage: string | null = null;
    const exact = index.exact.get(f.path);
    const cache = exact ? null : cacheName(f.path);
    if (exact) acc = accFor(exact, exact.key);
    else if (cache) acc = simple('cache', cache);
    else {
      const npm = npmPackageOf(f.path);
      const folder = npm ? undefined : index.folderOwner(f.path);
      const runtime = npm || folder ? null : runtimeOf(f.path);
      if (npm) {
        acc = simple('npm', npm.name, npmVersion(npm.dir));
        inPackage = f.path.slice(npm.dir.length + 1);
      } else if (folder) acc = accFor(folder, folder.key);
      else if (runtime) acc = simple('runtime', runtime.name, runtime.version);
      else if (layer && !layer.isBase && COPY_RE.test(layer.instruction))
        acc = simple('app', topFolder(f.path, 1));
      else if (layer?.isBase) acc = simple('base', topFolder(f.path, 2));
      else acc = simple('unattributed', topFolder(f.path, 2));
    }
    if (inPackage === null && (acc.owner.kind === 'python' || acc.owner.kind === 'gem'))
      inPackage = f.path.replace(/^.*?\/(?:site|dist)-packages\/|^.*?\/gems\/[^/]+\//, '');
    acc.bytes += f.size;
    acc.files += 1;
    if (layer?.isBase) acc.baseBytes += f.size;
    if (inPackage !== null && inTestFolder(inPackage)) acc.testBytes += f.size;
    pushLargest(acc.largest, f.path, f.size, limit);
  });

  const entries: BillEntry[] = [];
  for (const a of accs.values()) {
    const e: BillEntry = { kind: a.owner.kind, name: a.owner.name, bytes: a.bytes, files: a.files };
    if (a.owner.version) e.version = a.owner.version;
    if (a.baseBytes) e.baseBytes = a.baseBytes;
    if (a.largest.length) e.largestFiles = a.largest;
    const address = addressOf(e, { testBytes: a.testBytes, modules: a.owner.modules });
    if (address) e.addressedBy = address;
    entries.push(e);
  }
  for (const r of input.reclaimable) {
    if (r.bytes <= 0) continue;
    const l = layerOf.get(r.layer);
    const e: BillEntry = {
      kind: 'reclaimable',
      name: l ? l.instruction : `layer ${r.layer}`,
      bytes: r.bytes,
      files: r.files,
      layer: r.layer,
    };
    if (l?.isBase) e.baseBytes = r.bytes;
    if (r.largestFiles?.length) e.largestFiles = r.largestFiles.slice(0, limit);
    // The base image's own hidden copies are not the Dockerfile's to fix.
    const address = l?.isBase ? undefined : addressOf(e, { testBytes: 0 });
    if (address) e.addressedBy = address;
    entries.push(e);
  }
  entries.sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const totalBytes = entries.reduce((s, e) => s + e.bytes, 0);
  const unexplained = input.imageSizeBytes === undefined ? 0 : input.imageSizeBytes - totalBytes;
  return {
    entries,
    totalBytes,
    ...(input.imageSizeBytes === undefined ? {} : { imageSizeBytes: input.imageSizeBytes }),
    unexplainedBytes: unexplained,
    note: billNote(totalBytes, input.imageSizeBytes, symlinkBytes, rpm, index.notes),
  };
}

function billNote(
  total: number,
  imageSize: number | undefined,
  symlinkBytes: number,
  rpm: boolean,
  notes: string[],
): string {
  const out = [`The owners add up to the ${total} bytes the layers store (visible files plus reclaimable).`];
  if (imageSize !== undefined) {
    const diff = imageSize - total;
    const pct = imageSize ? ((Math.abs(diff) / imageSize) * 100).toFixed(2) : '0';
    out.push(
      `Docker reports ${imageSize} bytes (${diff >= 0 ? '+' : '−'}${Math.abs(diff)}, ${pct}%): the daemon also ` +
        `counts each symlink's target length (${symlinkBytes} bytes for the visible ones) and the ` +
        'whiteout markers, which a tar keeps in its headers; hard links count once either way.',
    );
  }
  if (rpm)
    out.push(
      'An rpm database is present but Whittle does not read it: rpm packages’ bytes count as base or unattributed.',
    );
  for (const n of notes) out.push(`Note: ${n}.`);
  return out.join(' ');
}
