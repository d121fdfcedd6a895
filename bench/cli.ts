/**
 * CLI start-to-answer time: what a pre-commit hook or a CI step waits for. Wall time of
 * `whittle analyze <example>` (the package.json bin: the bundled CLI on plain Node) against
 * `dockerfilelint <Dockerfile>` (npm, 1.8.0) on the same file, as paired, interleaved runs
 * (A, B, A, B…) so machine load lands on both alike. Target: at most 1.5× dockerfilelint.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { exampleDirs, REPO_ROOT } from './lib/examples';
import { ms, ratio, verdict } from './lib/format';
import type { Benchmark, Section } from './lib/report';
import { median } from './lib/stats';

const TARGET_RATIO = 1.5;

/** Wall time of one process run, in ms; throws when it could not run at all. */
function wall(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: 'ignore' });
  const elapsed = performance.now() - t0;
  if (r.error) throw r.error;
  return elapsed;
}

export const cliBenchmark: Benchmark = {
  name: 'cli',
  async run({ smoke, log }): Promise<Section> {
    const whittle = path.join(REPO_ROOT, 'scripts', 'whittle.mjs');
    const lint = path.join(
      path.dirname(createRequire(import.meta.url).resolve('dockerfilelint/package.json')),
      'bin',
      'dockerfilelint',
    );
    // The bundle is built once, outside the timed runs (as `npm install` + first use would).
    wall(process.execPath, [whittle, '--version']);
    const runs = smoke ? 2 : 15;
    const dirs = (await exampleDirs()).slice(0, smoke ? 1 : 3);
    const rows: string[][] = [];
    for (const dir of dirs) {
      const file = path.join(dir, 'Dockerfile');
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < runs; i++) {
        a.push(wall(process.execPath, [whittle, 'analyze', dir]));
        b.push(wall(process.execPath, [lint, file]));
      }
      const r = median(a.map((x, i) => x / b[i]!));
      log(`${path.basename(dir)}: whittle ${ms(median(a))}, dockerfilelint ${ms(median(b))}, ${ratio(r)}`);
      rows.push([
        path.basename(dir),
        String(runs),
        ms(median(a)),
        ms(median(b)),
        ratio(r),
        verdict(r <= TARGET_RATIO),
      ]);
    }
    return {
      title: 'CLI: start to answer',
      intro: `Wall time of \`whittle analyze <example>\` (package.json \`bin\`: the esbuild bundle in dist/cli on plain Node, no TypeScript transpiler) against \`dockerfilelint\` 1.8.0 on the same Dockerfile, in paired, interleaved runs. The ratio is the median of the per-pair ratios. Target: ≤ ${TARGET_RATIO}× dockerfilelint.`,
      tables: [
        {
          header: [
            'Example',
            'Pairs',
            'whittle analyze (median)',
            'dockerfilelint (median)',
            'Ratio',
            'Target',
          ],
          rows,
        },
      ],
      notes: [
        'Whittle runs every rule, the optimizer and the re-check of each fix; dockerfilelint only lints.',
      ],
    };
  },
};
