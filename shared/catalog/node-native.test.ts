import { describe, expect, it } from 'vitest';
import { distrolessNodeImage } from './distroless-node';
import { systemLinkingAddons, unknownNativeInNpmLock, unknownNativeInPnpmLock } from './node-native';

describe('native addons', () => {
  it('names system-linking addons in any lockfile format or the dependency list', () => {
    expect(systemLinkingAddons('canvas@^2.11.0:\n  version "2.11.2"\n')).toEqual(['canvas']);
    expect(systemLinkingAddons('"pg-native@npm:^3.0.0":\n')).toEqual(['pg-native']);
    expect(systemLinkingAddons('', ['kerberos'])).toEqual(['kerberos']);
    expect(systemLinkingAddons('my-canvas-lib@1.0.0:\n')).toEqual([]);
  });

  it('npm lockfile v2/v3: production packages with install scripts, except those linking glibc only', () => {
    const lock = JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { hasInstallScript: true },
        'node_modules/bcrypt': { hasInstallScript: true },
        'node_modules/a/node_modules/odd': { hasInstallScript: true },
        'node_modules/jest-thing': { hasInstallScript: true, dev: true },
      },
    });
    expect(unknownNativeInNpmLock(lock)).toEqual(['odd']);
    expect(unknownNativeInNpmLock(JSON.stringify({ lockfileVersion: 1, dependencies: {} }))).toBeNull();
    expect(unknownNativeInNpmLock('not json')).toBeNull();
  });

  it('pnpm lockfile: requiresBuild in formats 5–8, unknown in 9', () => {
    expect(unknownNativeInPnpmLock("lockfileVersion: '9.0'\n")).toBeNull();
    const v6 =
      "lockfileVersion: '6.0'\npackages:\n\n  /@scope/addon@1.0.0:\n    requiresBuild: true\n\n  /esbuild@0.19.0:\n    requiresBuild: true\n";
    expect(unknownNativeInPnpmLock(v6)).toEqual(['@scope/addon']);
  });
});

describe('distrolessNodeImage', () => {
  it('matches the published majors per Debian release, glibc at least the builder’s', () => {
    expect(distrolessNodeImage(20, 'bookworm')).toBe('gcr.io/distroless/nodejs20-debian12');
    expect(distrolessNodeImage(20, 'bullseye')).toBe('gcr.io/distroless/nodejs20-debian12');
    expect(distrolessNodeImage(26, 'trixie')).toBe('gcr.io/distroless/nodejs26-debian13');
    expect(distrolessNodeImage(26, 'bookworm')).toBe('gcr.io/distroless/nodejs26-debian13');
    expect(distrolessNodeImage(20, 'sid')).toBeNull();
    expect(distrolessNodeImage(18, 'bookworm')).toBeNull();
  });
});
