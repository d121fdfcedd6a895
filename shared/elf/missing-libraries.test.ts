import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EM, readElf, wholeFile, type ElfInfo } from './elf-reader';
import { resolvePath, type FsEntryType, type FsLookup } from './image-paths';
import { loaderConfigDirs } from './loader-config';
import { expandSearchPath, findMissingLibraries } from './missing-libraries';

/** A tiny image filesystem: files, and symlinks written `path -> target`. */
function memFs(spec: string[]): FsLookup {
  const m = new Map<string, { type: FsEntryType; linkname?: string }>();
  const addDirs = (p: string): void => {
    const parts = p.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++)
      if (!m.has('/' + parts.slice(0, i).join('/')))
        m.set('/' + parts.slice(0, i).join('/'), { type: 'dir' });
  };
  for (const line of spec) {
    const [path, target] = line.split(' -> ');
    addDirs(path!);
    if (target !== undefined) m.set(path!, { type: 'symlink', linkname: target });
    else if (path!.endsWith('/')) m.set(path!.slice(0, -1), { type: 'dir' });
    else if (!m.has(path!)) m.set(path!, { type: 'file' });
  }
  return { lookup: (p) => m.get(p) };
}

const elf = (o: Partial<ElfInfo>): ElfInfo => ({
  bits: 64,
  littleEndian: true,
  type: 'dyn',
  machine: EM.X86_64,
  interpreter: null,
  dynamic: true,
  needed: [],
  soname: null,
  rpath: [],
  runpath: [],
  ...o,
});

describe('resolvePath', () => {
  const fs = memFs([
    '/lib -> usr/lib',
    '/usr/lib/x86_64-linux-gnu/libz.so.1 -> libz.so.1.2.13',
    '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13',
    '/opt/app/lib -> /opt/app/real/../real2',
    '/opt/app/real/',
    '/opt/app/real2/libfoo.so',
    '/opt/app/broken -> /opt/nowhere/../app/real2',
    '/loop -> /loop',
  ]);
  it('follows directory and file symlinks, relative and absolute, with ..', () => {
    expect(resolvePath(fs, '/lib/x86_64-linux-gnu/libz.so.1')).toEqual({
      path: '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13',
      type: 'file',
    });
    expect(resolvePath(fs, '/opt/app/lib/libfoo.so')?.path).toBe('/opt/app/real2/libfoo.so');
  });
  it('returns null for missing paths and link loops', () => {
    expect(resolvePath(fs, '/lib/x86_64-linux-gnu/libxml2.so.2')).toBeNull();
    expect(resolvePath(fs, '/loop/x')).toBeNull();
    // As in the kernel, `..` after a missing directory does not resolve.
    expect(resolvePath(fs, '/opt/app/broken/libfoo.so')).toBeNull();
  });
});

describe('loaderConfigDirs', () => {
  it('follows include globs (absolute and relative) in sorted order and skips comments', () => {
    const texts = new Map([
      ['/etc/ld.so.conf', 'include /etc/ld.so.conf.d/*.conf\n# comment\n/opt/extra # trailing\n'],
      [
        '/etc/ld.so.conf.d/x86_64-linux-gnu.conf',
        '# Multiarch support\n/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n',
      ],
      ['/etc/ld.so.conf.d/libc.conf', '/usr/local/lib\n'],
      ['/etc/ld.so.conf.d/zz.conf', 'include more/*.conf'],
      ['/etc/ld.so.conf.d/more/a.conf', '/opt/a:/opt/b,/opt/c'],
      ['/etc/ld.so.conf.d/README', '/not/a/conf'],
    ]);
    expect(loaderConfigDirs(texts)).toEqual([
      '/usr/local/lib',
      '/usr/local/lib/x86_64-linux-gnu',
      '/lib/x86_64-linux-gnu',
      '/opt/a',
      '/opt/b',
      '/opt/c',
      '/opt/extra',
    ]);
  });
  it("reads musl's ld-musl-<arch>.path", () => {
    expect(loaderConfigDirs(new Map([['/etc/ld-musl-x86_64.path', '/lib\n/usr/lib:/opt/musl\n']]))).toEqual([
      '/lib',
      '/usr/lib',
      '/opt/musl',
    ]);
  });
});

describe('expandSearchPath', () => {
  it('expands $ORIGIN, ${ORIGIN}, $LIB and $PLATFORM and drops relative entries', () => {
    expect(expandSearchPath('$ORIGIN/../lib', '/app/bin/tool', EM.X86_64)).toEqual(['/app/lib']);
    expect(expandSearchPath('${ORIGIN}/x', '/app/bin/tool', EM.X86_64)).toEqual(['/app/bin/x']);
    expect(expandSearchPath('/opt/$LIB', '/a', EM.AARCH64)).toEqual([
      '/opt/lib',
      '/opt/lib64',
      '/opt/lib/aarch64-linux-gnu',
    ]);
    expect(expandSearchPath('/opt/$PLATFORM', '/a', EM.X86_64)).toEqual(['/opt/x86_64']);
    expect(expandSearchPath('lib', '/a', EM.X86_64)).toEqual([]);
  });
});

