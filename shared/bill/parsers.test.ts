import { describe, expect, it } from 'vitest';
import { parseApkInstalled } from './parse-apk';
import { dpkgListKey, parseDpkgList, parseDpkgStatus } from './parse-dpkg';
import { csvFields, distInfoName, parseInstalledFiles, parseRecord } from './parse-python';
import { metadataKind } from './metadata-paths';
import { npmPackageOf, runtimeOf } from './classify-path';

describe('dpkg', () => {
  it('keeps installed packages only, by name and name:arch; half-installed and config-files are skipped', () => {
    const m = parseDpkgStatus(
      'Package: a\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1\nInstalled-Size: 9\n\n' +
        'Package: b\nStatus: install ok half-installed\nVersion: 2\n\n' +
        'Package: c\nStatus: deinstall ok config-files\nVersion: 3\n\n' +
        'Package: d\nStatus: install ok installed\nArchitecture: all\nVersion: 4\n',
    );
    expect([...m.keys()].sort()).toEqual(['a', 'a:amd64', 'd']);
    expect(m.get('a:amd64')).toMatchObject({ name: 'a', installedSizeKiB: 9 });
  });
  it('list files: the package key and absolute paths without /.', () => {
    expect(dpkgListKey('/var/lib/dpkg/info/libc6:amd64.list')).toBe('libc6:amd64');
    expect(parseDpkgList('/.\n/usr\n/usr/bin/x\n\n')).toEqual(['/usr', '/usr/bin/x']);
  });
});

describe('apk', () => {
  it('files under their F: folder, one block per package', () => {
    const p = parseApkInstalled(
      'C:Q1x\nP:musl\nV:1.2.4-r2\nF:lib\nR:ld-musl-x86_64.so.1\nR:libc.musl.so\n\nP:zlib\nV:1.3\nF:usr/lib\nR:libz.so.1\n',
    );
    expect(p).toEqual([
      { name: 'musl', version: '1.2.4-r2', files: ['/lib/ld-musl-x86_64.so.1', '/lib/libc.musl.so'] },
      { name: 'zlib', version: '1.3', files: ['/usr/lib/libz.so.1'] },
    ]);
  });
});

describe('python metadata', () => {
  it('RECORD: quoted paths with commas, sizes, entries relative to site-packages', () => {
    expect(csvFields('"a,b.py",sha256=x,12')).toEqual(['a,b.py', 'sha256=x', '12']);
    expect(csvFields('x.py,,')).toEqual(['x.py', '', '']);
    const r = parseRecord(
      '/v/lib/python3.11/site-packages/p-1.0.dist-info/RECORD',
      '"p/a,b.py",h,5\n../../../bin/p,h,7\np-1.0.dist-info/RECORD,,\n',
    );
    expect(r).toEqual([
      { path: '/v/lib/python3.11/site-packages/p/a,b.py', size: 5 },
      { path: '/v/bin/p', size: 7 },
      { path: '/v/lib/python3.11/site-packages/p-1.0.dist-info/RECORD' },
    ]);
  });
  it('dist-info and egg-info names; installed-files.txt relative to the egg-info folder', () => {
    expect(distInfoName('/s/Flask-2.0.3.dist-info')).toEqual({ name: 'Flask', version: '2.0.3' });
    expect(distInfoName('/s/uWSGI-2.0.31-py3.9.egg-info')).toEqual({ name: 'uWSGI', version: '2.0.31' });
    expect(distInfoName('/s/zope.interface-6.0.dist-info')).toEqual({
      name: 'zope.interface',
      version: '6.0',
    });
    expect(parseInstalledFiles('/s/u-1.egg-info/installed-files.txt', '../u.py\nPKG-INFO\n')).toEqual([
      '/s/u.py',
      '/s/u-1.egg-info/PKG-INFO',
    ]);
  });
});

describe('which files are read, and path-only owners', () => {
  it('reads metadata files only, and only small enough ones', () => {
    expect(metadataKind('/var/lib/dpkg/status', 1000)).toBe('dpkg-status');
    expect(metadataKind('/usr/lib/python3/dist-packages/x-1.dist-info/RECORD', 10)).toBe('python-record');
    expect(metadataKind('/app/node_modules/@a/b/package.json', 10)).toBe('npm-package');
    expect(metadataKind('/app/node_modules/a/lib/package.json', 10)).toBeNull();
    expect(metadataKind('/app/package.json', 10)).toBeNull();
    expect(metadataKind('/opt/java/openjdk/release', 10)).toBe('jdk-release');
    expect(metadataKind('/usr/local/go/VERSION', 10)).toBe('go-version');
    expect(metadataKind('/var/lib/dpkg/status', 1e9)).toBeNull();
  });
  it('npm package folders: innermost node_modules, scoped names, not .bin', () => {
    expect(npmPackageOf('/a/node_modules/x/node_modules/@s/y/index.js')).toEqual({
      dir: '/a/node_modules/x/node_modules/@s/y',
      name: '@s/y',
    });
    expect(npmPackageOf('/a/node_modules/.bin/x')).toBeNull();
    expect(npmPackageOf('/a/node_modules/.package-lock.json')).toBeNull();
  });
  it('runtimes built into /usr/local, but not their site-packages', () => {
    expect(runtimeOf('/usr/local/lib/python3.12/os.py')).toEqual({ name: 'Python', version: '3.12' });
    expect(runtimeOf('/usr/local/lib/python3.12/site-packages/x.py')).toBeNull();
    expect(runtimeOf('/usr/local/bin/node')).toEqual({ name: 'Node.js' });
    expect(runtimeOf('/usr/local/lib/ruby/3.2.0/set.rb')).toEqual({ name: 'Ruby', version: '3.2.0' });
  });
});

describe('addressed by', () => {
  it('a Debian JRE package points to the jlink runtime rule, a JDK package to the advice', async () => {
    const { addressOf } = await import('./addressed-by');
    const e = (name: string) => ({ kind: 'os-package' as const, name, bytes: 1, files: 1 });
    expect(addressOf(e('openjdk-17-jre-headless'), { testBytes: 0 })).toMatchObject({ ruleId: 'WH014' });
    expect(addressOf(e('openjdk-17-jdk-headless'), { testBytes: 0 })).toMatchObject({ ruleId: 'WH004' });
    expect(addressOf(e('gcc-12'), { testBytes: 0 })).toMatchObject({ ruleId: 'WH011' });
    expect(addressOf({ ...e('gcc-12'), baseBytes: 1 }, { testBytes: 0 })).toBeUndefined();
  });
});

describe('topFolder', () => {
  it('the first components of a path, never the file itself', async () => {
    const { topFolder } = await import('./paths');
    expect(topFolder('/usr/lib/x/y', 2)).toBe('/usr/lib');
    expect(topFolder('/usr/lib/x', 2)).toBe('/usr/lib');
    expect(topFolder('/usr/x', 2)).toBe('/usr');
    expect(topFolder('/x', 2)).toBe('/');
    expect(topFolder('/app/a/b', 1)).toBe('/app');
    expect(topFolder('/main.py', 1)).toBe('/');
  });
});
