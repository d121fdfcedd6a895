/**
 * Owners read from a path alone: caches and leftovers, language runtimes installed from source
 * (the official python, node and ruby images build into /usr/local; see docker-library/python,
 * docker-library/node and docker-library/ruby Dockerfiles), and npm package folders.
 */

/** A cache or leftover a path belongs to (by the tool that left it), or null. */
export function cacheName(path: string): string | null {
  if (path.startsWith('/var/lib/apt/lists/')) return 'apt lists';
  if (path.startsWith('/var/cache/apt/')) return 'apt archives';
  if (path.startsWith('/var/cache/apk/')) return 'apk cache';
  if (/^\/var\/cache\/(?:yum|dnf)\//.test(path)) return 'yum/dnf cache';
  if (path.includes('/.cache/pip/')) return 'pip cache';
  if (/^\/(?:root|home\/[^/]+)\/\.npm\//.test(path)) return 'npm cache';
  if (path.includes('/.cache/yarn/') || path.includes('/.yarn/cache/')) return 'yarn cache';
  if (path.includes('/.cache/go-build/')) return 'go build cache';
  if (path.includes('/pkg/mod/cache/')) return 'go module cache';
  if (/\/(?:gems\/[^/]+|bundle|\.gem(?:\/ruby\/[^/]+)?)\/cache\/[^/]+\.gem$/.test(path)) return 'gem cache';
  if (path.includes('/__pycache__/') || path.endsWith('.pyc')) return '__pycache__';
  if (/^\/usr\/(?:local\/)?share\/(?:doc|man|info|gtk-doc)\//.test(path)) return 'docs and man pages';
  if (path.startsWith('/tmp/') || path.startsWith('/var/tmp/')) return 'temporary files';
  if (path.startsWith('/var/log/')) return 'logs';
  if (path.includes('/.cache/')) return 'other caches';
  return null;
}

/** A runtime built from source into /usr/local (or unpacked into /opt), as name + version, or null. */
export function runtimeOf(path: string): { name: string; version?: string } | null {
  let m = /^\/usr\/local\/(?:lib|include)\/python(\d+\.\d+)[^/]*\/(.*)$/.exec(path);
  if (m) return /(?:^|\/)(?:site|dist)-packages\//.test(m[2]!) ? null : { name: 'Python', version: m[1]! };
  m = /^\/usr\/local\/lib\/libpython(\d+\.\d+)/.exec(path);
  if (m) return { name: 'Python', version: m[1]! };
  if (/^\/usr\/local\/bin\/(?:python|pip|pydoc|idle|2to3)[\d.]*(?:-config)?$/.test(path))
    return { name: 'Python' };
  if (/^\/usr\/local\/(?:bin\/node(?:js)?$|include\/node\/)/.test(path)) return { name: 'Node.js' };
  m = /^\/opt\/yarn-v([^/]+)\//.exec(path);
  if (m) return { name: 'Yarn', version: m[1]! };
  m = /^\/usr\/local\/lib\/ruby\/(\d+\.\d+\.\d+)\//.exec(path);
  if (m) return { name: 'Ruby', version: m[1]! };
  if (
    /^\/usr\/local\/(?:lib\/ruby\/(?:site|vendor)_ruby\/|include\/ruby-|lib\/libruby|bin\/(?:ruby|irb|erb|ri|rdoc)$)/.test(
      path,
    )
  )
    return { name: 'Ruby' };
  return null;
}

/**
 * The npm package folder a path sits in (the innermost `node_modules/<name>` or
 * `node_modules/@scope/<name>`), with the package's name, or null.
 */
export function npmPackageOf(path: string): { dir: string; name: string } | null {
  const i = path.lastIndexOf('/node_modules/');
  if (i < 0) return null;
  const rest = path.slice(i + '/node_modules/'.length).split('/');
  if (rest.length < 2) return null; // a file directly in node_modules (.package-lock.json, .yarn-integrity)
  if (rest[0]!.startsWith('@')) {
    if (rest.length < 3) return null;
    const name = `${rest[0]}/${rest[1]}`;
    return { dir: path.slice(0, i) + '/node_modules/' + name, name };
  }
  if (rest[0] === '.bin' || rest[0]!.startsWith('.')) return null;
  return { dir: path.slice(0, i) + '/node_modules/' + rest[0], name: rest[0]! };
}

/** True when a path inside a package sits in a test folder (`test`, `tests`, `__tests__`, `testing`). */
export function inTestFolder(pathInPackage: string): boolean {
  return /(?:^|\/)(?:tests?|__tests__|testing)\//.test(pathInPackage);
}