describe('findMissingLibraries', () => {
  const base = [
    '/lib -> usr/lib',
    '/usr/lib/x86_64-linux-gnu/libc.so.6',
    '/usr/lib/x86_64-linux-gnu/libz.so.1 -> libz.so.1.2.13',
    '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13',
  ];

  it('reports the uWSGI case: libxml2.so.2 needed, absent from the slim image', () => {
    const fs = memFs([...base, '/usr/local/bin/uwsgi']);
    const elves = new Map([
      ['/usr/local/bin/uwsgi', elf({ type: 'exec', needed: ['libc.so.6', 'libz.so.1', 'libxml2.so.2'] })],
    ]);
    expect(findMissingLibraries({ fs, elves })).toEqual({
      checked: 1,
      missing: [{ file: '/usr/local/bin/uwsgi', soname: 'libxml2.so.2' }],
    });
    // With libxml2 installed (a soname symlink, found through the /lib symlink), nothing is missing.
    const fixed = memFs([
      ...base,
      '/usr/local/bin/uwsgi',
      '/usr/lib/x86_64-linux-gnu/libxml2.so.2 -> libxml2.so.2.9.14',
      '/usr/lib/x86_64-linux-gnu/libxml2.so.2.9.14',
    ]);
    expect(findMissingLibraries({ fs: fixed, elves }).missing).toEqual([]);
  });

  it('a dangling soname symlink is missing', () => {
    const fs = memFs([...base, '/usr/lib/x86_64-linux-gnu/libssl.so.3 -> libssl.so.3.0', '/bin/app']);
    const elves = new Map([['/bin/app', elf({ needed: ['libssl.so.3'] })]]);
    expect(findMissingLibraries({ fs, elves }).missing).toEqual([
      { file: '/bin/app', soname: 'libssl.so.3' },
    ]);
  });

  it('finds libraries through RPATH/RUNPATH with $ORIGIN, ld.so.conf dirs and LD_LIBRARY_PATH', () => {
    const fs = memFs([
      ...base,
      '/opt/app/bin/app',
      '/opt/app/lib/libapp.so',
      '/opt/conf/libconf.so',
      '/opt/env/libenv.so',
    ]);
    const elves = new Map([
      [
        '/opt/app/bin/app',
        elf({ needed: ['libapp.so', 'libconf.so', 'libenv.so'], runpath: ['$ORIGIN/../lib'] }),
      ],
    ]);
    expect(findMissingLibraries({ fs, elves }).missing.map((m) => m.soname)).toEqual([
      'libconf.so',
      'libenv.so',
    ]);
    expect(
      findMissingLibraries({ fs, elves, configDirs: ['/opt/conf'], ldLibraryPath: '/opt/env' }).missing,
    ).toEqual([]);
  });

  it('skips a candidate of another class or machine, and objects of another machine', () => {
    const fs = memFs([...base, '/usr/lib/libfoo.so', '/usr/lib64/libfoo.so', '/bin/app', '/bin/arm-tool']);
    const elves = new Map([
      ['/usr/lib/libfoo.so', elf({ bits: 32, machine: EM.I386, dynamic: false })],
      ['/bin/app', elf({ needed: ['libfoo.so'] })],
      ['/bin/arm-tool', elf({ machine: EM.AARCH64, needed: ['libnothere.so'] })],
    ]);
    expect(findMissingLibraries({ fs, elves, machine: EM.X86_64 }).missing).toEqual([]);
    // Only the 32-bit copy left: the 64-bit app cannot use it.
    const fs32 = memFs([...base, '/usr/lib/libfoo.so', '/bin/app']);
    expect(findMissingLibraries({ fs: fs32, elves, machine: EM.X86_64 }).missing).toEqual([
      { file: '/bin/app', soname: 'libfoo.so' },
    ]);
  });

  it('ignores static binaries and relocatable objects; checks absolute DT_NEEDED paths', () => {
    const fs = memFs([...base, '/bin/static', '/x.o', '/bin/abs']);
    const elves = new Map([
      ['/bin/static', elf({ dynamic: false, needed: [] })],
      ['/x.o', elf({ type: 'rel', needed: ['libnope.so'] })],
      ['/bin/abs', elf({ needed: ['/opt/gone/libx.so', 'sub/rel.so'] })],
    ]);
    expect(findMissingLibraries({ fs, elves })).toEqual({
      checked: 1,
      missing: [{ file: '/bin/abs', soname: '/opt/gone/libx.so' }],
    });
  });

  // Real ELF bytes from this machine; skipped where /bin/true is not a file.
  it.skipIf(!existsSync('/bin/true'))('on real ELF bytes: /bin/true needs libc.so.6', () => {
    const bytes = new Uint8Array(readFileSync(realpathSync('/bin/true')));
    const r = readElf(wholeFile(bytes), bytes.length);
    if (r.kind !== 'elf') throw new Error('not read');
    const elves = new Map([['/usr/bin/true', r.info]]);
    expect(findMissingLibraries({ fs: memFs(['/usr/bin/true']), elves }).missing).toEqual([
      { file: '/usr/bin/true', soname: 'libc.so.6' },
    ]);
    expect(findMissingLibraries({ fs: memFs([...base, '/usr/bin/true']), elves }).missing).toEqual([]);
  });
});
