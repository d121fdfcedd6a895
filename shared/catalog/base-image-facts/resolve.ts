/**
 * The one place recipes ask what a base image is: OS family and release, language and pip
 * versions, default WORKDIR/USER/ENV, full or slim. Facts read from the daemon
 * (`ProjectContext.baseImages`) win; otherwise the offline catalog answers from the tag. A fact
 * the catalog cannot pin down comes back as null (or, for a floating tag whose image changed over
 * time, as every value it has had), and the recipe holds back with the reason.
 */
import type { BaseImageFacts } from '../../api/contract';
import type { ImageRef } from '../../dockerfile/model';
import { debianReleaseOf } from '../native-libs';
import { FAMILY_ENDED_LINE, FAMILY_LINE_RELEASES } from './family-releases';
import { PYTHON_PATCHES } from './python-tags';

export interface ImageFacts {
  /** Where the answer came from: the local image, the catalog, or nothing known. */
  source: 'daemon' | 'catalog' | 'none';
  /** `/etc/os-release` ID: `debian`, `ubuntu`, `alpine`, or null when unknown. */
  osId: string | null;
  /**
   * Releases the image may be on (`bookworm`, `jammy`, `3.19`…): one when known; several when the
   * tag has moved between releases and the local copy could be any of them; [] when unknown.
   */
  osReleases: string[];
  /**
   * True when `osReleases` is the daemon's reading of the image's own `/etc/os-release`; false
   * when it comes from the tag (the catalog), even if other facts came from the daemon (a project
   * load reads only the image config).
   */
  osReleaseRead: boolean;
  /** Language version as far as the tag says (`3.9.6`, `3.9`), or null. */
  languageVersion: string | null;
  /** pip's version range over every build of the tag (python images); null ends = unknown. */
  pip: { min: string | null; max: string | null } | null;
  /** Whether the image's Python has setuptools installed; null when unknown or it varied. */
  setuptools: boolean | null;
  /** Default WORKDIR (`/` when the image sets none), or null when unknown. */
  workdir: string | null;
  /** Default USER ('' = root), or null when unknown (it changed between builds, or not known). */
  user: string | null;
  /** Image ENV (`K=V`), when read from the daemon. */
  env: string[] | null;
  /** True for a full image (compilers and headers), false for slim/alpine/distroless, null unknown. */
  full: boolean | null;
  /** Installed Debian packages, when read from the daemon's dpkg status. */
  packages: string[] | null;
}

/** Numeric comparison of dotted versions (`21.0.1` < `22.3`); non-numeric parts compare as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** True when every build of the image has pip ≥ `version`, false when none has, null when unknown or mixed. */
export function pipAtLeast(facts: ImageFacts, version: string): boolean | null {
  const { min, max } = facts.pip ?? { min: null, max: null };
  if (min && compareVersions(min, version) >= 0) return true;
  if (max && compareVersions(max, version) < 0) return false;
  return null;
}

const DEBIAN = ['jessie', 'stretch', 'buster', 'bullseye', 'bookworm', 'trixie'];
const UBUNTU: Record<string, string> = {
  '18.04': 'bionic',
  '20.04': 'focal',
  '22.04': 'jammy',
  '24.04': 'noble',
};
const UBUNTU_NAMES = Object.values(UBUNTU);
/** `debian:<n>` → codename. */
const DEBIAN_NUMBER: Record<string, string> = {
  '8': 'jessie',
  '9': 'stretch',
  '10': 'buster',
  '11': 'bullseye',
  '12': 'bookworm',
  '13': 'trixie',
};

/**
 * Default WORKDIR and USER of official images (none set means `/` and root). Sources: the
 * images' Dockerfiles — golang `WORKDIR /go` (docker-library/golang); gradle `WORKDIR
 * /home/gradle` since 2017 and `USER gradle` in its 2017–2018 images, root since
 * (keeganwitt/docker-gradle 4dfb0bf, 53df38f); maven, eclipse-temurin, openjdk, python, node,
 * ruby, debian and ubuntu set neither (carlossg/docker-maven, adoptium/containers,
 * docker-library/*).
 */
