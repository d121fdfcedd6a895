/**
 * Native Node addons and what they link, for choosing a runtime without the builder's libraries.
 * A distroless Node image has glibc, libgcc, libstdc++, libgomp and libssl3 (distroless cc and
 * base package lists, GoogleContainerTools/distroless base/config.bzl and cc/config.bzl) and no
 * other shared library: an addon built with node-gyp against a library of the full builder image
 * (zlib, libpq, cairo…) would not load there.
 */

/**
 * Addons whose install script only builds or downloads code that links glibc/libstdc++ (or
 * nothing native at all: a JavaScript-only postinstall), from each package's binding.gyp or
 * install script: bcrypt, argon2, better-sqlite3 (SQLite compiled in), bufferutil,
 * utf-8-validate, sharp (libvips bundled in its own package), esbuild and @swc/core (static
 * binaries), msgpackr-extract, cbor-extract, and postinstall notices (core-js, es5-ext,
 * protobufjs, nodemon, husky).
 */
const LINKS_LIBC_ONLY = new Set([
  'bcrypt',
  'argon2',
  'better-sqlite3',
  'bufferutil',
  'utf-8-validate',
  'sharp',
  'esbuild',
  '@swc/core',
  'msgpackr-extract',
  'cbor-extract',
  'core-js',
  'core-js-pure',
  'es5-ext',
  'protobufjs',
  'nodemon',
  'husky',
]);

/**
 * Addons that link a system library at run time (or load one the image must provide): canvas
 * (cairo, pango), pg-native/libpq (libpq5), kerberos (libkrb5), node-libcurl (libcurl),
 * node-rdkafka (zlib, libssl, sasl), oracledb (Oracle Instant Client), ibm_db and odbc (ODBC
 * drivers), usb and node-hid (libudev/libusb), gl (libGL, X11), robotjs (X11), @prisma/client and
 * prisma (their engines probe the system OpenSSL), sqlite3 (may link the system libsqlite3),
 * zeromq (libzmq in older versions).
 */
const LINKS_SYSTEM = [
  'canvas',
  'pg-native',
  'libpq',
  'kerberos',
  'node-libcurl',
  'node-rdkafka',
  'oracledb',
  'ibm_db',
  'odbc',
  'usb',
  'node-hid',
  'gl',
  'robotjs',
  '@prisma/client',
  'prisma',
  'sqlite3',
  'zeromq',
];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Names of packages from LINKS_SYSTEM that a lockfile or dependency list mentions (`name@…` entries). */
export function systemLinkingAddons(text: string, deps: readonly string[] = []): string[] {
  return LINKS_SYSTEM.filter(
    (n) => deps.includes(n) || new RegExp(`(^|[\\s"'/])${escape(n)}@`, 'm').test(text),
  );
}

/**
 * Production packages of an npm lockfile (v2/v3 `packages`) that run an install script and are
 * not known to link glibc/libstdc++ only; [] when the lockfile has none, null when it is not a
 * v2/v3 lockfile (v1 lockfiles do not record install scripts).
 */
export function unknownNativeInNpmLock(text: string): string[] | null {
  let lock: unknown;
  try {
    lock = JSON.parse(text);
  } catch {
    return null;
  }
  const packages = (lock as { packages?: unknown })?.packages;
  if (!packages || typeof packages !== 'object') return null;
  const out = new Set<string>();
  for (const [path, v] of Object.entries(packages as Record<string, unknown>)) {
    const p = v as { hasInstallScript?: boolean; dev?: boolean } | null;
    if (!p?.hasInstallScript || p.dev) continue;
    const name = path.replace(/^.*node_modules\//, '');
    if (path && !LINKS_LIBC_ONLY.has(name)) out.add(name);
  }
  return [...out];
}

/**
 * The same for a pnpm lockfile of format 5–8, whose `packages` entries say `requiresBuild: true`
 * (and `dev: true` for devDependencies); null for format 9, which no longer records it.
 */
export function unknownNativeInPnpmLock(text: string): string[] | null {
  const version = /^lockfileVersion:\s*'?(\d+)/m.exec(text)?.[1];
  if (!version || Number(version) >= 9) return null;
  const out = new Set<string>();
  for (const block of text.split(/\n(?= {2}\S)/)) {
    if (!/\n\s+requiresBuild: true\b/.test(block) || /\n\s+dev: true\b/.test(block)) continue;
    const key = /^ {2}['"]?\/?((?:@[^/@\s]+\/)?[^/@\s('"]+)[@/]/.exec(block)?.[1];
    if (key && !LINKS_LIBC_ONLY.has(key)) out.add(key);
  }
  return [...out];
}
