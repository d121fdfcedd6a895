#!/usr/bin/env node
/** The `whittle` command line: a thin host over electron/core and shared/. */
import { WhittleFailure } from '../../shared/api/result';
import { EXIT, UsageError } from './args';
import { runAnalyze } from './commands/analyze';
import { runOptimize } from './commands/optimize';
import { runRules } from './commands/rules';
import { processIO, type CliIO, type CommandRunner } from './io';
import { commandUsage, usage } from './usage';
import { VERSION } from './version';

/** Commands load lazily so `whittle analyze` never pays for dockerode or the bridge. */
const COMMANDS: Record<string, () => Promise<CommandRunner>> = {
  analyze: async () => runAnalyze,
  optimize: async () => runOptimize,
  rules: async () => runRules,
  compare: async () => (await import('./commands/compare')).runCompare,
  bill: async () => (await import('./commands/bill')).runBill,
  serve: async () => (await import('./commands/serve')).runServe,
};

/** The error code a JSON error carries for an exit code a command returned by itself. */
const EXIT_CODE_NAME: Partial<Record<number, string>> = {
  [EXIT.USAGE]: 'USAGE',
  [EXIT.DOCKER]: 'DOCKER_UNREACHABLE',
  [EXIT.BUILD]: 'BUILD_FAILED',
};

const CODE_EXIT: Partial<Record<string, number>> = {
  DOCKER_UNREACHABLE: EXIT.DOCKER,
  BUILD_FAILED: EXIT.BUILD,
  CANCELLED: EXIT.BUILD,
  DISK_FULL: EXIT.BUILD,
};

/** For the bundled entry (scripts/whittle.mjs). */
export { processIO };

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.out(usage());
    return cmd ? EXIT.OK : EXIT.USAGE;
  }
  if (cmd === '--version' || cmd === '-v') {
    io.out(`${VERSION}\n`);
    return EXIT.OK;
  }
  const load = COMMANDS[cmd];
  if (!load) {
    io.err(`whittle: unknown command "${cmd}"\n\n${usage()}`);
    return EXIT.USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandUsage(cmd));
    return EXIT.OK;
  }
  // With --json, a failure is also a JSON object on stdout, so a CI step that parses it sees why.
  const format = rest.indexOf('--format');
  const json =
    rest.includes('--json') || rest.includes('--format=json') || (format >= 0 && rest[format + 1] === 'json');
  const fail = (code: string, message: string, exit: number): number => {
    io.err(`whittle ${cmd}: ${message}\n`);
    if (json) io.out(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
    return exit;
  };
  // Commands that report a failure themselves (compare) only print a sentence on stderr: with
  // --json, that sentence becomes the JSON error when nothing else went to stdout.
  let wroteOut = false;
  let lastErr = '';
  const tracked: CliIO = {
    ...io,
    out: (t) => ((wroteOut = true), io.out(t)),
    err: (t) => {
      const line = t.trim().split('\n')[0] ?? '';
      if (line.startsWith(`whittle ${cmd}: `)) lastErr = line.slice(`whittle ${cmd}: `.length);
      io.err(t);
    },
  };
  try {
    const exit = await (await load())(rest, tracked);
    if (json && exit !== EXIT.OK && exit !== EXIT.FINDINGS && !wroteOut)
      io.out(
        `${JSON.stringify({ error: { code: EXIT_CODE_NAME[exit] ?? 'FAILED', message: lastErr || `exit ${exit}` } }, null, 2)}\n`,
      );
    return exit;
  } catch (e) {
    if (e instanceof UsageError) {
      if (!json) io.err(commandUsage(cmd));
      return fail('USAGE', e.message, EXIT.USAGE);
    }
    if (e instanceof WhittleFailure) return fail(e.code, e.message, CODE_EXIT[e.code] ?? EXIT.USAGE);
    return fail('INTERNAL', `unexpected error: ${e instanceof Error ? e.message : String(e)}`, 70);
  }
}

// Run when executed directly (tsx electron/cli/main.ts …), not when imported by tests.
if (process.argv[1] && /electron[\\/]cli[\\/]main\.[cm]?[jt]s$/.test(process.argv[1])) {
  main(process.argv.slice(2), processIO()).then((code) => {
    process.exitCode = code;
  });
}