const DEFAULTS: Record<string, { workdir: string; user: string | null }> = {
  golang: { workdir: '/go', user: '' },
  gradle: { workdir: '/home/gradle', user: null },
  maven: { workdir: '/', user: '' },
  'eclipse-temurin': { workdir: '/', user: '' },
  openjdk: { workdir: '/', user: '' },
  amazoncorretto: { workdir: '/', user: '' },
  python: { workdir: '/', user: '' },
  node: { workdir: '/', user: '' },
  ruby: { workdir: '/', user: '' },
  rust: { workdir: '/', user: '' },
  debian: { workdir: '/', user: '' },
  ubuntu: { workdir: '/', user: '' },
};

/** Families whose default tags are Debian-based (the others: see osFromTag). */
const DEBIAN_FAMILIES = new Set(['node', 'ruby', 'golang', 'perl', 'php', 'python', 'debian', 'rust']);

/**
 * Releases a default (suite-less) tag may be on: the ones its major line has used
 * (FAMILY_LINE_RELEASES), plus trixie when the line was last on bookworm and is still maintained
 * (such a line moves with Debian's stable; an ended one, FAMILY_ENDED_LINE, stays); [] when the
 * line is unknown.
 */
function lineReleases(repo: string, tag: string): string[] {
  const lines = FAMILY_LINE_RELEASES[repo];
  if (!lines) return [];
  const version = /^\d+(?:\.\d+)*/.exec(tag)?.[0];
  if (!version) return [];
  const key = Object.keys(lines).find((l) => version === l || version.startsWith(`${l}.`));
  if (!key) return [];
  const rel = lines[key]!.split(' ');
  const ended = FAMILY_ENDED_LINE[repo]?.(key) ?? false;
  return rel[rel.length - 1] === 'bookworm' && !ended ? [...rel, 'trixie'] : rel;
}

const isOfficial = (image: ImageRef): boolean =>
  !image.registry || image.registry === 'docker.io' || image.registry === 'index.docker.io';

/** What the tag alone says about the OS: explicit suite, alpine, or an ubuntu-based JDK image. */
function osFromTag(repo: string, tag: string): { osId: string | null; releases: string[] } | null {
  const alpine = /(?:^|-)alpine(\d+\.\d+)?(?:-|$)/.exec(tag);
  if (alpine) return { osId: 'alpine', releases: alpine[1] ? [alpine[1]] : [] };
  const words = tag.split(/[-_]/);
  const deb = words.find((w) => DEBIAN.includes(w));
  if (deb) return { osId: 'debian', releases: [deb] };
  if (repo === 'debian') {
    const n = DEBIAN_NUMBER[words[0]!.split('.')[0]!];
    if (n) return { osId: 'debian', releases: [n] };
  }
  const ub =
    words.find((w) => UBUNTU_NAMES.includes(w)) ?? (repo === 'ubuntu' ? UBUNTU[words[0]!] : undefined);
  if (ub) return { osId: 'ubuntu', releases: [ub] };
  return null;
}

/** Catalog rows of python patch versions that a tag's version part (`3.9.6`, `3.9`, `3`, '') covers. */
function pythonRows(version: string) {
  return PYTHON_PATCHES.filter(([v]) => !version || v === version || v.startsWith(`${version}.`));
}

function pythonFacts(tag: string, base: ImageFacts): ImageFacts {
  const m = /^(\d+(?:\.\d+){0,2})?(?:-|$)/.exec(tag === 'latest' ? '' : tag);
  // Pre-releases (`3.14.0rc1`), windows tags and unknown shapes: nothing is known.
  if (!m || /rc|a\d|b\d|windows|nanoserver/.test(tag)) return base;
  const version = m[1] ?? '';
  const rows = pythonRows(version);
  if (!rows.length || (version.split('.').length === 3 && rows.length !== 1)) return base;
  const pins = rows.map((r) => r[1]);
  const tops = rows.map((r) => r[2]);
  const min = pins.every(Boolean) ? pins.reduce((a, b) => (compareVersions(a, b) <= 0 ? a : b)) : null;
  const max = tops.every(Boolean) ? tops.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b)) : null;
  // docker-library/python a8ec33a6 (2024-08-27): no setuptools in 3.12+ images from then on;
  // before it, and in every image older than 3.12, get-pip.py/ensurepip installed it.
  const withSt = rows.map(([v, , , , , last]) => compareVersions(v, '3.12') < 0 || last < '2024-08-27');
  const setuptools = withSt.every(Boolean) ? true : withSt.some(Boolean) ? null : false;
  const releases =
    base.osReleases.length || base.osId === 'alpine'
      ? base.osReleases
      : [...new Set(rows.flatMap((r) => r[3].split(' ').filter(Boolean)))].sort(
          (a, b) => DEBIAN.indexOf(a) - DEBIAN.indexOf(b),
        );
  return {
    ...base,
    source: 'catalog',
    osId: base.osId ?? (releases.length ? 'debian' : null),
    osReleases: releases,
    languageVersion: version || null,
    pip: { min, max },
    setuptools,
  };
}

