import { describe, expect, it } from 'vitest';
import { analyzeImageArchive } from './analyze-image';
import { archiveTar, chunked, layerTar, legacyMembers } from './test-archive';

const STATUS = 'Package: curl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 7.88.1\n';

async function image(): Promise<Buffer> {
  const layers = await Promise.all([
    layerTar([
      { name: 'var/lib/dpkg/status', content: 'Package: old\nStatus: install ok installed\nVersion: 1\n' },
      { name: 'var/lib/dpkg/info/old.list', content: '/usr/bin/old\n' },
      { name: 'usr/bin/old', content: 'o'.repeat(1000) },
    ]),
    layerTar([
      // apt replaced the status file: only this copy is visible, so `old` no longer owns anything.
      { name: 'var/lib/dpkg/status', content: STATUS },
      { name: 'var/lib/dpkg/info/curl.list', content: '/usr/bin/curl\n' },
      { name: 'usr/bin/curl', content: 'c'.repeat(700) },
      { name: 'var/lib/apt/lists/x_Packages', content: Buffer.alloc(4000, 1) },
    ]),
    layerTar([
      { name: 'app/' },
      { name: 'app/node_modules/left-pad/package.json', content: '{"name":"left-pad","version":"1.3.0"}' },
      { name: 'app/node_modules/left-pad/index.js', content: 'l'.repeat(300) },
      { name: 'app/server.js', content: 's'.repeat(50) },
    ]),
    layerTar([{ name: 'var/lib/apt/lists/.wh.x_Packages' }]),
  ]);
  return archiveTar(legacyMembers(layers));
}

const LAYERS = [
  { index: 0, instruction: 'base', isBase: true },
  { index: 1, instruction: 'RUN apt-get install curl', isBase: false },
  { index: 2, instruction: 'COPY . /app', isBase: false },
  { index: 3, instruction: 'RUN rm -rf /var/lib/apt/lists/*', isBase: false },
];

describe('analyzeImageArchive with a bill', () => {
  it('reads the metadata during the same pass and attributes the final filesystem', async () => {
    const c = await analyzeImageArchive(chunked(await image(), 1000), { bill: { layers: LAYERS } });
    const bill = c.bill!;
    expect(bill.totalBytes).toBe(c.storedBytes);
    const by = (kind: string, name: string) => bill.entries.find((e) => e.kind === kind && e.name === name);
    expect(by('os-package', 'curl')).toMatchObject({ version: '7.88.1', bytes: 700, files: 1 });
    expect(by('os-package', 'old')).toBeUndefined();
    expect(by('base', '/usr/bin')).toMatchObject({ bytes: 1000 });
    expect(by('npm', 'left-pad')).toMatchObject({ version: '1.3.0', files: 2 });
    expect(by('app', '/app')).toMatchObject({ bytes: 50 });
    expect(by('reclaimable', 'RUN apt-get install curl')).toMatchObject({
      bytes: 4000,
      files: 1,
      layer: 1,
      largestFiles: [{ path: '/var/lib/apt/lists/x_Packages', bytes: 4000 }],
    });
    expect(by('cache', 'apt lists')).toBeUndefined();
  });

  it('computes no bill unless asked', async () => {
    const c = await analyzeImageArchive(chunked(await image()));
    expect(c.bill).toBeUndefined();
  });
});
