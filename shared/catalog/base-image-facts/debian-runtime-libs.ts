/**
 * Which shared-library package a `-dev` (headers) package stands for, per Debian release: what
 * the runtime stage installs once the headers stay in the builder. Names differ between
 * releases (sonames bump, and trixie's 64-bit time_t transition renamed many to `…t64`), so a
 * name is given only for the releases it was checked against; a release missing from a row is
 * unknown and the caller holds back instead of guessing.
 *
 * Sources: `apt-cache show` on bookworm (Depends of each -dev package); Debian's package pages
 * (packages.debian.org) for buster, bullseye and trixie; the libffi6→7 (bullseye) and t64
 * (trixie) transitions.
 */

export type DebianRelease = 'buster' | 'bullseye' | 'bookworm' | 'trixie';

/** `-dev` package → runtime package by release (a name shared by all four is written once). */
const ROWS: Record<string, string | Partial<Record<DebianRelease, string>>> = {
  'libpq-dev': 'libpq5',
  'libmariadb-dev': 'libmariadb3',
  'libmariadb-dev-compat': 'libmariadb3',
  // Debian's default MySQL client library is MariaDB's since buster.
  'default-libmysqlclient-dev': 'libmariadb3',
  'libxml2-dev': 'libxml2',
  'libxslt1-dev': 'libxslt1.1',
  'libjpeg-dev': 'libjpeg62-turbo',
  'libjpeg62-turbo-dev': 'libjpeg62-turbo',
  'libyaml-dev': 'libyaml-0-2',
  'libsqlite3-dev': 'libsqlite3-0',
  'zlib1g-dev': 'zlib1g',
  'libfreetype6-dev': 'libfreetype6',
  'liblcms2-dev': 'liblcms2-2',
  'libopenjp2-7-dev': 'libopenjp2-7',
  'libsasl2-dev': 'libsasl2-2',
  'libzmq3-dev': 'libzmq5',
  'libbz2-dev': 'libbz2-1.0',
  'liblzma-dev': 'liblzma5',
  'libgmp-dev': 'libgmp10',
  'libsnappy-dev': 'libsnappy1v5',
  'libsodium-dev': 'libsodium23',
  'libffi-dev': { buster: 'libffi6', bullseye: 'libffi7', bookworm: 'libffi8', trixie: 'libffi8' },
  'libssl-dev': { buster: 'libssl1.1', bullseye: 'libssl1.1', bookworm: 'libssl3', trixie: 'libssl3t64' },
  'libpng-dev': {
    buster: 'libpng16-16',
    bullseye: 'libpng16-16',
    bookworm: 'libpng16-16',
    trixie: 'libpng16-16t64',
  },
  'libcurl4-openssl-dev': {
    buster: 'libcurl4',
    bullseye: 'libcurl4',
    bookworm: 'libcurl4',
    trixie: 'libcurl4t64',
  },
  'libgeos-dev': {
    buster: 'libgeos-c1v5',
    bullseye: 'libgeos-c1v5',
    bookworm: 'libgeos-c1v5',
    trixie: 'libgeos-c1t64',
  },
  'libmagic-dev': {
    buster: 'libmagic1',
    bullseye: 'libmagic1',
    bookworm: 'libmagic1',
    trixie: 'libmagic1t64',
  },
  'libtiff-dev': { buster: 'libtiff5', bullseye: 'libtiff5', bookworm: 'libtiff6', trixie: 'libtiff6' },
  'libwebp-dev': { buster: 'libwebp6', bullseye: 'libwebp6', bookworm: 'libwebp7', trixie: 'libwebp7' },
  // ImageMagick 6 on every release Whittle reads but trixie (checked: apt-cache show on bullseye and bookworm).
  'libmagickwand-dev': {
    buster: 'libmagickwand-6.q16-6',
    bullseye: 'libmagickwand-6.q16-6',
    bookworm: 'libmagickwand-6.q16-6',
  },
  'libldap2-dev': { buster: 'libldap-2.4-2', bullseye: 'libldap-2.4-2', bookworm: 'libldap-2.5-0' },
  'libreadline-dev': {
    buster: 'libreadline7',
    bullseye: 'libreadline8',
    bookworm: 'libreadline8',
    trixie: 'libreadline8t64',
  },
  'libevent-dev': {
    buster: 'libevent-2.1-6',
    bullseye: 'libevent-2.1-7',
    bookworm: 'libevent-2.1-7',
    trixie: 'libevent-2.1-7t64',
  },
};

/** True when Whittle has a row for this `-dev` package at all (for any release). */
export const knowsDevPackage = (dev: string): boolean => dev in ROWS;

/** The runtime package of `dev` on `release`, or null when not known for that release. */
export function runtimeLibraryOn(dev: string, release: string): string | null {
  const row = ROWS[dev];
  if (row === undefined) return null;
  if (typeof row === 'string')
    return ['buster', 'bullseye', 'bookworm', 'trixie'].includes(release) ? row : null;
  return row[release as DebianRelease] ?? null;
}

/**
 * Libraries every official `python` image already carries at run time, slim included: its
 * Dockerfile keeps the packages that Python's own modules link (`ldd` over /usr/local →
 * `dpkg-query --search` → `apt-mark manual`), and builds against these `-dev` packages
 * (docker-library/python Dockerfile-linux.template). The runtime stage, on the same image,
 * needs nothing installed for them, whatever the release.
 */
export const PYTHON_IMAGE_HAS_RUNTIME_OF = new Set([
  'libssl-dev',
  'libffi-dev',
  'libsqlite3-dev',
  'zlib1g-dev',
  'libbz2-dev',
  'liblzma-dev',
  'libreadline-dev',
  'libncursesw5-dev',
  'libgdbm-dev',
  'libdb-dev',
  'uuid-dev',
]);
