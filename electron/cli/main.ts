#!/usr/bin/env node
/** The `whittle` command line: a thin host over electron/core and shared/. */
import { WhittleFailure } from '../../shared/api/result';
import { EXIT, UsageError } from './args';
import { runAnalyze } from './commands/analyze';
import { runOptimize } from './commands/optimize';
import { runRules } from './commands/rules';
import { processIO, type CliIO, type CommandRunner } from './io';
import { VERSION } from './version';

const USAGE = `whittle ${VERSION} — makes Docker images small

Usage: whittle <command> [dir] [options]     (dir defaults to examples/flask-api)

  analyze  [dir] [--format text|json|sarif] [--fail-on error|warning|info] [--file NAME]
  optimize [dir] [--stdout | -o FILE | --in-place | --diff] [--disable RULE,...] [--buildkit]
  compare  [dir] [--json] [--keep-images] [--check "cmd args"]
  serve    [dir] [--port N]
  rules    [--json]

Exit codes: 0 ok, 1 findings at --fail-on or smoke test failed, 2 usage or input error,
3 Docker unreachable, 4 build failed.
`;

/** Commands load lazily so `whittle analyze` never pays for dockerode or the bridge. */
const COMMANDS: Record<string, () => Promise<CommandRunner>> = {
  analyze: async () => runAnalyze,
  optimize: async () => runOptimize,
  rules: async () => runRules,
  compare: async () => (await import('./commands/compare')).runCompare,
  serve: async () => (await import('./commands/serve')).runServe,
};

const CODE_EXIT: Partial<Record<string, number>> = {
  DOCKER_UNREACHABLE: EXIT.DOCKER,
  BUILD_FAILED: EXIT.BUILD,
  CANCELLED: EXIT.BUILD,
  DISK_FULL: EXIT.BUILD,
};

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.out(USAGE);
    return cmd ? EXIT.OK : EXIT.USAGE;
  }
  if (cmd === '--version' || cmd === '-v') {
    io.out(`${VERSION}\n`);
    return EXIT.OK;
  }
  const load = COMMANDS[cmd];
  if (!load) {
    io.err(`whittle: unknown command "${cmd}"\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  try {
    return await (
      await load()
    )(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`whittle ${cmd}: ${e.message}\n`);
      return EXIT.USAGE;
    }
    if (e instanceof WhittleFailure) {
      io.err(`whittle ${cmd}: ${e.message}\n`);
      return CODE_EXIT[e.code] ?? EXIT.USAGE;
    }
    io.err(`whittle ${cmd}: unexpected error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 70;
  }
}

// Run when executed directly (tsx electron/cli/main.ts …), not when imported by tests.
if (process.argv[1] && /electron[\\/]cli[\\/]main\.[cm]?[jt]s$/.test(process.argv[1])) {
  main(process.argv.slice(2), processIO()).then((code) => {
    process.exitCode = code;
  });
}
