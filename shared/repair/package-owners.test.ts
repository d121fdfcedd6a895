import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apkOwners, dpkgOwners, isPackageDbPath, packagesForSonames } from './package-owners';

const STATUS = `Package: dpkg
Status: install ok installed
Architecture: amd64

Package: libxml2
Status: install ok installed
Multi-Arch: same
Architecture: amd64

Package: libxml2-dev
Status: install ok installed
Architecture: amd64

Package: libgone1
Status: deinstall ok config-files
Architecture: amd64

Package: libfoo1
Status: install ok installed
Architecture: i386
`;

const LISTS = new Map([
  [
    '/var/lib/dpkg/info/libxml2:amd64.list',
    '/.\n/usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14\n/usr/lib/x86_64-linux-gnu/libxml2.so.2\n',
  ],
  [
    '/var/lib/dpkg/info/libxml2-dev:amd64.list',
    '/usr/lib/x86_64-linux-gnu/libxml2.so\n/usr/share/doc/libxml2-dev/libxml2.so.2\n',
  ],
  ['/var/lib/dpkg/info/libgone1:amd64.list', '/usr/lib/x86_64-linux-gnu/libgone.so.1\n'],
  ['/var/lib/dpkg/info/libfoo1:i386.list', '/usr/lib/i386-linux-gnu/libfoo.so.1\n'],
]);

describe('dpkg owners', () => {
  it('maps a soname to the runtime package, not -dev, and skips packages not installed', () => {
    const owners = dpkgOwners(STATUS, LISTS);
    expect(
      packagesForSonames(owners, ['libxml2.so.2', 'libgone.so.1', 'libpython3.9.so.1.0', 'libfoo.so.1']),
    ).toEqual({
      packages: ['libfoo1:i386', 'libxml2'],
      bySoname: { 'libxml2.so.2': 'libxml2', 'libfoo.so.1': 'libfoo1:i386' },
      unmapped: ['libgone.so.1', 'libpython3.9.so.1.0'],
    });
  });

  it('recognises the database paths', () => {
    expect(isPackageDbPath('/var/lib/dpkg/status')).toBe(true);
    expect(isPackageDbPath('/var/lib/dpkg/info/libxml2:amd64.list')).toBe(true);
    expect(isPackageDbPath('/var/lib/dpkg/info/libxml2:amd64.md5sums')).toBe(false);
    expect(isPackageDbPath('/lib/apk/db/installed')).toBe(true);
  });

  // Reads this machine's own dpkg database; a machine without dpkg has none to read.
  it.skipIf(!existsSync('/var/lib/dpkg/status'))(
    "on this machine's real dpkg database: libz.so.1 → zlib1g",
    () => {
      const dir = '/var/lib/dpkg/info/';
      const lists = new Map(
        readdirSync(dir)
          .filter((f) => f.endsWith('.list'))
          .map((f) => [dir + f, readFileSync(dir + f, 'utf8')] as [string, string]),
      );
      const owners = dpkgOwners(readFileSync('/var/lib/dpkg/status', 'utf8'), lists);
      expect(packagesForSonames(owners, ['libz.so.1']).bySoname).toEqual({ 'libz.so.1': 'zlib1g' });
    },
  );
});

describe('apk owners', () => {
  it('reads P:/F:/R: stanzas', () => {
    const db =
      'C:Q1abc=\nP:libxml2\nV:2.11.6-r0\nF:usr/lib\nR:libxml2.so.2\nR:libxml2.so.2.11.6\n\nP:musl\nF:lib\nR:ld-musl-x86_64.so.1\nR:libc.musl-x86_64.so.1\n';
    const owners = apkOwners(db);
    expect(owners.get('libxml2.so.2')).toEqual([{ pkg: 'libxml2', path: '/usr/lib/libxml2.so.2' }]);
    expect(packagesForSonames(owners, ['libc.musl-x86_64.so.1']).packages).toEqual(['musl']);
  });
});
