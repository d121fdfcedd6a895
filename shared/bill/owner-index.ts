/**
 * The owners that package metadata names: exact paths (dpkg and apk lists, RECORD,
 * installed-files.txt) and folders (gem folders, JDK homes, the Go root, top-level Python modules
 * of distributions without a file list). Listed paths are canonicalised through the image's
 * directory symlinks, so `/lib/x86_64-linux-gnu/libc.so.6` in a merged-/usr image finds the file
 * stored at `/usr/lib/x86_64-linux-gnu/libc.so.6`.
 */
import type { BillKind } from '../api/bill';
import { dpkgListKey, parseDpkgList, parseDpkgStatus } from './parse-dpkg';
import { parseApkInstalled } from './parse-apk';
import { distInfoName, parseInstalledFiles, parseRecord, parseTopLevel } from './parse-python';
import { metadataKind, type MetaKind } from './metadata-paths';
import { dirOf, nameOf, resolvePath } from './paths';

/** One owner; the same object for every file it owns. */
export interface Owner {
  key: string;
  kind: BillKind;
  name: string;
  version?: string;
  /** For a JDK: how many modules its `release` lists. */
  modules?: number;
}

/** What the index needs from a first look at the final filesystem. */
export interface FsFacts {
  /** Visible symlinks: path → target as stored. */
  symlinks: Map<string, string>;
  /** Whether a path is visible (for `bin/javac` and gem specification checks). */
  has(path: string): boolean;
  /** Visible `…/specifications/<name>-<version>.gemspec` paths. */
  gemSpecs: string[];
}

/** Owners by exact path and by folder, plus notes on metadata that was there but not usable. */
export class OwnerIndex {
  readonly exact = new Map<string, Owner>();
  readonly folders = new Map<string, Owner>();
  readonly notes: string[] = [];
  private readonly owners = new Map<string, Owner>();
  private readonly canonicalDirs = new Map<string, string>();

  constructor(
    metadata: Map<string, string>,
    private readonly fs: FsFacts,
  ) {
    const byKind = new Map<MetaKind, [string, string][]>();
    for (const [path, text] of metadata) {
      const kind = metadataKind(path, 0);
      if (kind) byKind.set(kind, [...(byKind.get(kind) ?? []), [path, text]]);
    }
    const get = (k: MetaKind) => byKind.get(k) ?? [];
    this.addDpkg(get('dpkg-status'), get('dpkg-list'));
    for (const [, text] of get('apk-installed'))
      for (const p of parseApkInstalled(text)) {
        const o = this.owner('os-package', p.name, p.version);
        for (const f of p.files) this.claim(f, o);
      }
    this.addPython(get('python-record'), get('python-installed-files'), get('python-top-level'));
    for (const spec of fs.gemSpecs) this.addGem(spec);
    for (const [path, text] of get('jdk-release')) this.addJdk(path, text);
    for (const [path, text] of get('go-version')) {
      const v = /^go\d[^\s]*/.exec(text.trim());
      if (v) this.folders.set(dirOf(path), this.owner('runtime', 'Go toolchain', v[0]));
    }
  }

  /** The owner object for kind + name + version (one per distinct triple). */
  owner(kind: BillKind, name: string, version?: string, extra: Partial<Owner> = {}): Owner {
    const key = `${kind}\0${name}\0${version ?? ''}`;
    let o = this.owners.get(key);
    if (!o) {
      o = { key, kind, name, ...(version ? { version } : {}), ...extra };
      this.owners.set(key, o);
    }
    return o;
  }

  /** Resolves symlinked folders in a listed path (not the last component); at most 32 hops. */
  canonical(path: string): string {
    const dir = dirOf(path);
    if (dir === '/') return path;
    const c = this.canonicalDir(dir, 0);
    return c === dir ? path : (c === '/' ? '' : c) + '/' + nameOf(path);
  }

  private canonicalDir(dir: string, depth: number): string {
    if (dir === '/' || depth > 32) return dir;
    const known = this.canonicalDirs.get(dir);
    if (known !== undefined) return known;
    const parent = this.canonicalDir(dirOf(dir), depth + 1);
    let here = (parent === '/' ? '' : parent) + '/' + nameOf(dir);
    const target = this.fs.symlinks.get(here);
    if (target !== undefined) {
      const resolved = resolvePath(target.startsWith('/') ? '/' : parent, target);
      here = resolved ? this.canonicalDir(resolved, depth + 1) : here;
    }
    this.canonicalDirs.set(dir, here);
    return here;
  }

