/**
 * The bill of bytes on real images (issue 13, done-when): dpkg packages against what dpkg says
 * inside the image, a venv's distributions against their RECORD, npm packages against their
 * folders, app files against what COPY brought, and the total against Docker's image size.
 * Images are built on the host network (apt, PyPI, npm) and tagged `whittle-test-bill13-*`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Bill, BillEntry } from '../../../shared/api/bill';
import {
  buildOnHost,
  describeDocker,
  dockerClient,
  makeContext,
  nonce,
  removeDir,
  removeImages,
  runToExit,
} from '../docker/test-kit';
import { runBill } from '../../cli/commands/bill';
import type { CliIO } from '../../cli/io';
import { imageBill } from './image-bill';
import { DPKG_SIZES_PY, RECORD_SIZES_PY } from './image-bill-scripts';

const APP_FILES: Record<string, string> = {
  'app/main.py': 'print("hello")\n'.repeat(40),
  'app/static/site.css': 'body{}\n'.repeat(300),
  'app/templates/index.html': '<p>x</p>\n'.repeat(25),
};

const PY_IMAGE = [
  'FROM python:3.9-slim',
  // Host CA bundle, bind-mounted so HTTPS to the registries works without storing it in a layer.
  'RUN --mount=type=bind,source=ca.crt,target=/ca.crt apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*',
  'RUN --mount=type=bind,source=ca.crt,target=/ca.crt python -m venv /venv && /venv/bin/pip install --cert /ca.crt --no-cache-dir six==1.16.0 itsdangerous==2.1.2',
  'COPY app/ /app/',
  '',
].join('\n');

const NODE_IMAGE = [
  'FROM node:20-slim',
  'WORKDIR /srv',
  'RUN --mount=type=bind,source=ca.crt,target=/ca.crt NODE_EXTRA_CA_CERTS=/ca.crt npm install --no-audit --no-fund --no-save ms@2.1.3 left-pad@1.3.0 @sindresorhus/is@4.6.0',
  '',
].join('\n');

const entry = (b: Bill, kind: string, name: string): BillEntry | undefined =>
  b.entries.find((e) => e.kind === kind && e.name === name);

describeDocker('bill of bytes on real images', () => {
  let docker: Dockerode;
  let dir = '';
  const images = new Set<string>();
  let py = '';
  let node = '';
  const tag = `whittle-test-bill13-${nonce()}`;

  beforeAll(async () => {
    docker = dockerClient();
    dir = await makeContext(APP_FILES, 'whittle-test-bill13-');
    await fs.copyFile('/etc/ssl/certs/ca-certificates.crt', path.join(dir, 'ca.crt'));
    py = await buildOnHost(
      docker,
      { dir, text: PY_IMAGE, variant: 'original', buildId: 'bill13-py' },
      images,
    );
    await docker.getImage(py).tag({ repo: tag, tag: 'py' });
    node = await buildOnHost(
      docker,
      { dir, text: NODE_IMAGE, variant: 'optimized', buildId: 'bill13-node' },
      images,
    );
    await docker.getImage(node).tag({ repo: tag, tag: 'node' });
  }, 900_000);
  afterAll(async () => {
    await removeImages(docker, images);
    await removeDir(dir);
  });

  it('dpkg packages: exactly the bytes of the files dpkg lists, and within Installed-Size', async () => {
    const { bill, base } = await imageBill(docker, `${tag}:py`, { base: 'python:3.9-slim' });
    expect(base).toBe('python:3.9-slim');
    const run = await runToExit(docker, `${tag}:py`, ['python3', '-c', DPKG_SIZES_PY]);
    expect(run.code).toBe(0);
    const inImage = JSON.parse(run.out) as {
      name: string;
      version: string;
      installedKiB: number;
      bytes: number;
      listed: number;
      shared: boolean;
    }[];
    expect(inImage.length).toBeGreaterThan(50);
    let exact = 0;
    const report: string[] = [];
    for (const p of inImage) {
      const ours = entry(bill, 'os-package', p.name);
      const bytes = ours?.bytes ?? 0;
      // A path two packages list (rare: shared doc dirs' files, diversions) has one owner here.
      if (!p.shared) expect(bytes, p.name).toBe(p.bytes);
      if (bytes === p.bytes) exact++;
      // Installed-Size is dpkg-gencontrol's estimate in KiB: each file and symlink rounded up
      // to a whole KiB, plus one per directory, measured before the slim image's path-exclude
      // rules dropped docs and man pages. So it is never below the real bytes, and above by at
      // most one KiB per listed path plus the excluded docs.
      expect(bytes / 1024, p.name).toBeLessThanOrEqual(p.installedKiB + 1);
      report.push(`${p.name} ${bytes} ${p.installedKiB * 1024} ${p.listed}`);
    }
    expect(exact / inImage.length).toBeGreaterThan(0.95);
    const jq = inImage.find((p) => p.name === 'jq')!;
    expect(entry(bill, 'os-package', 'jq')).toMatchObject({ version: jq.version, bytes: jq.bytes });
    expect(entry(bill, 'os-package', 'jq')?.baseBytes).toBeUndefined();
    expect(entry(bill, 'os-package', 'libc6')?.baseBytes).toBeGreaterThan(0);
    const sumOurs = inImage.reduce((s, p) => s + (entry(bill, 'os-package', p.name)?.bytes ?? 0), 0);
    const sumInstalled = inImage.reduce((s, p) => s + p.installedKiB * 1024, 0);
    console.log(
      `dpkg: ${exact}/${inImage.length} packages exact; Σ ours ${sumOurs} B, Σ Installed-Size ${sumInstalled} B (${((sumOurs / sumInstalled) * 100).toFixed(1)}%)`,
    );
    await fs.writeFile(`/tmp/bill13/dpkg-${nonce()}.txt`, report.join('\n')).catch(() => undefined);
  });

  it("a venv's distributions: the sizes their RECORD declares, plus the files it lists without one", async () => {
    const { bill } = await imageBill(docker, `${tag}:py`, { base: 'python:3.9-slim' });
    const run = await runToExit(docker, `${tag}:py`, ['python3', '-c', RECORD_SIZES_PY, '/venv']);
    expect(run.code).toBe(0);
    const dists = JSON.parse(run.out) as {
      name: string;
      version: string;
      declared: number;
      actual: number;
    }[];
    expect(dists.map((d) => d.name)).toEqual(expect.arrayContaining(['six', 'itsdangerous', 'pip']));
    for (const d of dists) {
      const ours = bill.entries.filter(
        (e) => e.kind === 'python' && e.name === d.name && e.version === d.version,
      );
      // The same distribution may also sit in the system site-packages: compare the venv's copy.
      const total = ours.reduce((s, e) => s + e.bytes, 0);
      expect(total, d.name).toBeGreaterThanOrEqual(d.actual);
      expect(d.actual).toBeGreaterThanOrEqual(d.declared);
    }
    const six = dists.find((d) => d.name === 'six')!;
    expect(entry(bill, 'python', 'six')).toMatchObject({ version: '1.16.0', bytes: six.actual });
  });

  it('app files: what COPY brought, by top folder, byte for byte', async () => {
    const { bill } = await imageBill(docker, `${tag}:py`, { base: 'python:3.9-slim' });
    const bytes = Object.values(APP_FILES).reduce((s, t) => s + Buffer.byteLength(t), 0);
    expect(entry(bill, 'app', '/app')).toMatchObject({ bytes, files: 3 });
  });

  it('npm packages: each package folder (every copy of a name@version), nested node_modules excluded', async () => {
    const { bill } = await imageBill(docker, `${tag}:node`, { base: 'node:20-slim' });
    // One line per package folder anywhere in the image: name, version, bytes of its own files.
    const sizes = await runToExit(docker, `${tag}:node`, [
      'sh',
      '-c',
      'find / -xdev -type d -path "*/node_modules/*" \\( -name ms -o -name left-pad -o -name is -o -name npm \\) | while read d; do ' +
        'case "$d" in */node_modules/ms|*/node_modules/left-pad|*/node_modules/@sindresorhus/is|*/node_modules/npm) ;; *) continue;; esac; ' +
        '[ -f "$d/package.json" ] || continue; ' +
        'b=$(find "$d" -path "$d/node_modules" -prune -o -type f -exec stat -c %s {} + | awk \'{s+=$1} END {print s+0}\'); ' +
        'node -e "const p=require(process.argv[1]+\'/package.json\');console.log(p.name,p.version,process.argv[2])" "$d" "$b"; done',
    ]);
    expect(sizes.code).toBe(0);
    const expected = new Map<string, number>();
    for (const line of sizes.out.trim().split('\n')) {
      const [name, version, bytes] = line.split(' ');
      expected.set(`${name}@${version}`, (expected.get(`${name}@${version}`) ?? 0) + Number(bytes));
    }
    for (const want of ['ms@2.1.3', 'left-pad@1.3.0', '@sindresorhus/is@4.6.0'])
      expect([...expected.keys()]).toContain(want);
    for (const [key, bytes] of expected) {
      const at = key.lastIndexOf('@');
      const e = bill.entries.find(
        (x) => x.kind === 'npm' && x.name === key.slice(0, at) && x.version === key.slice(at + 1),
      );
      expect(e?.bytes, key).toBe(bytes);
    }
    expect(entry(bill, 'npm', 'npm')?.baseBytes).toBeGreaterThan(0);
    expect(entry(bill, 'npm', 'left-pad')?.baseBytes).toBeUndefined();
  });

  it('adds up: owners + reclaimable = the bytes the layers store, within 1% of the image size', async () => {
    for (const ref of [`${tag}:py`, `${tag}:node`]) {
      const { bill, sizeBytes } = await imageBill(docker, ref);
      expect(bill.entries.reduce((s, e) => s + e.bytes, 0)).toBe(bill.totalBytes);
      expect(Math.abs(sizeBytes - bill.totalBytes) / sizeBytes).toBeLessThan(0.01);
      expect(bill.unexplainedBytes).toBe(sizeBytes - bill.totalBytes);
    }
  });

  it('whittle bill IMAGE: a table sorted by bytes, and --json with the whole bill', async () => {
    const out: string[] = [];
    const io: CliIO = { out: (t) => out.push(t), err: () => {}, cwd: '/' };
    expect(await runBill([`${tag}:py`, '--base', 'python:3.9-slim', '--limit', '15'], io)).toBe(0);
    const lines = out.join('').split('\n');
    expect(lines[0]).toMatch(/base: python:3\.9-slim \(\d+ layers\)/);
    const header = lines.findIndex((l) => /^\s*Bytes\s+Share\s+Kind\s+Owner/.test(l));
    const shares = lines.slice(header + 1, header + 16).map((l) => Number(/([\d.]+)%/.exec(l)![1]));
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    expect(out.join('')).toMatch(/\d+ more owners/);
    out.length = 0;
    expect(await runBill([`${tag}:py`, '--json'], io)).toBe(0);
    const j = JSON.parse(out.join('')) as Bill & { sizeBytes: number; base: string | null };
    expect(j.entries.reduce((s, e) => s + e.bytes, 0)).toBe(j.totalBytes);
    expect(j.base).toBeTruthy(); // found among local images by its layers (python:3.9-slim or a nearer one)
  });
});
