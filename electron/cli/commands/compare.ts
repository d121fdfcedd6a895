/** `whittle compare [dir] [--json] [--floor] [--keep-images] [--check "cmd args"] [--disable RULE,...] [--verify-budget S] [--no-verify] [--no-measure]` */
import type {
  BuildProgressEvent,
  FloorUnavailable,
  ImageFloor,
  ImageReport,
  SmokeTestResult,
} from '../../../shared/api/contract';
import { WhittleFailure } from '../../../shared/api/result';
import { optimize } from '../../../shared/optimizer/index';
import { tokens } from '../../../shared/dockerfile/shell';
import { formatBytes } from '../../../shared/report/bytes';
import { billComparisonText } from '../../../shared/bill/bill-table';
import { billOfImage } from '../../../shared/bill/compare-bills';
import { DockerService, type CompareOutcome } from '../../core/docker/service';
import { isConnectionError } from '../../core/docker/connection';
import { loadProject } from '../../core/load-project';
import { EXIT, parse, projectDir, UsageError } from '../args';
import type { CliIO, CommandRunner } from '../io';
import { ruleIds } from './optimize';
import { budgetMs, verificationExit, verificationText, verifyPrinter } from '../verify-text';

function layerTable(title: string, r: ImageReport): string {
  const rows = r.layers.map((l) => [
    String(l.index),
    l.line === null ? (l.isBase ? 'base' : '') : `L${l.line}`,
    formatBytes(l.sizeBytes),
    l.instruction,
  ]);
  const w = [0, 1, 2].map((c) => Math.max(...rows.map((x) => x[c]!.length), 4));
  const lines = rows.map(
    (x) => `  ${x[0]!.padStart(w[0]!)}  ${x[1]!.padEnd(w[1]!)}  ${x[2]!.padStart(w[2]!)}  ${x[3]}`,
  );
  return `${title}  ${r.tag}  ${formatBytes(r.sizeBytes)} (base ${formatBytes(r.baseSizeBytes)})\n${lines.join('\n')}\n`;
}

const score = (r: ImageReport): string =>
  r.efficiency === undefined
    ? 'n/a'
    : `efficiency ${(r.efficiency * 100).toFixed(1)}% (dive), reclaimable ${formatBytes(r.reclaimableBytes ?? 0)}, dive wasted ${formatBytes(r.diveWastedBytes ?? 0)}`;

const smokeLine = (title: string, s: SmokeTestResult): string[] => [
  `${title}: ${s.passed ? 'passed' : 'FAILED'} (${s.outcome}${s.exitCode !== null ? `, exit ${s.exitCode}` : ''}${s.checkCommand ? `, check: ${s.checkCommand.join(' ')}` : ''})`,
  ...s.logs.slice(0, 5).map((l) => `  | ${l}`),
  ...(s.passed || !s.checkOutput
    ? []
    : [`  check output: ${s.checkOutput.split('\n').slice(-3).join(' / ')}`]),
];

function floorLines(rep: CompareOutcome): string[] {
  const line = (title: string, r: ImageReport, f: ImageFloor | FloorUnavailable): string =>
    f.status === 'measured'
      ? `${title} floor: ${formatBytes(f.floorBytes)} in ${f.fileCount} files (image ÷ floor ${(r.sizeBytes / f.floorBytes).toFixed(1)}×; run ${f.smoke.outcome})`
      : `${title} floor: unavailable (${f.reason})`;
  return [
    line('Original ', rep.original, rep.floor!.original),
    line('Optimized', rep.optimized, rep.floor!.optimized),
  ];
}

function billText(rep: CompareOutcome): string[] {
  const a = billOfImage(rep.original);
  const b = billOfImage(rep.optimized);
  return a && b && rep.billComparison ? [billComparisonText(a, b, rep.billComparison)] : [];
}

function textReport(rep: CompareOutcome): string {
  return [
    layerTable('Original ', rep.original),
    layerTable('Optimized', rep.optimized),
    `Total: ${formatBytes(rep.original.sizeBytes)} → ${formatBytes(rep.optimized.sizeBytes)}  (−${formatBytes(rep.reductionBytes)}, −${rep.reductionPercent}%)`,
    `Original:  ${score(rep.original)}`,
    `Optimized: ${score(rep.optimized)}`,
    ...billText(rep),
    ...(rep.floor ? floorLines(rep) : []),
    ...smokeLine('Smoke test', rep.smokeTest),
    // Run only when the optimized image failed: says whether the original fails the same way.
    ...(rep.originalSmokeTest ? smokeLine('Original image, same test', rep.originalSmokeTest) : []),
    rep.configDifferences.length
      ? `Config differences:\n${rep.configDifferences.map((d) => `  ${d.key}: ${JSON.stringify(d.original)} → ${JSON.stringify(d.optimized)}`).join('\n')}`
      : 'Config differences: none',
    '',
  ].join('\n');
}

/** One stderr line per step, not a flood of build output. */
function progressPrinter(io: CliIO): (e: BuildProgressEvent) => void {
  return (e) => {
    if (e.kind === 'step')
      io.err(
        `[${e.variant}] step ${e.step}/${e.totalSteps}${e.cached ? ' (cached)' : ''}: ${e.instruction}\n`,
      );
    if (e.kind === 'error') io.err(`[${e.variant}] error: ${e.text}\n`);
    if (e.kind === 'done') io.err(`[${e.variant}] built\n`);
  };
}

