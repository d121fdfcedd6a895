/**
 * One `whittle compare <dir> --json` as a user runs it: the package.json bin (the bundled CLI on
 * plain Node, scripts/whittle.mjs) in a child process, timed from spawn to exit. A child per run
 * also keeps runs independent: the checks remember a container run per image id inside a
 * process (observe-run.ts), which would let a second in-process compare skip its containers.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { CompareReport } from '../../shared/api/contract';
import { REPO_ROOT } from './examples';

/** `compare --json`'s output: the report plus the folder and the applied rule ids. */
export type CompareJson = CompareReport & { dir: string; fixes: string[] };

export interface CliCompareRun {
  /** Wall time from spawn to exit (ms). */
  ms: number;
  exitCode: number;
  /** Parsed stdout, when the command printed a report. */
  report: CompareJson | null;
  /** The last stderr lines (build failures say why there). */
  stderrTail: string[];
  /**
   * When the verification's phases began, in ms after spawn, from its `[verify]` progress lines:
   * `checks` (first check line), `measure` (first "Measuring" line), `done` (the closing line).
   */
  phases: { checks?: number; measure?: number; done?: number };
}

export const WHITTLE_BIN = path.join(REPO_ROOT, 'scripts', 'whittle.mjs');

/** Exit codes after which the report is complete (0 verified, 1 the original fails a check too, 5 unverified). */
export const REPORTED_EXITS = new Set([0, 1, 5]);

/**
 * Runs `whittle compare dir --json` with `extra` arguments (`--no-verify`, `--keep-images`…).
 * Resolves with the exit code whatever it is; rejects only when the process cannot start.
 */
export function cliCompare(
  dir: string,
  extra: string[],
  onLine?: (line: string) => void,
): Promise<CliCompareRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [WHITTLE_BIN, 'compare', dir, '--json', ...extra], {
      cwd: REPO_ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const tail: string[] = [];
    const phases: CliCompareRun['phases'] = {};
    let partial = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      const at = performance.now() - t0;
      const lines = (partial + b.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('[verify] ')) {
          if (phases.checks === undefined && !line.startsWith('[verify] Measuring')) phases.checks = at;
          if (phases.measure === undefined && line.startsWith('[verify] Measuring')) phases.measure = at;
          if (/^\[verify\] (verified|original-fails|unverified):/.test(line)) phases.done = at;
        }
        tail.push(line);
        if (tail.length > 30) tail.shift();
        onLine?.(line);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      let report: CompareJson | null = null;
      try {
        const text = Buffer.concat(out).toString('utf8').trim();
        if (text) report = JSON.parse(text) as CompareJson;
      } catch {
        report = null;
      }
      if (partial) tail.push(partial);
      resolve({ ms, exitCode: code ?? -1, report, stderrTail: tail, phases });
    });
  });
}