/** Normalised keys under which daemon facts may be filed for an image. */
const keysOf = (image: ImageRef): string[] => {
  const name = `${image.registry ? `${image.registry}/` : ''}${image.repository}`;
  return [image.raw, `${name}:${image.tag ?? 'latest'}`, image.tag ? '' : name].filter(Boolean);
};

/** What is known about `image`: daemon facts (`known`, keyed as in ProjectContext.baseImages) first, then the catalog. */
export function baseImageFacts(image: ImageRef, known?: Record<string, BaseImageFacts>): ImageFacts {
  const offline = catalogFacts(image);
  const k = keysOf(image).find((key) => known?.[key]);
  const d = k ? known![k]! : null;
  if (!d) return offline;
  // The image's own PYTHON_VERSION names one catalog row, narrower than its floating tag: its pip
  // range, setuptools, and (unless the tag names a suite) its default Debian releases.
  const exact =
    image.repository === 'python' && d.languageVersion && /^\d+\.\d+\.\d+$/.test(d.languageVersion)
      ? catalogFacts({ ...image, tag: d.languageVersion })
      : null;
  const row = exact?.pip?.min ? exact : null;
  const tagSuite = offline.osReleases.length === 1 && (image.tag ?? '').includes(offline.osReleases[0]!);
  return {
    source: 'daemon',
    osId: d.osId ?? offline.osId,
    osReleaseRead: Boolean(d.osRelease),
    osReleases: d.osRelease
      ? [d.osRelease]
      : row?.osReleases.length && !tagSuite
        ? row.osReleases
        : offline.osReleases,
    languageVersion: d.languageVersion ?? offline.languageVersion,
    pip: d.pipVersion ? { min: d.pipVersion, max: d.pipVersion } : (row?.pip ?? offline.pip),
    setuptools: row ? row.setuptools : offline.setuptools,
    workdir: d.workdir !== undefined ? d.workdir || '/' : offline.workdir,
    user: d.user ?? offline.user,
    env: d.env ?? null,
    full: d.full ?? offline.full,
    packages: d.packages ?? null,
  };
}

/** The offline answer, from the image reference alone. */
export function catalogFacts(image: ImageRef): ImageFacts {
  const none: ImageFacts = {
    source: 'none',
    osId: null,
    osReleases: [],
    osReleaseRead: false,
    languageVersion: null,
    pip: null,
    setuptools: null,
    workdir: null,
    user: null,
    env: null,
    full: null,
    packages: null,
  };
  if (!isOfficial(image) || image.digest) return none;
  const repo = image.repository;
  const tag = image.tag ?? 'latest';
  const os = osFromTag(repo, tag);
  const defaults = DEFAULTS[repo];
  const base: ImageFacts = {
    ...none,
    source: os || defaults ? 'catalog' : 'none',
    osId: os?.osId ?? (DEBIAN_FAMILIES.has(repo) ? 'debian' : null),
    osReleases:
      os?.releases ??
      (repo === 'rust'
        ? // docker-library/rust's default suite by release (shared/catalog/native-libs).
          [debianReleaseOf(image, { files: [], dockerignore: null }) ?? ''].filter(Boolean)
        : lineReleases(repo, tag)),
    workdir: defaults?.workdir ?? null,
    user: defaults?.user ?? null,
    full: DEBIAN_FAMILIES.has(repo) && repo !== 'debian' ? !/(slim|alpine)/.test(tag) : null,
  };
  if (repo === 'python') return pythonFacts(tag, { ...base, osReleases: os?.releases ?? [] });
  return base;
}
