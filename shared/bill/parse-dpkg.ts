/**
 * dpkg's database, as Debian and Ubuntu images keep it: `/var/lib/dpkg/status` (RFC-822-style stanzas,
 * one per package; format in deb-control(5) / dpkg(1)) and `/var/lib/dpkg/info/<pkg>[:<arch>].list`
 * (one installed path per line, directories included). Written by hand: a stanza parser is a few
 * lines, and the npm parsers for Debian control files pull in Node-only dependencies.
 */

/** One installed package from the status file. */
export interface DpkgPackage {
  name: string;
  version: string;
  architecture: string;
  /** `Installed-Size` in KiB (dpkg-gencontrol's estimate), when given. */
  installedSizeKiB?: number;
}

/**
 * Packages whose `Status` says `installed` (config-files, half-installed and the like are skipped:
 * their files are not, or not all, on disk), keyed by the name their `.list` file carries: `name` or `name:arch`.
 */
export function parseDpkgStatus(text: string): Map<string, DpkgPackage> {
  const out = new Map<string, DpkgPackage>();
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      if (line.startsWith(' ') || line.startsWith('\t')) continue; // continuation of a multi-line field
      const i = line.indexOf(':');
      if (i > 0) fields.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
    }
    const name = fields.get('package');
    const status = fields.get('status') ?? '';
    if (!name || status.split(/\s+/)[2] !== 'installed') continue; // `want flag status`
    const pkg: DpkgPackage = {
      name,
      version: fields.get('version') ?? '',
      architecture: fields.get('architecture') ?? '',
    };
    const size = Number(fields.get('installed-size'));
    if (Number.isFinite(size) && fields.has('installed-size')) pkg.installedSizeKiB = size;
    out.set(name, pkg);
    // Multi-arch packages (`Multi-Arch: same`) name their list `name:arch.list`.
    if (pkg.architecture && pkg.architecture !== 'all') out.set(`${name}:${pkg.architecture}`, pkg);
  }
  return out;
}

/** The package key a list file stands for: `/var/lib/dpkg/info/libc6:amd64.list` → `libc6:amd64`. */
export function dpkgListKey(path: string): string | null {
  const m = /^\/var\/lib\/dpkg\/info\/(.+)\.list$/.exec(path);
  return m ? m[1]! : null;
}

/** Paths of a `.list` file (absolute, as dpkg wrote them; `/.` is the root and is dropped). */
export function parseDpkgList(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const p = line.trim();
    if (p && p !== '/.' && p.startsWith('/')) out.push(p);
  }
  return out;
}
