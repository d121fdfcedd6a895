import { describe, expect, it } from 'vitest';
import { attributeBill, type BillLayer, type VisibleFile } from './attribute-bill';

const LAYERS: BillLayer[] = [
  { index: 0, instruction: 'debian base', isBase: true },
  { index: 1, instruction: 'RUN apt-get install -y curl', isBase: false },
  { index: 2, instruction: 'COPY . /app', isBase: false },
  { index: 3, instruction: 'RUN pip install flask && npm ci', isBase: false },
];

const STATUS = `Package: libc6
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Version: 2.36-9
Installed-Size: 12
Description: GNU C Library
 multi-line description

Package: curl
Status: install ok installed
Architecture: amd64
Version: 7.88.1
Installed-Size: 1

Package: gone
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0
`;

function file(path: string, size: number, layer: number, extra: Partial<VisibleFile> = {}): VisibleFile {
  return { path, size, layer, type: 'file', ...extra };
}

const FILES: VisibleFile[] = [
  { path: '/lib', size: 0, layer: 0, type: 'symlink', linkname: 'usr/lib' },
  file('/usr/lib/x86_64-linux-gnu/libc.so.6', 10_000, 0),
  file('/usr/share/doc/libc6/copyright', 100, 0),
  file('/etc/hostname', 10, 0),
  file('/usr/bin/curl', 900, 1),
  file('/usr/share/doc/curl/README', 50, 1),
  file('/var/lib/apt/lists/deb.debian.org_dists', 3000, 1),
  file('/var/lib/dpkg/status', 500, 1),
  file('/app/main.py', 40, 2),
  file('/app/static/x.css', 60, 2),
  file('/requirements.txt', 5, 2),
  file('/usr/local/lib/python3.9/site-packages/flask/__init__.py', 700, 3),
  file('/usr/local/lib/python3.9/site-packages/flask/tests/test_a.py', 300_000, 3),
  file('/usr/local/lib/python3.9/site-packages/flask-3.0.0.dist-info/RECORD', 200, 3),
  file('/usr/local/bin/flask', 30, 3),
  file('/usr/local/lib/python3.9/site-packages/stray.py', 11, 3),
  file('/usr/local/lib/python3.9/os.py', 4000, 0),
  file('/usr/local/lib/python3.9/__pycache__/os.cpython-39.pyc', 3000, 0),
  file('/app/node_modules/express/index.js', 400, 3),
  file('/app/node_modules/express/package.json', 80, 3),
  file('/app/node_modules/@types/node/index.d.ts', 120, 3),
  file('/app/node_modules/.package-lock.json', 20, 3),
  file('/root/.npm/_cacache/x', 999, 3),
  file('/opt/java/openjdk/release', 100, 0),
  file('/opt/java/openjdk/lib/modules', 50_000, 0),
  file('/opt/java/openjdk/bin/java', 20, 0),
  file('/usr/local/bundle/specifications/rack-3.0.8.gemspec', 30, 3),
  file('/usr/local/bundle/gems/rack-3.0.8/lib/rack.rb', 333, 3),
  file('/usr/local/bundle/extensions/x86_64-linux/3.2.0/rack-3.0.8/gem.build_complete', 1, 3),
  file('/usr/local/bundle/cache/rack-3.0.8.gem', 444, 3),
  file('/var/lib/rpm/Packages', 7, 0),
  file('/srv/data.bin', 77, 3),
  file('/usr/local/go/VERSION', 30, 0),
  file('/usr/local/go/bin/go', 9000, 0),
];

const METADATA = new Map<string, string>([
  ['/var/lib/dpkg/status', STATUS],
  [
    '/var/lib/dpkg/info/libc6:amd64.list',
    '/.\n/lib\n/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu/libc.so.6\n/usr/share/doc/libc6/copyright\n',
  ],
  ['/var/lib/dpkg/info/curl.list', '/.\n/usr/bin/curl\n/usr/share/doc/curl/README\n'],
  ['/var/lib/dpkg/info/gone.list', '/etc/hostname\n'],
  [
    '/usr/local/lib/python3.9/site-packages/flask-3.0.0.dist-info/RECORD',
    'flask/__init__.py,sha256=x,700\nflask/tests/test_a.py,sha256=y,300000\n"flask-3.0.0.dist-info/RECORD",,\n../../../bin/flask,sha256=z,30\n',
  ],
  ['/usr/local/go/VERSION', 'go1.19.13\ntime 2023-09-06T15:37:47Z\n'],
  ['/app/node_modules/express/package.json', '{"name":"express","version":"4.18.2"}'],
  [
    '/opt/java/openjdk/release',
    'IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="17.0.9"\nMODULES="java.base java.logging java.sql"\n',
  ],
]);

function bill(imageSizeBytes?: number) {
  return attributeBill({
    forEachFile: (visit) => FILES.forEach(visit),
    metadata: METADATA,
    layers: LAYERS,
    reclaimable: [
      { layer: 1, bytes: 5000, files: 2, largestFiles: [{ path: '/big', bytes: 4000 }] },
      { layer: 0, bytes: 0, files: 0 },
    ],
    ...(imageSizeBytes === undefined ? {} : { imageSizeBytes }),
  });
}

const find = (kind: string, name: string) => bill().entries.find((e) => e.kind === kind && e.name === name);

