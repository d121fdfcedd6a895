/**
 * Which OS package ships a file, from an image's package database:
 *  - dpkg (Debian, Ubuntu): `/var/lib/dpkg/status` (deb822 stanzas: Package, Status, Architecture;
 *    `man 1 dpkg-query`) and `/var/lib/dpkg/info/<pkg>[:<arch>].list` (one installed path a line);
 *  - apk (Alpine): `/lib/apk/db/installed` (`P:` package, `F:` directory, `R:` file in it; apk-tools'
 *    "installed database" format, stanzas split by blank lines).
 * Used to map a missing soname to the package to install in the runtime stage.
 */

/** A package that ships a file of a given name. */
export interface FileOwner {
  /** Name to install (`libxml2`; `libfoo:i386` for a foreign-architecture package). */
  pkg: string;
  /** The path the package ships it at. */
  path: string;
}

/** Files by base name → the packages shipping a file of that name. */
export type OwnersByName = Map<string, FileOwner[]>;

/** Where the dpkg database lives, for scanners. */
export const DPKG_STATUS = '/var/lib/dpkg/status';
export const DPKG_INFO_DIR = '/var/lib/dpkg/info/';
export const APK_INSTALLED = '/lib/apk/db/installed';

/** True for the database files {@link dpkgOwners} / {@link apkOwners} read. */
export function isPackageDbPath(path: string): boolean {
  return (
    path === DPKG_STATUS ||
    (path.startsWith(DPKG_INFO_DIR) && path.endsWith('.list')) ||
    path === APK_INSTALLED ||
    path === '/usr/lib/apk/db/installed'
  );
}

interface Stanza {
  pkg: string;
  arch: string;
  installed: boolean;
}

function parseStatus(status: string): Stanza[] {
  return status
    .split(/\n\s*\n/)
    .map((block) => {
      const field = (name: string): string | undefined =>
        new RegExp(`^${name}:[ \\t]*(.*)$`, 'mi').exec(block)?.[1]?.trim();
      return {
        pkg: field('Package') ?? '',
        arch: field('Architecture') ?? '',
        installed: /\binstalled$/.test(field('Status') ?? ''),
      };
    })
    .filter((s) => s.pkg);
}

function add(owners: OwnersByName, path: string, owner: Omit<FileOwner, 'path'>): void {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (!name) return;
  const list = owners.get(name) ?? [];
  list.push({ ...owner, path });
  owners.set(name, list);
}

/**
 * Builds the owners index from dpkg's status text and `.list` files (by their path in the image).
 * Only packages whose Status ends in `installed` count.
 */
export function dpkgOwners(status: string, lists: ReadonlyMap<string, string>): OwnersByName {
  const stanzas = parseStatus(status);
  const native = stanzas.find((s) => s.pkg === 'dpkg')?.arch;
  const byKey = new Map<string, Stanza>();
  for (const s of stanzas) {
    if (!s.installed) continue;
    byKey.set(`${s.pkg}:${s.arch}`, s);
    if (!byKey.has(s.pkg)) byKey.set(s.pkg, s);
  }
  const owners: OwnersByName = new Map();
  for (const [path, text] of lists) {
    const key = path.slice(DPKG_INFO_DIR.length, -'.list'.length);
    const stanza = byKey.get(key);
    if (!stanza) continue;
    const foreign = native && stanza.arch !== 'all' && stanza.arch !== native;
    const pkg = foreign ? `${stanza.pkg}:${stanza.arch}` : stanza.pkg;
    for (const line of text.split('\n')) if (line.startsWith('/')) add(owners, line.trim(), { pkg });
  }
  return owners;
}

/** Builds the owners index from apk's installed database. */
export function apkOwners(installed: string): OwnersByName {
  const owners: OwnersByName = new Map();
  for (const block of installed.split(/\n\s*\n/)) {
    let pkg = '';
    let dir = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('P:')) pkg = line.slice(2).trim();
      else if (line.startsWith('F:')) dir = line.slice(2).trim();
      else if (line.startsWith('R:') && pkg)
        add(owners, `/${dir ? dir + '/' : ''}${line.slice(2).trim()}`, { pkg });
    }
  }
  return owners;
}

/** What {@link packagesForSonames} found. */
export interface SonamePackages {
  /** Packages to install, sorted, without duplicates. */
  packages: string[];
  /** The package chosen for each soname. */
  bySoname: Record<string, string>;
  /** Sonames no package in the database ships (e.g. built from source into /usr/local/lib). */
  unmapped: string[];
}

/** Lower is better: runtime library packages before -dev, -dbg and -dbgsym ones; lib dirs first. */
function rank(o: FileOwner): number {
  let r = 0;
  if (/-(dev|dbg|dbgsym|doc)(:|$)/.test(o.pkg)) r += 10;
  if (!/\/lib(32|64|x32)?\//.test(o.path)) r += 5;
  return r;
}

/**
 * Maps each soname to a package that ships a file of that name (the soname symlink or file).
 * Deterministic: best {@link rank}, then the package name.
 */
export function packagesForSonames(owners: OwnersByName, sonames: Iterable<string>): SonamePackages {
  const bySoname: Record<string, string> = {};
  const unmapped: string[] = [];
  for (const soname of [...new Set(sonames)].sort()) {
    const candidates = (owners.get(soname) ?? [])
      .slice()
      .sort((a, b) => rank(a) - rank(b) || a.pkg.localeCompare(b.pkg));
    if (candidates[0]) bySoname[soname] = candidates[0].pkg;
    else unmapped.push(soname);
  }
  return { packages: [...new Set(Object.values(bySoname))].sort(), bySoname, unmapped };
}
