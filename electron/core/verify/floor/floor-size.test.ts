import { describe, expect, it } from 'vitest';
import { EM, type ElfInfo } from '../../../../shared/elf/elf-reader';
import type { FsEntryType } from '../../../../shared/elf/image-paths';
import { sizeFloor, type SizedFs } from './floor-size';

/** A tiny image: `path size`, `path -> target` (symlink), `path => target` (tar hard link). */
function memFs(spec: string[]): SizedFs {
  const m = new Map<string, { type: FsEntryType; linkname?: string; size?: number }>();
  for (const line of spec) {
    const parts = line.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const d = '/' + parts.slice(0, i).join('/');
      if (!m.has(d)) m.set(d, { type: 'dir' });
    }
    const link = / -> (.*)$/.exec(line);
    const hard = / => (.*)$/.exec(line);
    const path = line.split(' ')[0]!;
    if (link) m.set(path, { type: 'symlink', linkname: link[1]! });
    else if (hard) m.set(path, { type: 'hardlink', linkname: hard[1]!, size: 0 });
    else m.set(path, { type: 'file', size: Number(line.split(' ')[1]) });
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

const LOADER = '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2';
const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';

describe('sizeFloor', () => {
  const fs = memFs([
    '/lib -> usr/lib',
    '/lib64/ld-linux-x86-64.so.2 -> /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
    `${LOADER} 200000`,
    `${LIBC} 2000000`,
    '/usr/lib/x86_64-linux-gnu/libz.so.1 -> libz.so.1.2.13',
    '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13 100000',
    '/usr/lib/x86_64-linux-gnu/libunused.so.1 5000000',
    '/usr/bin/python3 -> python3.11',
    '/usr/bin/python3.11 6000000',
    '/usr/bin/python3-copy => usr/bin/python3.11',
    '/usr/local/bin/entry.sh 300',
    '/bin -> usr/bin',
    '/usr/bin/sh -> dash',
    '/usr/bin/dash 120000',
    '/app/app.py 1000',
    '/opt/unread.bin 20000000',
  ]);
  const elves = new Map<string, ElfInfo>([
    [LOADER, elf({})],
    [LIBC, elf({ soname: 'libc.so.6' })],
    ['/usr/lib/x86_64-linux-gnu/libz.so.1.2.13', elf({ needed: ['libc.so.6'] })],
    ['/usr/lib/x86_64-linux-gnu/libunused.so.1', elf({})],
    [
      '/usr/bin/python3.11',
      elf({ interpreter: '/lib64/ld-linux-x86-64.so.2', needed: ['libz.so.1', 'libc.so.6'] }),
    ],
    ['/usr/bin/dash', elf({ interpreter: '/lib64/ld-linux-x86-64.so.2', needed: ['libc.so.6'] })],
  ]);
  const shebangs = new Map([['/usr/local/bin/entry.sh', '/bin/sh -e']]);

  it('adds the loader and the DT_NEEDED closure of executed programs, each real file once', () => {
    const s = sizeFloor(
      { fs, elves, shebangs },
      {
        executed: ['/usr/bin/python3'],
        // What glibc's loader opens itself, plus the app's own files and kernel/tracer paths.
        opened: [
          '/lib/x86_64-linux-gnu/libc.so.6',
          '/app/app.py',
          '/proc/self/maps',
          '/dev/null',
          '/.whittle-trace/strace',
          '/tmp/created-at-run-time',
        ],
      },
    );
    const paths = s.files.map((f) => f.path);
    expect(paths).toEqual([
      '/usr/bin/python3.11',
      LIBC,
      LOADER,
      '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13',
      '/app/app.py',
    ]);
    expect(s.floorBytes).toBe(6_000_000 + 2_000_000 + 200_000 + 100_000 + 1000);
    expect(s.openedBytes).toBe(6_000_000 + 2_000_000 + 1000);
    // Loader, libz and libc (libc also opened: the two figures overlap).
    expect(s.loaderAndLibsBytes).toBe(200_000 + 100_000 + 2_000_000);
    expect(s.notInImage).toBe(1);
  });

  it('follows a script to its #! interpreter and that to its loader and libc', () => {
    const s = sizeFloor({ fs, elves, shebangs }, { executed: ['/usr/local/bin/entry.sh'], opened: [] });
    expect(s.files.map((f) => f.path).sort()).toEqual(
      ['/usr/local/bin/entry.sh', '/usr/bin/dash', LOADER, LIBC].sort(),
    );
  });

  it('sizes a tar hard link as its target, once', () => {
    const s = sizeFloor(
      { fs, elves, shebangs },
      { executed: [], opened: ['/usr/bin/python3-copy', '/usr/bin/python3.11'] },
    );
    expect(s.files).toEqual([{ path: '/usr/bin/python3.11', bytes: 6_000_000 }]);
  });

  it('skips a library of another machine and takes the next in search order', () => {
    const fs2 = memFs([
      '/usr/lib/libfoo.so.1 3000',
      '/usr/lib/x86_64-linux-gnu/libfoo.so.1 4000',
      '/app/bin 100',
    ]);
    const elves2 = new Map<string, ElfInfo>([
      ['/usr/lib/x86_64-linux-gnu/libfoo.so.1', elf({ machine: EM.AARCH64 })],
      ['/usr/lib/libfoo.so.1', elf({})],
      ['/app/bin', elf({ needed: ['libfoo.so.1'] })],
    ]);
    const s = sizeFloor({ fs: fs2, elves: elves2 }, { executed: ['/app/bin'], opened: [] });
    expect(s.files.map((f) => f.path)).toEqual(['/usr/lib/libfoo.so.1', '/app/bin']);
  });
});
