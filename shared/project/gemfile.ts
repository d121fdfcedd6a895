/**
 * Just enough of Bundler's Gemfile and Gemfile.lock for the Ruby recipe: which gems (with the
 * platform suffix of precompiled ones) and whether any gem comes from a local path. Format:
 * Gemfile.lock sections (`GEM`, `GIT`, `PATH`) list specs indented by four spaces as
 * `name (version[-platform])` (Bundler's lockfile_parser.rb).
 */

export interface GemFacts {
  /** Gem names → the platform of the locked spec (`x86_64-linux`), '' for the ruby platform, null when unlocked. */
  gems: Map<string, string | null>;
  /** True when the names come from Gemfile.lock (transitive dependencies included). */
  locked: boolean;
  /** A gem from a local path (`PATH` section, `path:` option, `gemspec`): its native code builds inside the app folder. */
  localPath: boolean;
}

const SPEC = /^ {4}([A-Za-z0-9_.-]+) \(([^)]*)\)\s*$/;
const GEM_LINE = /^\s*gem\s*\(?\s*["']([A-Za-z0-9_.-]+)["']/;

/** Reads the lockfile when there is one, else the Gemfile's `gem` lines; null when neither is given. */
export function readGems(gemfile: string | undefined, lock: string | undefined): GemFacts | null {
  const localInGemfile = !!gemfile && /(^|\n)\s*(gemspec\b|gem\s.*\bpath:|path\s*\(?\s*["'])/.test(gemfile);
  if (lock) {
    const gems = new Map<string, string | null>();
    let section = '';
    let localPath = localInGemfile;
    for (const line of lock.split(/\r?\n/)) {
      if (/^[A-Z]/.test(line)) {
        section = line.trim();
        if (section === 'PATH') localPath = true;
        continue;
      }
      if (!['GEM', 'GIT', 'PATH'].includes(section)) continue;
      const m = SPEC.exec(line);
      if (!m) continue;
      // `1.15.5-x86_64-linux` → platform `x86_64-linux`; `1.2.3` → '' (built from source).
      const platform = /^[\d.]+(?:\.[a-z]+\d*)*-(.+)$/i.exec(m[2]!)?.[1] ?? '';
      const prev = gems.get(m[1]!);
      // Several platforms locked for one gem: building from source wins (it is the risky one).
      gems.set(m[1]!, prev === '' ? '' : platform);
    }
    return { gems, locked: true, localPath };
  }
  if (!gemfile) return null;
  const gems = new Map<string, string | null>();
  for (const line of gemfile.split(/\r?\n/)) {
    const m = GEM_LINE.exec(line);
    if (m) gems.set(m[1]!, null);
  }
  return { gems, locked: false, localPath: localInGemfile };
}
