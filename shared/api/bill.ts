/**
 * The bill of bytes (issue 13): every byte an image stores, attributed to exactly one owner.
 * Computed on the Node side in the same streaming pass as the layer analysis
 * (`electron/core/layers/analyze-image.ts`), from the final filesystem plus the package metadata
 * that passed by (dpkg, apk, dist-info, package.json, gem specifications, JDK `release`, Go `VERSION`);
 * the attribution itself is pure (`shared/bill/`).
 *
 * Sum rule: Σ entries[].bytes === storedBytes (the bytes of every tar entry of every layer). Docker's
 * image size differs from that by `unexplainedBytes` (symlink target lengths, which the daemon counts
 * and a tar stores in its headers; hard links counted once); `note` says so in words.
 */

/**
 * Who owns bytes:
 * - `base`: in the base image's layers (the FROM image) and claimed by no finer owner (its
 *   unpackaged files: config, a runtime built from source…); grouped by top folder.
 * - `os-package`: a dpkg or apk package (from `/var/lib/dpkg/status` + `info/*.list`, or
 *   `/lib/apk/db/installed`), whether the base image or the Dockerfile installed it (see `baseBytes`).
 * - `python`: a distribution in a site-packages folder or venv (its `*.dist-info/RECORD`, or
 *   `*.egg-info/installed-files.txt`).
 * - `npm`: a package folder under `node_modules` (name and version from its package.json).
 * - `gem`: a Ruby gem (from `specifications/*.gemspec` and its `gems/<name>-<version>` folder).
 * - `runtime`: a language runtime not owned by a package: a JDK/JRE (`release` + `lib/modules`), the Go
 *   toolchain (`VERSION`), a Python or Node.js built from source into `/usr/local`.
 * - `app`: what the Dockerfile's own COPY/ADD instructions brought, by top folder of the destination.
 * - `cache`: caches and leftovers no package owns: package-manager caches (apt lists and archives,
 *   pip, npm, yarn, gem, go build), `__pycache__`, docs and man pages.
 * - `reclaimable`: bytes a layer stores that a later layer hides (overwritten or deleted); one entry
 *   per storing instruction (`layer`).
 * - `unattributed`: everything else, including packages whose database could not be read (rpm).
 */
export type BillKind =
  | 'base'
  | 'os-package'
  | 'python'
  | 'npm'
  | 'gem'
  | 'runtime'
  | 'app'
  | 'cache'
  | 'reclaimable'
  | 'unattributed';

/** Every bill kind, in display order. */
export const BILL_KINDS: readonly BillKind[] = [
  'base',
  'os-package',
  'python',
  'npm',
  'gem',
  'runtime',
  'app',
  'cache',
  'reclaimable',
  'unattributed',
];

/** One file of an owner (bytes = its size in the tar). */
export interface BillFile {
  path: string;
  bytes: number;
}

/** What Whittle offers against an owner: an automatic rule or a piece of advice (not applied). */
export interface BillAddress {
  /** `rule`: a fix the optimizer applies (id like `WH012`); `advice`: what the user may do by hand. */
  type: 'rule' | 'advice';
  /** Rule id when `type` is `rule`. */
  ruleId?: string;
  /** One sentence, e.g. "Build a custom runtime with jlink: 38 of 70 modules are rarely needed." */
  text: string;
}

/** One owner's line of the bill. */
export interface BillEntry {
  kind: BillKind;
  /**
   * Package or owner name: `libssl3`, `flask`, `express`, `/app`, `JDK 17.0.9`, `apt lists`; for
   * `reclaimable`, the storing instruction's text; for `base`, the top folder (`/usr/local`).
   */
  name: string;
  version?: string;
  /** Bytes this owner has in the image (visible files; for `reclaimable`, the hidden copies). */
  bytes: number;
  /** How many files (non-directory entries) make up `bytes`. */
  files: number;
  /** Of `bytes`, how many sit in the base image's layers (the base image split into owners). */
  baseBytes?: number;
  /** For `reclaimable`: index of the filesystem layer that stored the hidden bytes. */
  layer?: number;
  /** The owner's largest files, largest first (at most a handful; for the UI's drill-down). */
  largestFiles?: BillFile[];
  /** The rule or advice that addresses this owner, where one exists. */
  addressedBy?: BillAddress;
}

/** A bill's totals and the words on what does not add up (`ImageReport.billTotals`). */
export interface BillTotals {
  /** Σ entries' bytes: what every layer stores (visible + reclaimable). */
  totalBytes: number;
  /** Docker's size of the image (`inspect().Size`), when known. */
  imageSizeBytes?: number;
  /** imageSizeBytes − totalBytes (0 when the image size is unknown); see `note`. */
  unexplainedBytes: number;
  /** Plain words on what the rest is, and on anything that could not be read (e.g. an rpm database). */
  note: string;
}

/**
 * The bill of one image (`whittle bill --json`, and what `attributeBill` returns). On an
 * `ImageReport` it travels split: `bill` (the entries, as `compare --json` promises) and `billTotals`.
 */
export interface Bill extends BillTotals {
  /** Owners, largest first. Σ bytes === totalBytes. */
  entries: BillEntry[];
}

/** The original's and the optimized image's bills side by side (compare). */
export interface BillComparison {
  /** Owners in the original that the optimized image no longer has (by kind + name), largest first. */
  left: BillEntry[];
  /** Owners only the optimized image has (e.g. runtime libraries a multi-stage build keeps). */
  cameIn: BillEntry[];
  /** The 10 largest owners left in the optimized image, each with `addressedBy` where one exists. */
  largestLeft: BillEntry[];
}
