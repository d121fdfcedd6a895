/**
 * Data catalog of official image families: which variants are fat (compilers, headers, docs),
 * which slimmer variant runs the same code, and typical uncompressed sizes (linux/amd64,
 * Docker Hub, 2024–2025 tags) used for estimated savings.
 */
import type { ImageRef } from '../dockerfile/model';

export type Ecosystem =
  'python' | 'node' | 'ruby' | 'php' | 'perl' | 'debian' | 'go' | 'rust' | 'java' | 'other';

export interface FamilyInfo {
  repository: string;
  ecosystem: Ecosystem;
  /** Typical size of the default (fat) variant. */
  fatBytes: number;
  /** Typical size of the slim variant (or the runtime image for toolchains). */
  slimBytes: number | null;
  /** True when an `-alpine` variant exists (musl libc: suggested only with a warning). */
  alpine: boolean;
  /** Maps a fat tag to its slim tag, or null when no slim variant exists for it. */
  slimTag?: (tag: string) => string | null;
}

const MB = 1_000_000;
const DIST = /-(bookworm|bullseye|buster|trixie|jammy|noble)$/;

/** `3.9` → `3.9-slim`, `3.9-bookworm` → `3.9-slim-bookworm` (python, ruby, perl convention). */
const slimBeforeDist = (tag: string): string | null => {
  if (/(slim|alpine|windows|nanoserver)/.test(tag)) return null;
  if (tag === 'latest') return 'slim';
  const d = DIST.exec(tag);
  return d ? `${tag.slice(0, d.index)}-slim${d[0]}` : `${tag}-slim`;
};

/** `20` → `20-slim`, `20-bookworm` → `20-bookworm-slim` (node and debian convention). */
const slimAfter = (tag: string): string | null => {
  if (/(slim|alpine|windows|nanoserver)/.test(tag)) return null;
  if (tag === 'latest') return 'slim';
  return `${tag}-slim`;
};

export const FAMILIES: FamilyInfo[] = [
  {
    repository: 'python',
    ecosystem: 'python',
    fatBytes: 1_000 * MB,
    slimBytes: 125 * MB,
    alpine: true,
    slimTag: slimBeforeDist,
  },
  {
    repository: 'node',
    ecosystem: 'node',
    fatBytes: 1_100 * MB,
    slimBytes: 200 * MB,
    alpine: true,
    slimTag: slimAfter,
  },
  {
    repository: 'ruby',
    ecosystem: 'ruby',
    fatBytes: 900 * MB,
    slimBytes: 190 * MB,
    alpine: true,
    slimTag: slimBeforeDist,
  },
  {
    repository: 'perl',
    ecosystem: 'perl',
    fatBytes: 890 * MB,
    slimBytes: 150 * MB,
    alpine: false,
    slimTag: slimBeforeDist,
  },
  {
    repository: 'debian',
    ecosystem: 'debian',
    fatBytes: 117 * MB,
    slimBytes: 75 * MB,
    alpine: false,
    slimTag: slimAfter,
  },
  { repository: 'php', ecosystem: 'php', fatBytes: 480 * MB, slimBytes: null, alpine: true },
  // rust:1.75 ≈ 1.4 GB, rust:1.75-slim ≈ 800 MB (docker-library/rust `stable/<release>/slim`).
  {
    repository: 'rust',
    ecosystem: 'rust',
    fatBytes: 1_400 * MB,
    slimBytes: 800 * MB,
    alpine: true,
    slimTag: slimBeforeDist,
  },
  { repository: 'golang', ecosystem: 'go', fatBytes: 820 * MB, slimBytes: 2 * MB, alpine: true },
  { repository: 'openjdk', ecosystem: 'java', fatBytes: 470 * MB, slimBytes: 265 * MB, alpine: false },
  { repository: 'eclipse-temurin', ecosystem: 'java', fatBytes: 410 * MB, slimBytes: 265 * MB, alpine: true },
  { repository: 'amazoncorretto', ecosystem: 'java', fatBytes: 460 * MB, slimBytes: 265 * MB, alpine: true },
  { repository: 'maven', ecosystem: 'java', fatBytes: 500 * MB, slimBytes: 265 * MB, alpine: false },
  { repository: 'gradle', ecosystem: 'java', fatBytes: 720 * MB, slimBytes: 265 * MB, alpine: true },
  { repository: 'ubuntu', ecosystem: 'other', fatBytes: 78 * MB, slimBytes: null, alpine: false },
];

