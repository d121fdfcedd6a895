/**
 * Which Debian runtime packages the native code of Ruby gems and Rust crates needs once the
 * compilers and `-dev` headers stay behind in a builder, per Debian release (package names
 * differ: `libssl1.1` on bullseye, `libssl3` on bookworm, `libssl3t64` on trixie — from
 * packages.debian.org). Also the Debian release a `rust`/`ruby` tag is built on.
 *
 * Sources: the gems' and crates' own build docs (pg, mysql2, sqlite3, nokogiri "installing
 * native extensions", openssl-sys, pq-sys…), docker-library/ruby (`slim` keeps the libraries
 * Ruby itself links: libssl, libyaml, libffi, libgmp, zlib) and rust-lang/docker-rust `x.py`
 * (default Debian variant: bullseye up to 1.71.0, bookworm from 1.71.1 on 2023-08-03,
 * trixie from 2025-08-19, i.e. rust:1.89 and later).
 */
import type { ProjectContext } from '../api/contract';
import type { ImageRef } from '../dockerfile/model';

export type DebianRelease = 'bullseye' | 'bookworm' | 'trixie';
const RELEASES: readonly DebianRelease[] = ['bullseye', 'bookworm', 'trixie'];

/** A runtime package: one name for every release, or one per release. */
type Pkg = string | Record<DebianRelease, string>;

const SSL: Pkg = { bullseye: 'libssl1.1', bookworm: 'libssl3', trixie: 'libssl3t64' };
const CURL: Pkg = { bullseye: 'libcurl4', bookworm: 'libcurl4', trixie: 'libcurl4t64' };

/**
 * Gems whose native extension links (or, through ffi, loads) a system library that the full
 * image has and `-slim` lacks. Gems not listed are pure Ruby or link only what Ruby's slim
 * image keeps (puma, bcrypt, ffi, psych, json, nio4r, msgpack…).
 */
export const GEM_LIBS: Record<string, Pkg[]> = {
  pg: ['libpq5'],
  mysql2: ['libmariadb3'],
  sqlite3: ['libsqlite3-0'],
  'ruby-vips': [{ bullseye: 'libvips42', bookworm: 'libvips42', trixie: 'libvips42t64' }],
  rmagick: [
    {
      bullseye: 'libmagickwand-6.q16-6',
      bookworm: 'libmagickwand-6.q16-6',
      trixie: 'libmagickwand-7.q16-10',
    },
  ],
  mini_magick: ['imagemagick'],
  ethon: [CURL],
  curb: [CURL],
  tiny_tds: ['libsybdb5'],
  'ruby-filemagic': [{ bullseye: 'libmagic1', bookworm: 'libmagic1', trixie: 'libmagic1t64' }],
  charlock_holmes: [{ bullseye: 'libicu67', bookworm: 'libicu72', trixie: 'libicu76' }],
};

/** nokogiri built from source (no platform suffix in Gemfile.lock) with the system's libxml2. */
export const NOKOGIRI_SYSTEM_LIBS: Pkg[] = ['libxml2', 'libxslt1.1'];

/** Native gems whose runtime library Whittle cannot name (vendored builds with optional system deps, vendor SDKs). */
export const GEM_UNKNOWN = new Set([
  'rugged',
  'ruby-oci8',
  'mysql',
  'idn-ruby',
  'rdkafka',
  'gpgme',
  'libxml-ruby',
]);

/** `-sys` crates and the runtime packages of the library they link (gnu targets). */
export const CRATE_LIBS: Record<string, Pkg[]> = {
  'openssl-sys': [SSL, 'ca-certificates'],
  'pq-sys': ['libpq5'],
  'mysqlclient-sys': ['libmariadb3'],
  'libsqlite3-sys': ['libsqlite3-0'],
  'curl-sys': [CURL, 'ca-certificates'],
  'libdbus-sys': ['libdbus-1-3'],
  'libudev-sys': ['libudev1'],
};

/** Crates that read the system's CA certificates at run time (the full image has ca-certificates; debian slim does not). */
export const CRATES_NEEDING_CA = new Set([
  'openssl-probe',
  'rustls-native-certs',
  'rustls-platform-verifier',
  'native-tls',
]);

/**
 * `-sys` crates that need no runtime package: they compile their C code in statically, bind
 * to libraries every Debian image has (zlib, bzip2, lzma, zstd), exist only for other
 * platforms, or run only at build time (clang-sys for bindgen).
 */
export const CRATE_SYS_NO_RUNTIME = new Set([
  'linux-raw-sys',
  'windows-sys',
  'js-sys',
  'web-sys',
  'core-foundation-sys',
  'security-framework-sys',
  'system-configuration-sys',
  'libz-sys',
  'libz-ng-sys',
  'libz-rs-sys',
  'bzip2-sys',
  'lzma-sys',
  'zstd-sys',
  'tikv-jemalloc-sys',
  'jemalloc-sys',
  'libmimalloc-sys',
  'aws-lc-sys',
  'aws-lc-fips-sys',
  'clang-sys',
  'onig_sys',
  'librocksdb-sys',
  'snappy-sys',
  'lz4-sys',
  'errno-sys',
  'inotify-sys',
  'fsevent-sys',
  'mach-sys',
  'objc-sys',
  'ittapi-sys',
]);

/** The package name of `p` on `release`. */
export const pkgOn = (p: Pkg, release: DebianRelease): string => (typeof p === 'string' ? p : p[release]);

/** True when the package has one name on every supported release (so the release need not be known). */
export const releaseIndependent = (p: Pkg): boolean => typeof p === 'string';

/** `rust:1.75` → its Debian release from the version (docker-rust default variant), or null. */
function rustDefaultRelease(tag: string): DebianRelease | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:-slim)?$/.exec(tag);
  if (!m || m[1] !== '1') return null;
  const minor = Number(m[2]);
  const patch = m[3] === undefined ? null : Number(m[3]);
  if (minor >= 89) return 'trixie';
  if (minor > 71 || (minor === 71 && patch !== 0)) return 'bookworm';
  if (minor >= 56) return 'bullseye';
  return null;
}

/**
 * The Debian release of a `rust`, `ruby` (or other Debian-based) image: the daemon's
 * `/etc/os-release` fact when known, the tag's suffix (`-bookworm`, `-slim-bullseye`), or for
 * `rust:<x.y[.z]>` the docker-rust default of its time. Null when unknown (moving tags such as
 * `rust:1` or `ruby:3.2` follow upstream's default, which changes).
 */
export function debianReleaseOf(image: ImageRef, project: ProjectContext): DebianRelease | null {
  const fact = project.baseImages?.[image.raw]?.osRelease;
  if (fact) return (RELEASES as readonly string[]).includes(fact) ? (fact as DebianRelease) : null;
  const tag = image.tag ?? '';
  const suffix = RELEASES.find((r) => tag === r || tag.endsWith(`-${r}`));
  if (suffix) return suffix;
  if (/(^|-)(buster|stretch|alpine|windows)/.test(tag)) return null;
  return image.repository === 'rust' ? rustDefaultRelease(tag) : null;
}
