/**
 * `whittle compare --json examples/flask-api` carries both bills (issue 13, done-when): each
 * image's `bill` entries add up to its `billTotals.totalBytes` and to Docker's image size within
 * 1%, and `billComparison` lists what left, what came in and the 10 largest owners left.
 * The JSON is kept in /tmp/bill13/ for the closing note.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { CompareReport } from '../../shared/api/contract';
import { describeDocker } from '../core/docker/test-kit';
import { repoRoot } from './args';
import { runCompare } from './commands/compare';
import type { CliIO } from './io';

describeDocker('compare --json carries the bills', () => {
  it('examples/flask-api: both bills, each within 1% of its image size', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: repoRoot() };
    const code = await runCompare(
      [path.join(repoRoot(), 'examples', 'flask-api'), '--json', '--no-verify'],
      io,
    );
    expect(code, err.join('')).toBe(0);
    const rep = JSON.parse(out.join('')) as CompareReport;
    await fs.mkdir('/tmp/bill13', { recursive: true });
    await fs.writeFile('/tmp/bill13/flask-compare.json', JSON.stringify(rep, null, 2));
    for (const img of [rep.original, rep.optimized]) {
      const bill = img.bill!;
      expect(bill.length).toBeGreaterThan(10);
      for (const e of bill) {
        expect(Object.keys(e)).toEqual(expect.arrayContaining(['kind', 'name', 'bytes', 'files']));
        expect([
          'base',
          'os-package',
          'python',
          'npm',
          'gem',
          'runtime',
          'app',
          'cache',
          'reclaimable',
          'unattributed',
        ]).toContain(e.kind);
      }
      const sum = bill.reduce((s, e) => s + e.bytes, 0);
      expect(sum).toBe(img.billTotals!.totalBytes);
      expect(Math.abs(img.sizeBytes - sum) / img.sizeBytes).toBeLessThan(0.01);
    }
    const names = (k: string) => rep.original.bill!.filter((e) => e.kind === k).map((e) => e.name);
    expect(names('python')).toEqual(expect.arrayContaining(['Flask', 'uWSGI']));
    expect(names('os-package')).toContain('libc6');
    expect(names('app')).toContain('/app');
    const cmp = rep.billComparison!;
    expect(cmp.largestLeft).toHaveLength(10);
    // The multi-stage rewrite leaves the compilers of the full base behind.
    expect(cmp.left.some((e) => e.kind === 'os-package' && /^gcc/.test(e.name))).toBe(true);
  });
});
