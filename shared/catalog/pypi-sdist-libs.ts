/**
 * PyPI packages published as source only (no wheels) whose build links a system library
 * whenever that library's headers are installed — as they are on the full `python` images,
 * whose buildpack-deps base ships the `-dev` packages. Built there and copied into a `-slim`
 * runtime, such a package fails at start ("error while loading shared libraries"), so the
 * runtime stage must install the library.
 *
 * Sources: uWSGI's `uwsgiconfig.py` enables its XML config support when `xml2-config` is found
 * and then links `libxml2.so.2`; the failure is public (the seed project's multi-stage recipe,
 * uwsgi issues on "libxml2.so.2: cannot open shared object file"). Other libraries uWSGI can
 * link (libpcre, libcap, libjansson) are not in buildpack-deps; the ones that are (libssl,
 * zlib, libuuid) every python image keeps.
 *
 * Also here: packages that publish no Linux wheel and link a library buildpack-deps carries the
 * headers of — psycopg2 (`libpq-dev`: PyPI has wheels for Windows and macOS only; its docs send
 * Linux users to psycopg2-binary), psycopg's C implementation `psycopg-c`, mysqlclient
 * (`default-libmysqlclient-dev`), pycurl before 7.45.3 — and packages that load the library at
 * import time through ctypes, which no ELF reading sees: psycopg 3's pure-Python implementation
 * (`ctypes.util.find_library("pq")`, "no pq wrapper available"), python-magic (`libmagic.so.1`,
 * which the full image has through `file`) and Wand (`libMagickWand-6.Q16.so.6`, through
 * buildpack-deps' `libmagickwand-dev`). Built or run on the full image they work; on the slim
 * runtime without the library, `import` fails.
 */

/** Normalised project name (PEP 503) → the `-dev` packages whose runtime library it links or loads. */
export const SDIST_SYSTEM_LIBS: Record<string, string[]> = {
  uwsgi: ['libxml2-dev'],
  psycopg2: ['libpq-dev'],
  psycopg: ['libpq-dev'],
  'psycopg-c': ['libpq-dev'],
  mysqlclient: ['default-libmysqlclient-dev'],
  pycurl: ['libcurl4-openssl-dev'],
  'python-magic': ['libmagic-dev'],
  wand: ['libmagickwand-dev'],
};

/** PEP 503 normalisation: `uWSGI` and `Foo_Bar.baz` → `uwsgi`, `foo-bar-baz`. */
export const normaliseName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

/** Project names in a requirements file (comments, options, markers, extras and versions removed). */
export function requirementNames(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('-')) continue;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
    if (m) out.push(normaliseName(m[1]!));
  }
  return out;
}

/**
 * The projects a `pip install` command names: its arguments, and the requirements files it reads
 * (`-r FILE`, `--requirement FILE`) when `manifests` has a file of that name. `unknown` lists the
 * requirements files it could not read.
 */
export function pipInstallNames(
  words: string[],
  manifests: Record<string, string> | undefined,
): { names: string[]; unknown: string[] } {
  const names: string[] = [];
  const unknown: string[] = [];
  const i = words.indexOf('install');
  for (let j = i + 1; i >= 0 && j < words.length; j++) {
    const w = words[j]!;
    const req = w === '-r' || w === '--requirement' ? words[++j] : /^(?:-r|--requirement=)(.+)$/.exec(w)?.[1];
    if (req !== undefined) {
      const base = req.split('/').pop()!;
      const text = manifests?.[req] ?? manifests?.[base];
      if (text === undefined) unknown.push(req);
      else names.push(...requirementNames(text));
      continue;
    }
    if (w.startsWith('-')) continue;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(w);
    if (m && !w.includes('/') && !w.startsWith('.')) names.push(normaliseName(m[1]!));
  }
  return { names, unknown };
}

/** True for a pip target that is a VCS or remote URL (`git+https://…`, `https://…/x.whl`), not a local folder. */
const remote = (target: string): boolean => /^[a-z][\w+.-]*:\/\//i.test(target) || /^git\+/.test(target);

/**
 * The first local folder a `pip install` command installs in place (`-e .`, `--editable=./lib`),
 * directly or through a requirements file it reads (`-r FILE` in `manifests`, lines `-e ./pkg`),
 * or null. VCS editables (`-e git+https://…#egg=x`) are cloned into the environment itself.
 */
export function editableLocalTarget(
  words: string[],
  manifests: Record<string, string> | undefined,
): string | null {
  const i = words.indexOf('install');
  for (let j = i + 1; i >= 0 && j < words.length; j++) {
    const w = words[j]!;
    const target = w === '-e' || w === '--editable' ? words[++j] : /^(?:-e|--editable=)(.+)$/.exec(w)?.[1];
    if (target !== undefined && !remote(target)) return target;
    const req = w === '-r' || w === '--requirement' ? words[++j] : /^(?:-r|--requirement=)(.+)$/.exec(w)?.[1];
    if (req === undefined) continue;
    const text = manifests?.[req] ?? manifests?.[req.split('/').pop()!];
    for (const raw of text?.split(/\r?\n/) ?? []) {
      const m = /^\s*(?:-e|--editable)(?:\s+|=)(\S+)/.exec(raw.replace(/(^|\s)#.*$/, ''));
      if (m && !remote(m[1]!)) return m[1]!;
    }
  }
  return null;
}
