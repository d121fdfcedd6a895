/**
 * The glibc runtime for a binary built with cgo (or any dynamically linked binary) in a golang
 * or rust image: distroless cc (glibc, libgcc, libstdc++, CA certificates, tzdata, a nonroot
 * user) of a Debian release whose glibc is at least the builder's — glibc runs binaries built
 * against an older glibc, never the other way round.
 */
import { hasArgs, writtenImage, type Stage } from '../../dockerfile/model';
import { baseImageFacts } from '../../catalog/base-image-facts/resolve';
import type { RuleContext } from '../rule';

/** Why a Go program that starts other programs stays off distroless (ProjectContext.goSubprocess). */
export const GO_SUBPROCESS_RISK =
  'The Go sources start other programs (os/exec, syscall.Exec…), and a distroless runtime has no shell and no tools to run; split by hand onto a runtime that has what the program runs.';

/** Debian releases in order, with the distroless cc image that runs their binaries. */
const RELEASES: { name: string; runtime: string | null }[] = [
  { name: 'stretch', runtime: 'gcr.io/distroless/cc-debian12' },
  { name: 'buster', runtime: 'gcr.io/distroless/cc-debian12' },
  { name: 'bullseye', runtime: 'gcr.io/distroless/cc-debian12' },
  { name: 'bookworm', runtime: 'gcr.io/distroless/cc-debian12' },
  { name: 'trixie', runtime: 'gcr.io/distroless/cc-debian13' },
];
const order = (r: string): number => RELEASES.findIndex((x) => x.name === r);
const DIST = /(?:^|-)(stretch|buster|bullseye|bookworm|trixie)(?:$|-)/;

/**
 * The newest Debian release a `golang:<tag>` without a release suffix can be on — narrower than
 * the catalog's line releases, which add trixie to every line last seen on bookworm, because a
 * Go line that ended before trixie never moves again. Source:
 * docker-library/golang — bookworm became the default in June 2023 (Go 1.19/1.20/1.21), trixie
 * in August 2025 (Go 1.24/1.25); Go 1.22 reached its end before trixie, so `golang:1.22*` is
 * bookworm or older. Later Go versions are unknown here (a future Debian release may come).
 */
function golangDefaultRelease(tag: string): string | null {
  const m = /^(\d+)\.(\d+)/.exec(tag);
  if (!m || m[1] !== '1') return null;
  const minor = Number(m[2]);
  if (minor <= 22) return 'bookworm';
  if (minor <= 27) return 'trixie';
  return null;
}

/**
 * The runtime image for a dynamically linked binary built in `stage`, with a note for the
 * explanation; or the reason none can be chosen (musl builders, unknown Debian release, a tag
 * that comes from a build arg).
 */
export function goRuntime(
  ctx: RuleContext,
  stage: Stage,
): { image: string; note: string } | { risk: string } {
  const tag = stage.image.tag ?? '';
  const written = writtenImage(stage);
  if (/alpine/.test(tag) || /alpine/.test(written))
    return {
      risk: `${written} is alpine: the binary links musl, so its runtime must be alpine of the same release; Whittle's glibc runtime would not run it. Split by hand onto alpine.`,
    };
  const facts = baseImageFacts(stage.image, ctx.project.baseImages);
  if (facts.osId && facts.osId !== 'debian')
    return {
      risk: `${stage.image.raw} is ${facts.osId}, not Debian; Whittle has no matching glibc runtime for it.`,
    };
  let release: string | null = null;
  let source = '';
  const writtenTag = written.includes(':') ? written.slice(written.lastIndexOf(':') + 1) : '';
  // The release named literally (`golang:${GO}-bookworm`) holds whatever the build arg says.
  const dist = DIST.exec(writtenTag) ?? (hasArgs(written) ? null : DIST.exec(tag));
  const newest = (rs: string[]) =>
    rs.filter((r) => RELEASES.some((x) => x.name === r)).sort((a, b) => order(b) - order(a))[0] ?? null;
  if (dist) {
    release = dist[1]!;
    source = `the builder's tag names ${release}`;
  } else if (hasArgs(written)) {
    return {
      risk: `The builder's tag comes from a build arg (${written}), so its Debian release — which the glibc runtime must match — can change with --build-arg; name the release in the tag (e.g. -bookworm) or split by hand.`,
    };
  } else if (facts.osReleaseRead && facts.osReleases.length) {
    release = newest(facts.osReleases);
    source = `the daemon reports ${facts.osReleases.join('/')} for ${stage.image.raw}`;
  } else if (stage.image.repository === 'golang' && !stage.image.digest && golangDefaultRelease(tag)) {
    release = golangDefaultRelease(tag);
    source = `${stage.image.raw} is ${release} or older`;
  } else if (facts.osReleases.length) {
    // The catalog's releases of a floating tag: the newest one's glibc runs what any of them built.
    release = newest(facts.osReleases);
    source = `${stage.image.raw} has been built on ${facts.osReleases.join(', ')}`;
  }
  const runtime = RELEASES.find((r) => r.name === release)?.runtime;
  if (!release || !runtime)
    return {
      risk: `Whittle cannot tell which Debian release ${stage.image.raw} is built on, and the glibc runtime must be at least as new; name the release in the tag (e.g. golang:1.22-bookworm).`,
    };
  return { image: runtime, note: `(${source}.)` };
}