/** The family of an official (Docker Hub) image, or null for anything else. */
export function familyOf(image: ImageRef): FamilyInfo | null {
  if (image.registry && image.registry !== 'docker.io' && image.registry !== 'index.docker.io') return null;
  return FAMILIES.find((f) => f.repository === image.repository) ?? null;
}

/** True when the image is a slim, alpine, distroless or scratch variant already. */
export function isLean(image: ImageRef): boolean {
  if (image.repository === 'scratch') return true;
  if (image.registry === 'gcr.io' && image.repository.startsWith('distroless/')) return true;
  const tag = image.tag ?? '';
  return /(slim|alpine|distroless|jre|minimal)/.test(tag);
}

/** The slim variant's reference for a fat official image, or null when none applies. */
export function slimVariant(image: ImageRef): string | null {
  const fam = familyOf(image);
  if (!fam?.slimTag || image.digest) return null;
  const tag = fam.slimTag(image.tag ?? 'latest');
  return tag ? `${image.repository}:${tag}` : null;
}

/** JDK/build-tool image → the JRE runtime image with the same major version, or null. */
export function javaRuntimeFor(image: ImageRef): string | null {
  const fam = familyOf(image);
  if (fam?.ecosystem !== 'java') return null;
  // `gradle:8.5-jdk17`, `maven:3.9-eclipse-temurin-21`, `maven:3.8-openjdk-17`: the JDK's number,
  // not the build tool's; `eclipse-temurin:21-jdk`, `openjdk:17-slim`: the leading number.
  const tag = image.tag ?? '';
  const tool = /^(maven|gradle)$/.test(image.repository);
  const major =
    /(?:jdk|temurin|openjdk|corretto|zulu|jre)-?(\d{1,2})(?!\d)/.exec(tag)?.[1] ??
    (tool ? undefined : /^(\d{1,2})(?!\d)/.exec(tag)?.[1]) ??
    '17';
  return `eclipse-temurin:${major}-jre`;
}

/** The static distroless runtime for CGO-free Go binaries (CA certificates, tzdata and a nonroot user included). */
export const GO_RUNTIME_IMAGE = 'gcr.io/distroless/static-debian12:nonroot';

// The runtime library of each `-dev` package depends on the Debian release: see
// base-image-facts/debian-runtime-libs.ts (runtimeLibraryOn) and the resolver in base-image-facts/resolve.ts.

/** Packages that only build things: they never belong in a runtime image. */
export const BUILD_ONLY_PACKAGES = new Set([
  'build-essential',
  'gcc',
  'g++',
  'make',
  'cmake',
  'autoconf',
  'automake',
  'libtool',
  'pkg-config',
  // Not `git`: apps run it at run time (GitPython, pip VCS installs at start), so it is never dropped.
  'clang',
  'cpp',
  'python3-dev',
  'python-dev',
  'musl-dev',
  'linux-headers',
  'binutils',
  // Alpine (apk) and Fedora/RHEL (yum, dnf) names of the same toolchains.
  'build-base',
  'alpine-sdk',
  'gcc-c++',
  'python3-devel',
  'libc-dev',
]);

/** True for a package that only compiles code (compilers, build tools, `-dev` headers). */
export const isBuildOnlyPackage = (pkg: string): boolean =>
  BUILD_ONLY_PACKAGES.has(pkg.replace(/[=:].*$/, '')) || /-(dev|devel)([=:].*)?$/.test(pkg);
