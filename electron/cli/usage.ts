/** Usage texts: the whole command line, and one per subcommand (`whittle <cmd> --help`). */
import { VERSION } from './version';

/** How the user runs Whittle: `npm run -s whittle --` from the repository, `whittle` once installed. */
export const invokedAs = (): string =>
  typeof process !== 'undefined' && process.env.npm_lifecycle_event === 'whittle'
    ? 'npm run -s whittle --'
    : 'whittle';

export const COMMAND_USAGE: Record<string, string> = {
  analyze: `analyze [dir] [--format text|json|sarif] [--fail-on error|warning|info] [--file NAME] [--sarif-root DIR] [--buildkit | --classic]
    Reports every size problem. Exits 0 unless --fail-on (or thresholds.failOn in .whittle.yaml)
    is set and a finding reaches that severity (then 1). SARIF locations are relative to the git
    top level (or --sarif-root), so code scanning annotates the right file. The output targets
    the builder the Docker daemon uses (BuildKit or classic), or --buildkit / --classic.`,
  optimize: `optimize [dir] [--stdout | -o FILE | --in-place | --diff] [--disable RULE,...] [--file NAME] [--buildkit | --classic]
    Writes Dockerfile.whittle (and .dockerignore.whittle) next to the Dockerfile; --in-place
    keeps Dockerfile.bak first. --verify [--verify-budget SECONDS] [--check "cmd args"] builds both
    images, runs every check, holds back the fixes that break one and writes the verified file.`,
  compare: `compare [dir] [--json] [--keep-images] [--check "cmd args"] [--file NAME] [--verify-budget SECONDS] [--no-verify] [--no-measure] [--floor]
    Builds the original and the optimized image and prints layers, sizes, the reduction and the
    checks; fixes that break a check are held back (budget 600 s) and each fix's saving is
    measured (--no-measure skips that; --no-verify runs only the smoke test). --floor also measures
    each image's floor: the files its app opens in a traced smoke run plus the loader and its
    libraries (needs strace on this machine; docs/floor.md). With --json, failures are a JSON object ({ error: { code, message } }) on stdout too.`,
  bill: `bill IMAGE [--json] [--base IMAGE] [--limit N]
    Prints every byte a local image stores by owner (OS packages, Python/npm/gem packages,
    runtimes, app files, caches, reclaimable, unattributed), largest first, with the rule or advice
    that addresses each where Whittle has one. The base image is the local image whose layers this
    one starts with (or --base). --json prints the whole bill.`,
  serve: `serve [dir] [--port N]
    Serves the UI on 127.0.0.1 with the browser bridge (builds the UI first when it is missing).`,
  rules: `rules [--json]
    Lists every rule with its id, severity and whether it has an automatic fix.`,
};

const EXIT_CODES = `Exit codes: 0 ok (verified), 1 findings at --fail-on or a check that fails on the original
too, 2 usage or input error, 3 Docker unreachable, 4 the original does not build, 5 nothing verified
within --verify-budget (the original is offered).`;

/** The whole usage text. */
export const usage = (): string => `whittle ${VERSION} — makes Docker images small

Usage: ${invokedAs()} <command> [dir] [options]     (dir defaults to examples/flask-api)

${Object.values(COMMAND_USAGE)
  .map((u) => `  ${u.split('\n')[0]}`)
  .join('\n')}

Run "${invokedAs()} <command> --help" for one command. ${EXIT_CODES}
`;

/** One command's usage text. */
export const commandUsage = (cmd: string): string =>
  `Usage: ${invokedAs()} ${COMMAND_USAGE[cmd] ?? cmd}\n\n${EXIT_CODES}\n`;