/** Exit code and stderr text for a typed failure; build failures show the failing step and log tail. */
function failureExit(e: WhittleFailure, io: CliIO): number {
  io.err(`whittle compare: ${e.message}\n`);
  const d = (e.details ?? {}) as { step?: unknown; log?: unknown };
  if (e.code === 'BUILD_FAILED' && Array.isArray(d.log) && d.log.length) {
    io.err(
      `last build output:\n${d.log
        .slice(-15)
        .map((l) => `  | ${String(l)}`)
        .join('\n')}\n`,
    );
  }
  switch (e.code) {
    case 'DOCKER_UNREACHABLE':
      return EXIT.DOCKER;
    case 'BUILD_FAILED':
    case 'DISK_FULL':
    case 'CANCELLED':
      return EXIT.BUILD;
    default:
      // NOT_FOUND (no Dockerfile), INVALID_ARGUMENT (not a folder, bad .whittle.yaml), …
      return EXIT.USAGE;
  }
}

/**
 * `whittle compare`: optimizes the project's Dockerfile, builds both images, verifies the rewrite
 * (every check on both images, fixes that break one held back, measured saving per fix; not with
 * --no-verify) and prints the layer tables, totals, scores, checks and config differences (or
 * `--json`). Exit codes: 0 verified (or, with --no-verify, the smoke test passed); 1 a check fails
 * on the original too (or the smoke test failed); 2 usage or input error; 3 Docker unreachable;
 * 4 the original does not build, or cancelled; 5 nothing verified within --verify-budget.
 */
export const runCompare: CommandRunner = async (args, io) => {
  const compareId = `cli-${process.pid}-${Date.now().toString(36)}`;
  let service: DockerService | null = null;
  // Ctrl-C cancels the builds (the daemon stops them) and compare still removes what it built.
  const onSigint = () => {
    io.err('\nwhittle compare: cancelling…\n');
    void service?.cancel(compareId);
  };
  try {
    const { values, positionals } = parse(args, {
      json: { type: 'boolean', default: false },
      'keep-images': { type: 'boolean', default: false },
      check: { type: 'string' },
      disable: { type: 'string' },
      file: { type: 'string', default: 'Dockerfile' },
      'verify-budget': { type: 'string' },
      'no-verify': { type: 'boolean', default: false },
      'no-measure': { type: 'boolean', default: false },
      floor: { type: 'boolean', default: false },
    });
    const budget = budgetMs(values['verify-budget'], (m) => new UsageError(m));
    const verify = !values['no-verify'];
    if (positionals.length > 1)
      throw new UsageError(`expected one project folder, got ${positionals.length}`);
    // Quote-aware, no shell: the image may not have one (distroless).
    const check = values.check === undefined ? undefined : tokens(values.check.trim());
    if (check && !check.length) throw new UsageError('--check needs a command');
    const dir = projectDir(positionals[0], io.cwd);
    const project = await loadProject(dir, values.file);
    try {
      service = new DockerService();
    } catch (e) {
      // A DOCKER_HOST the client cannot even parse (`bogus://x`): as unreachable as a dead daemon.
      io.err(`whittle compare: cannot use the Docker endpoint: ${(e as Error).message}\n`);
      return EXIT.DOCKER;
    }
    const status = await service.status();
    if (!status.reachable) {
      io.err(`whittle compare: ${status.message}\n`);
      return EXIT.DOCKER;
    }
    const opt = optimize(project.text, project.context, {
      buildkit: status.buildkit,
      config: project.config,
      disabled: ruleIds(values.disable),
    });
    io.err(
      `Building both images of ${dir} with ${status.buildkit ? 'BuildKit' : 'the classic builder'} on ${status.endpoint}\n`,
    );
    process.on('SIGINT', onSigint);
    const report = await service.compare(
      {
        dir,
        originalText: project.text,
        optimizedText: opt.text,
        compareId,
        keepImages: values['keep-images'],
        ...(values.floor ? { floor: true } : {}),
        ...(check ? { checkCommand: check } : {}),
        optimizedDockerignore: opt.dockerignore ?? project.context.dockerignore,
        ...(verify
          ? {
              verify: {
                budgetMs: budget,
                measureSavings: !values['no-measure'],
                disabled: ruleIds(values.disable),
              },
            }
          : {}),
      },
      progressPrinter(io),
      verifyPrinter(io),
    );
    io.out(
      values.json
        ? JSON.stringify(
            {
              dir,
              fixes: report.verification?.appliedRuleIds ?? [...new Set(opt.fixes.map((f) => f.ruleId))],
              ...report,
            },
            null,
            2,
          ) + '\n'
        : textReport(report) + (report.verification ? verificationText(report.verification) : ''),
    );
    if (report.verification) return verificationExit(report.verification);
    return report.smokeTest.passed ? EXIT.OK : EXIT.FINDINGS;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`whittle compare: ${e.message}\n`);
      return EXIT.USAGE;
    }
    if (e instanceof WhittleFailure) return failureExit(e, io);
    if (isConnectionError(e)) {
      io.err(`whittle compare: lost the Docker daemon: ${(e as Error).message}\n`);
      return EXIT.DOCKER;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
};
