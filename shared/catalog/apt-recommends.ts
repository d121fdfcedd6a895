/**
 * Debian/Ubuntu packages whose *Recommends* carry something the installing Dockerfile usually
 * relies on, so `--no-install-recommends` (WH021) alone would break it. Two kinds:
 * - small and exact: the fix names the recommended package itself (`gcc` compiles nothing without
 *   `libc6-dev`; curl/wget/git/nodejs lose HTTPS without `ca-certificates`);
 * - broad: what they recommend is a toolchain or a set of format handlers the app may or may not
 *   use (python3-pip → build-essential and python3-dev for source packages; Debian's npm →
 *   git and, through node-gyp, build-essential; imagemagick → ghostscript and extra coders;
 *   wkhtmltopdf → an X server): the fix holds back and says why.
 *
 * Source: `apt-cache show` on debian:bookworm-slim and debian:bullseye-slim (Recommends of gcc,
 * gcc-12, gcc-10, python3-pip, npm, node-gyp, nodejs, git, curl's libcurl4, wget,
 * imagemagick-6.q16, wkhtmltopdf, rustc, cmake, golang-1.19-go, bundler, composer, r-base-core),
 * checked 2026-11-30. `gcc --no-install-recommends` on
 * python:3.9-slim fails `#include <stdio.h>` (checked on the test engine).
 */

/** The base name of an apt package argument: `gcc-12=12.2.0-14:amd64` → `gcc-12`. */
const bare = (p: string): string => p.replace(/[=:].*$/, '').replace(/\/.*$/, '');

/** Package → recommended packages the fix installs by name. */
const NAMED: [RegExp, string[]][] = [
  [/^gcc(-\d+)?$/, ['libc6-dev']],
  [/^(curl|wget|gnupg2?|libcurl4|python3-requests|nodejs)$/, ['ca-certificates']],
  // git recommends ssh-client (git@… and ssh:// remotes, git+ssh requirements) and patch (git am/apply fallbacks).
  [/^git$/, ['ca-certificates', 'openssh-client', 'patch']],
  // rustc alone builds no crate: cargo is only recommended.
  [/^rustc$/, ['cargo']],
  // cmake finds no compiler and no make without its recommends (gcc needs libc6-dev in turn).
  [/^cmake$/, ['gcc', 'make', 'libc6-dev']],
];

/** Package → what its Recommends bring that the install may rely on (the fix holds back). */
const BROAD: [RegExp, string][] = [
  [/^python3?-pip$/, 'build-essential and python3-dev, which pip needs to build source packages'],
  [
    /^(npm|node-gyp)$/,
    'git and build-essential (through node-gyp), which npm needs for git dependencies and native addons',
  ],
  [
    /^(imagemagick|imagemagick-\d+(\.q\d+)?|graphicsmagick)$/,
    'ghostscript and the extra coders (PDF, PostScript, SVG…) it converts with',
  ],
  [/^wkhtmltopdf$/, 'an X server (xvfb), which Debian’s wkhtmltopdf needs to render'],
  [/^golang(-\d+(\.\d+)?)?(-go)?$/, 'gcc, g++ and libc6-dev, which go build needs for cgo (on by default)'],
  [/^(bundler|ruby-bundler)$/, 'build-essential and ruby-dev, which bundle install needs for native gems'],
  [/^composer$/, 'git and unzip, which composer fetches packages with'],
  [
    /^r-base(-core)?$/,
    'r-base-dev (compilers and headers), which install.packages() needs to build packages',
  ],
];

/** The recommended packages an install of `packages` needs by name and does not list yet. */
export function neededRecommends(packages: string[]): string[] {
  const names = new Set(packages.map(bare));
  const out = new Set<string>();
  for (const p of names) for (const [re, add] of NAMED) if (re.test(p)) add.forEach((a) => out.add(a));
  return [...out].filter((a) => !names.has(a));
}

/**
 * Why `--no-install-recommends` cannot be added to this install safely, or null: a package whose
 * recommends carry what it is used for, or package names Whittle cannot read (`$BUILD_DEPS`).
 */
export function recommendsRisk(packages: string[], words: string[]): string | null {
  for (const p of packages.map(bare))
    for (const [re, why] of BROAD)
      if (re.test(p))
        return `${p} recommends ${why}; add --no-install-recommends by hand, naming what the build needs.`;
  const hidden = words.find((w) => /\$/.test(w) && !w.startsWith('-'));
  if (hidden)
    return `The packages come from ${hidden}, which Whittle cannot read, so it cannot tell whether one needs a package it only recommends (gcc needs libc6-dev); add --no-install-recommends by hand.`;
  return null;
}
