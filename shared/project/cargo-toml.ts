/**
 * Just enough of Cargo's manifest and lockfile for the Rust recipe: the package name, the
 * binary targets, whether it is a workspace, and the crate names the lockfile resolves.
 * Cargo's target auto-discovery (src/main.rs, src/bin/*.rs, src/bin/<name>/main.rs) follows
 * "Cargo Targets" in the Cargo book. A line-based reader, not a TOML parser: only `[section]`
 * headers and `key = "string"` / `key = bool` lines are read (no TOML library is installed).
 */

export interface CargoFacts {
  /** `[package] name`, or null (a virtual workspace manifest has none). */
  packageName: string | null;
  /** True when the manifest has a `[workspace]` section. */
  workspace: boolean;
  /** Names of the binaries cargo builds by default (explicit `[[bin]]` plus auto-discovered ones). */
  bins: string[];
  /** Crate names of `[dependencies]`-like sections (direct dependencies only). */
  dependencies: string[];
}

const HEADER = /^\s*\[(\[)?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/;
const STRING_KEY = /^\s*([\w-]+)\s*=\s*"([^"]*)"/;
const BOOL_KEY = /^\s*([\w-]+)\s*=\s*(true|false)\b/;
const DEP_KEY = /^\s*([\w-]+)\s*(\.[\w-]+\s*)?=/;

/** Reads Cargo.toml text; `files` (project-relative paths) drives target auto-discovery. */
export function readCargoToml(text: string, files: string[]): CargoFacts {
  let section = '';
  let packageName: string | null = null;
  let autobins = true;
  let workspace = false;
  const bins: { name?: string; path?: string }[] = [];
  const deps = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const h = HEADER.exec(line);
    if (h) {
      section = (h[1] ? '[[' : '') + h[2]!;
      if (section === '[[bin') bins.push({});
      if (section === 'workspace' || section.startsWith('workspace.')) workspace = true;
      const dep = /^(?:target\..+\.)?(?:dependencies|build-dependencies)\.([\w-]+)$/.exec(section);
      if (dep) deps.add(dep[1]!);
      continue;
    }
    const s = STRING_KEY.exec(line);
    const b = BOOL_KEY.exec(line);
    if (section === 'package') {
      if (s?.[1] === 'name') packageName = s[2]!;
      if (b?.[1] === 'autobins') autobins = b[2] === 'true';
    } else if (section === '[[bin' && s && (s[1] === 'name' || s[1] === 'path')) {
      bins[bins.length - 1]![s[1] as 'name' | 'path'] = s[2]!;
    } else if (/^(?:target\..+\.)?dependencies$/.test(section)) {
      const d = DEP_KEY.exec(line);
      if (d) deps.add(d[1]!);
    }
  }
  const names = new Set(bins.map((x) => x.name).filter((n): n is string => !!n));
  const explicitPaths = new Set(bins.map((x) => x.path).filter(Boolean));
  if (autobins && packageName && files.includes('src/main.rs') && !explicitPaths.has('src/main.rs'))
    names.add(packageName);
  if (autobins) {
    for (const f of files) {
      const m = /^src\/bin\/([^/]+)\.rs$/.exec(f) ?? /^src\/bin\/([^/]+)\/main\.rs$/.exec(f);
      if (m && !explicitPaths.has(f)) names.add(m[1]!);
    }
  }
  return { packageName, workspace, bins: [...names], dependencies: [...deps] };
}

/** Crate names in a Cargo.lock (`[[package]]` tables' `name`). */
export function cargoLockCrates(text: string): string[] {
  const out = new Set<string>();
  let inPackage = false;
  for (const line of text.split(/\r?\n/)) {
    const h = HEADER.exec(line);
    if (h) {
      inPackage = h[1] === '[' && h[2] === 'package';
      continue;
    }
    const s = STRING_KEY.exec(line);
    if (inPackage && s?.[1] === 'name') out.add(s[2]!);
  }
  return [...out];
}