  private claim(path: string, o: Owner): void {
    const c = this.canonical(path);
    if (!this.exact.has(c)) this.exact.set(c, o);
  }

  private addDpkg(status: [string, string][], lists: [string, string][]): void {
    if (lists.length && !status.length) this.notes.push('dpkg lists without a readable status file');
    const packages = status.length ? parseDpkgStatus(status[0]![1]) : new Map();
    for (const [path, text] of lists) {
      const key = dpkgListKey(path);
      const pkg = key ? packages.get(key) : undefined;
      if (!pkg) continue; // a leftover list of a removed package
      const o = this.owner('os-package', pkg.name, pkg.version);
      for (const f of parseDpkgList(text)) this.claim(f, o);
    }
  }

  private addPython(
    records: [string, string][],
    installed: [string, string][],
    topLevels: [string, string][],
  ): void {
    const listed = new Set<string>();
    for (const [path, text] of records) {
      const id = distInfoName(dirOf(path));
      if (!id) continue;
      listed.add(dirOf(path));
      const o = this.owner('python', id.name, id.version);
      for (const f of parseRecord(path, text)) this.claim(f.path, o);
      this.folders.set(dirOf(path), o);
    }
    for (const [path, text] of installed) {
      const id = distInfoName(dirOf(path));
      if (!id) continue;
      listed.add(dirOf(path));
      const o = this.owner('python', id.name, id.version);
      for (const f of parseInstalledFiles(path, text)) this.claim(f, o);
      this.folders.set(dirOf(path), o);
    }
    // Without a file list, a distribution owns its metadata folder and its top-level modules.
    for (const [path, text] of topLevels) {
      const info = dirOf(path);
      const id = listed.has(info) ? null : distInfoName(info);
      if (!id) continue;
      const o = this.owner('python', id.name, id.version);
      const site = dirOf(info);
      this.folders.set(info, o);
      for (const mod of parseTopLevel(text)) {
        if (!this.folders.has(`${site}/${mod}`)) this.folders.set(`${site}/${mod}`, o);
        this.claim(`${site}/${mod}.py`, o);
      }
    }
  }

  private addGem(specPath: string): void {
    const m = /^(.*)\/specifications\/(?:default\/)?([^/]+)\.gemspec$/.exec(specPath);
    const id = m && /^(.+?)-(\d[^-]*(?:-.+)?)$/.exec(m[2]!);
    if (!m || !id) return;
    const home = m[1]!;
    const nv = m[2]!;
    const o = this.owner('gem', id[1]!, id[2]!);
    this.exact.set(specPath, o);
    this.folders.set(`${home}/gems/${nv}`, o);
    this.folders.set(`${home}/doc/${nv}`, o);
    this.folders.set(`${home}/extensions/${nv}`, o); // matched below through the platform folders
  }

  private addJdk(path: string, text: string): void {
    const v = /^JAVA_VERSION="?([^"\n]+)"?/m.exec(text);
    if (!v) return;
    const home = dirOf(path);
    const mods = /^MODULES="([^"]*)"/m.exec(text);
    const kind = this.fs.has(`${home}/bin/javac`) ? 'JDK' : 'JRE';
    const modules = mods ? mods[1]!.split(/\s+/).filter(Boolean).length : undefined;
    this.folders.set(home, this.owner('runtime', kind, v[1]!, modules ? { modules } : {}));
  }

  /** The folder owner of a path: the deepest owned folder above it (gem extension folders included). */
  folderOwner(path: string): Owner | undefined {
    if (this.folders.size === 0) return undefined;
    let dir = dirOf(path);
    while (dir !== '/') {
      const o = this.folders.get(dir);
      if (o) return o;
      // <home>/extensions/<platform>/<api>/<name-version>/… is owned as <home>/extensions/<name-version>.
      const ext = dir.includes('/extensions/') && /^(.*\/extensions)\/[^/]+\/[^/]+\/([^/]+)$/.exec(dir);
      if (ext) {
        const g = this.folders.get(`${ext[1]}/${ext[2]}`);
        if (g) return g;
      }
      dir = dirOf(dir);
    }
    return undefined;
  }
}
