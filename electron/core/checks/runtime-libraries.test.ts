import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  archiveTar,
  chunked,
  layerTar,
  legacyMembers,
  ociMembers,
  type TestLayerEntry,
} from '../layers/test-archive';
import { inspectArchiveLibraries, judgeLibraries, type ImageLibraries } from './runtime-libraries';

/** A real binary of this machine (Debian) that links libz.so.1 and five other libraries. */
const DPKG_DEB = '/usr/bin/dpkg-deb';
const LIBZ = '/usr/lib/x86_64-linux-gnu/libz.so.1';
const real = (p: string): Buffer => readFileSync(realpathSync(p));
// The archive test packs this machine's real dpkg-deb and libz; without them (not Debian) it skips.
const haveFiles = existsSync(DPKG_DEB) && existsSync(LIBZ);
const ML = 'usr/lib/x86_64-linux-gnu';

/** A merged-/usr base layer with dpkg-deb and its libraries (placeholders, but libz is the real one). */
function baseLayer(libDir = ML): TestLayerEntry[] {
  const others = ['libmd.so.0', 'liblzma.so.5', 'libzstd.so.1', 'libbz2.so.1.0', 'libc.so.6'];
  return [
    { name: 'usr/', type: 'directory' },
    { name: 'usr/bin/', type: 'directory' },
    { name: `${ML}/`, type: 'directory' },
    { name: 'lib', type: 'symlink', linkname: 'usr/lib' },
    ...others.map((n) => ({ name: `${ML}/${n}`, content: 'placeholder library' })),
    { name: `${libDir}/`, type: 'directory' },
    { name: `${libDir}/libz.so.1`, type: 'symlink', linkname: 'libz.so.1.2.13' },
    { name: `${libDir}/libz.so.1.2.13`, content: real(LIBZ) },
    { name: 'usr/bin/dpkg-deb', content: real(DPKG_DEB), mode: 0o755 },
  ];
}

async function inspect(layers: TestLayerEntry[][], oci = false, chunk = 65536): Promise<ImageLibraries> {
  const tars = await Promise.all(layers.map((l) => layerTar(l)));
  const members = oci ? ociMembers(tars, { gzipLayers: true }) : legacyMembers(tars);
  return inspectArchiveLibraries(chunked(await archiveTar(members), chunk), { architecture: 'amd64' });
}

describe.skipIf(!haveFiles)('inspectArchiveLibraries on an image archive with real ELF files', () => {
  it('resolves every DT_NEEDED of a complete image (through the /lib symlink)', async () => {
    const r = await inspect([baseLayer()]);
    expect(r.checked).toBe(2); // dpkg-deb and libz (placeholders are not ELF)
    expect(r.missing).toEqual([]);
  });

  it('tells the package manager from os-release (through its symlink) and the apt-get binary', async () => {
    const osr: TestLayerEntry[] = [
      { name: 'etc/os-release', type: 'symlink', linkname: '../usr/lib/os-release' },
      { name: 'usr/lib/os-release', content: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n' },
    ];
    expect((await inspect([baseLayer(), osr])).packageManager).toBeNull(); // no apt-get
    const apt: TestLayerEntry[] = [{ name: 'usr/bin/apt-get', content: 'x', mode: 0o755 }];
    expect((await inspect([baseLayer(), osr, apt])).packageManager).toBe('apt');
  });

  it('honours a later layer deleting the library (whiteout), in both archive layouts', async () => {
    const rm: TestLayerEntry[] = [{ name: `${ML}/.wh.libz.so.1.2.13`, content: '' }];
    for (const oci of [false, true]) {
      const r = await inspect([baseLayer(), rm], oci, 1000);
      expect(r.missing).toEqual([{ file: '/usr/bin/dpkg-deb', soname: 'libz.so.1' }]);
      expect(r.checked).toBe(1);
    }
  });

  it('finds a library only through /etc/ld.so.conf.d, and misses it without that file', async () => {
    const conf: TestLayerEntry[] = [
      { name: 'etc/ld.so.conf', content: 'include /etc/ld.so.conf.d/*.conf\n' },
      { name: 'etc/ld.so.conf.d/app.conf', content: '/opt/app/lib\n' },
    ];
    expect(
      (await inspect([[{ name: 'opt/app/lib/', type: 'directory' }, ...baseLayer('opt/app/lib'), ...conf]]))
        .missing,
    ).toEqual([]);
    expect((await inspect([[...baseLayer('opt/app/lib')]])).missing).toEqual([
      { file: '/usr/bin/dpkg-deb', soname: 'libz.so.1' },
    ]);
  });

  it('a library replaced by a non-ELF file in a later layer is not judged as an ELF', async () => {
    const over: TestLayerEntry[] = [{ name: 'usr/bin/dpkg-deb', content: '#!/bin/sh\n' }];
    expect(await inspect([baseLayer(), over])).toMatchObject({ checked: 1, missing: [] });
  });
});

describe('judgeLibraries', () => {
  const img = (missing: [string, string][], checked = 10): ImageLibraries => ({
    checked,
    missing: missing.map(([file, soname]) => ({ file, soname })),
    unreadable: [],
    packageManager: 'apt',
  });

  it('fails the optimized image on a library the original resolves (uWSGI / libxml2)', () => {
    const r = judgeLibraries(img([]), img([['/usr/local/bin/uwsgi', 'libxml2.so.2']]));
    expect(r.original.status).toBe('pass');
    expect(r.optimized).toMatchObject({
      status: 'fail',
      evidence: ['libxml2.so.2 (needed by /usr/local/bin/uwsgi)'],
      data: { missingSonames: ['libxml2.so.2'] },
    });
    expect(r.optimized.summary).toContain('libxml2.so.2');
  });

  it('takes names unresolved in the original as the baseline, wherever the file moved', () => {
    const orig = img([['/usr/lib/python3/x/_plugin.so', 'libfoo.so.1']]);
    const opt = img([['/opt/venv/lib/x/_plugin.so', 'libfoo.so.1']]);
    const r = judgeLibraries(orig, opt);
    expect([r.original.status, r.optimized.status]).toEqual(['pass', 'pass']);
    expect(r.original.evidence).toEqual(['libfoo.so.1 (needed by /usr/lib/python3/x/_plugin.so)']);
    // A new missing name next to the baseline one still fails, and only the new one is evidence.
    const worse = judgeLibraries(
      orig,
      img([...opt.missing.map((m) => [m.file, m.soname] as [string, string]), ['/bin/app', 'libssl.so.3']]),
    );
    expect(worse.optimized.status).toBe('fail');
    expect(worse.optimized.evidence).toEqual(['libssl.so.3 (needed by /bin/app)']);
  });

  it('bounds the evidence', () => {
    const many = Array.from({ length: 30 }, (_, i) => ['/bin/a', `lib${i}.so`] as [string, string]);
    expect(judgeLibraries(img([]), img(many)).optimized.evidence).toHaveLength(21);
  });
});