describe('attributeBill', () => {
  it('gives every stored byte exactly one owner: entries add up to visible + reclaimable', () => {
    const b = bill();
    const visible = FILES.reduce((s, f) => s + f.size, 0);
    expect(b.totalBytes).toBe(visible + 5000);
    expect(b.entries.reduce((s, e) => s + e.bytes, 0)).toBe(b.totalBytes);
    expect(b.entries.reduce((s, e) => s + e.files, 0)).toBe(FILES.length + 2);
  });

  it('splits dpkg packages by their lists, through the merged-/usr symlink, docs included', () => {
    // The /lib symlink is listed too, so libc6 owns it (0 bytes, one entry).
    expect(find('os-package', 'libc6')).toMatchObject({
      version: '2.36-9',
      bytes: 10_100,
      files: 3,
      baseBytes: 10_100,
    });
    expect(find('os-package', 'curl')).toMatchObject({ version: '7.88.1', bytes: 950, files: 2 });
    expect(find('os-package', 'curl')?.baseBytes).toBeUndefined();
    // A list left by a removed package (config-files) owns nothing: /etc/hostname stays with the base.
    expect(find('os-package', 'gone')).toBeUndefined();
    expect(find('base', '/etc')).toMatchObject({ bytes: 10 });
  });

  it('attributes a RECORD, including entry points outside site-packages, and flags test folders', () => {
    const flask = find('python', 'flask');
    expect(flask).toMatchObject({ version: '3.0.0', bytes: 700 + 300_000 + 200 + 30, files: 4 });
    expect(flask?.addressedBy?.text).toMatch(/test folders/);
    expect(flask?.largestFiles?.[0]).toEqual({
      path: '/usr/local/lib/python3.9/site-packages/flask/tests/test_a.py',
      bytes: 300_000,
    });
  });

  it('names npm packages by folder (scoped too), versions from package.json', () => {
    expect(find('npm', 'express')).toMatchObject({ version: '4.18.2', bytes: 480, files: 2 });
    expect(find('npm', '@types/node')).toMatchObject({ bytes: 120 });
    expect(find('npm', '@types/node')?.version).toBeUndefined();
  });

  it('gems by specification, their extension folders, and the gem cache as a cache', () => {
    expect(find('gem', 'rack')).toMatchObject({ version: '3.0.8', bytes: 30 + 333 + 1, files: 3 });
    expect(find('cache', 'gem cache')).toMatchObject({ bytes: 444, addressedBy: { ruleId: 'WH038' } });
  });

  it('runtimes: a JRE from its release file with jlink advice, Python built into /usr/local', () => {
    expect(find('runtime', 'JRE')).toMatchObject({ version: '17.0.9', bytes: 50_120, files: 3 });
    expect(find('runtime', 'JRE')?.addressedBy).toMatchObject({ type: 'rule', ruleId: 'WH014' });
    expect(find('runtime', 'JRE')?.addressedBy?.text).toMatch(/jlink.*3 modules/);
    expect(find('runtime', 'Python')).toMatchObject({ version: '3.9', bytes: 4000 });
    expect(find('runtime', 'Go toolchain')).toMatchObject({ version: 'go1.19.13', bytes: 9030 });
    expect(find('runtime', 'Go toolchain')?.addressedBy).toMatchObject({ ruleId: 'WH010' });
  });

  it('caches by the tool that left them, with the rule that removes them', () => {
    expect(find('cache', 'apt lists')).toMatchObject({ bytes: 3000, addressedBy: { ruleId: 'WH022' } });
    expect(find('cache', 'npm cache')).toMatchObject({ bytes: 999, addressedBy: { ruleId: 'WH025' } });
    expect(find('cache', '__pycache__')).toMatchObject({ bytes: 3000, addressedBy: { ruleId: 'WH034' } });
  });

  it('app files by top folder of what COPY brought; the rest of a RUN layer is unattributed', () => {
    expect(find('app', '/app')).toMatchObject({ bytes: 100, files: 2 });
    expect(find('app', '/')).toMatchObject({ bytes: 5 });
    expect(find('unattributed', '/srv')).toMatchObject({ bytes: 77 });
    expect(find('unattributed', '/usr/local')).toMatchObject({ bytes: 11 });
    expect(find('unattributed', '/app/node_modules')).toMatchObject({ bytes: 20 }); // .package-lock.json
  });

  it('reclaimable bytes per storing instruction, with the advice', () => {
    expect(find('reclaimable', 'RUN apt-get install -y curl')).toMatchObject({
      bytes: 5000,
      files: 2,
      layer: 1,
      addressedBy: { ruleId: 'WH028' },
    });
  });

  it('says an rpm database was not read, and what the difference to the image size is', () => {
    const b = bill(FILES.reduce((s, f) => s + f.size, 0) + 5000 + 7);
    expect(b.unexplainedBytes).toBe(7);
    expect(b.note).toMatch(/rpm database is present/);
    expect(b.note).toMatch(/symlink/);
  });

  it('without layer facts nothing is base or app', () => {
    const b = attributeBill({
      forEachFile: (v) => FILES.forEach(v),
      metadata: new Map(),
      layers: [],
      reclaimable: [],
    });
    expect(b.entries.some((e) => e.kind === 'base' || e.kind === 'app')).toBe(false);
  });
});

describe('reclaimable bytes of the base image', () => {
  it('are a line of their own, without advice: the Dockerfile cannot fix them', () => {
    const b = attributeBill({
      forEachFile: (v) => v({ path: '/x', size: 1, layer: 1, type: 'file' }),
      metadata: new Map(),
      layers: [
        { index: 0, instruction: 'base', isBase: true },
        { index: 1, instruction: 'RUN rm -rf /var/lib/apt/lists/*', isBase: false },
      ],
      reclaimable: [
        { layer: 0, bytes: 70, files: 3 },
        { layer: 1, bytes: 0, files: 0 },
      ],
    });
    expect(b.entries.find((e) => e.kind === 'reclaimable')).toEqual({
      kind: 'reclaimable',
      name: 'base',
      bytes: 70,
      files: 3,
      layer: 0,
      baseBytes: 70,
    });
    expect(b.totalBytes).toBe(71);
  });
});
