/**
 * The distroless Node images: `gcr.io/distroless/nodejs<major>-debian<n>`, which are distroless
 * cc (glibc, libgcc, libstdc++, libssl, CA certificates, tzdata, users root and nonroot) plus
 * only `/nodejs/bin/node` of the official release, with ENTRYPOINT ["/nodejs/bin/node"]: no
 * shell, no npm, no corepack, no yarn, no headers. Source: GoogleContainerTools/distroless
 * nodejs/nodejs.bzl, private/extensions/node.bzl and nodejs/config.bzl (Node 20, 22 and 24 on
 * debian12 and debian13 until February 2026; 26 on debian13 only). Each image follows the newest
 * release of its major line, so a build pinned to a minor or patch version has no match.
 */

/** Majors published per Debian release of distroless (its `debian12`/`debian13` suffix). */
const MAJORS: Record<'12' | '13', readonly number[]> = {
  '12': [20, 22, 24],
  '13': [20, 22, 24, 26],
};

/** Debian release codename → distroless suffix; older releases run on the next one's glibc. */
const DEBIAN: Record<string, '12' | '13'> = {
  stretch: '12',
  buster: '12',
  bullseye: '12',
  bookworm: '12',
  trixie: '13',
};

/** The folder of node in every distroless Node image (its ENTRYPOINT is `/nodejs/bin/node`); not on the image's PATH. */
export const DISTROLESS_NODE_BIN = '/nodejs/bin';

/**
 * The distroless Node image for a Node major built on a Debian release (`bookworm`…), whose glibc
 * is at least the builder's — a native addon built there runs — or null when none is published.
 */
export function distrolessNodeImage(major: number, release: string): string | null {
  const deb = DEBIAN[release];
  if (!deb) return null;
  // The builder's release, else a newer one (its glibc runs what an older one built).
  const fit = (['12', '13'] as const).find((d) => d >= deb && MAJORS[d].includes(major));
  return fit ? `gcr.io/distroless/nodejs${major}-debian${fit}` : null;
}

/** True for a distroless Node image reference (any tag). */
export const isDistrolessNode = (repository: string, registry: string | null | undefined): boolean =>
  registry === 'gcr.io' && /^distroless\/nodejs\d+-debian\d+$/.test(repository);
