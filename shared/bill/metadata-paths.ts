/**
 * Which files of a layer the bill reads as they stream by: the small metadata files that say who
 * owns what. Everything else is attributed from paths alone, so the stream's cost stays a path
 * match per file plus the bytes of these files.
 */

/** The kinds of metadata file the bill reads. */
export type MetaKind =
  | 'dpkg-status'
  | 'dpkg-list'
  | 'apk-installed'
  | 'python-record'
  | 'python-installed-files'
  | 'python-top-level'
  | 'npm-package'
  | 'jdk-release'
  | 'go-version';

/** Largest file of each kind worth reading (a larger one is skipped and its owner falls back). */
export const MAX_META_BYTES: Record<MetaKind, number> = {
  'dpkg-status': 32 * 1024 * 1024,
  'dpkg-list': 8 * 1024 * 1024,
  'apk-installed': 32 * 1024 * 1024,
  'python-record': 8 * 1024 * 1024,
  'python-installed-files': 8 * 1024 * 1024,
  'python-top-level': 64 * 1024,
  'npm-package': 256 * 1024,
  'jdk-release': 64 * 1024,
  'go-version': 4 * 1024,
};

const SITE = String.raw`/(?:site|dist)-packages/[^/]+\.`;
const PATTERNS: [RegExp, MetaKind][] = [
  [/^\/var\/lib\/dpkg\/status$/, 'dpkg-status'],
  [/^\/var\/lib\/dpkg\/info\/[^/]+\.list$/, 'dpkg-list'],
  [/^\/lib\/apk\/db\/installed$/, 'apk-installed'],
  [new RegExp(`${SITE}dist-info/RECORD$`), 'python-record'],
  [new RegExp(`${SITE}egg-info/installed-files\\.txt$`), 'python-installed-files'],
  [new RegExp(`${SITE}(?:dist|egg)-info/top_level\\.txt$`), 'python-top-level'],
  // The package.json at a package's root: node_modules/<name>/ or node_modules/@scope/<name>/.
  [/\/node_modules\/(?:@[^/]+\/)?[^/@][^/]*\/package\.json$/, 'npm-package'],
  [/^\/(?:opt|usr\/lib\/jvm|usr\/local|usr\/java)\/.+\/release$/, 'jdk-release'],
  [/\/go\/VERSION$/, 'go-version'],
];

/** The metadata kind of a file (normalised absolute path), or null when the bill does not read it. */
export function metadataKind(path: string, size: number): MetaKind | null {
  for (const [re, kind] of PATTERNS) if (re.test(path)) return size <= MAX_META_BYTES[kind] ? kind : null;
  return null;
}
