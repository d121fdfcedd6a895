/** `whittle compare [dir] [--json] [--keep-images] [--check "cmd args"] [--disable RULE,...]` */
import type { BuildProgressEvent, CompareReport, ImageReport } from '../../../shared/api/contract';
import { optimize } from '../../../shared/optimizer/index';
import { formatBytes } from '../../../shared/report/bytes';
import { DockerService } from '../../core/docker/service';
import { loadProject } from '../../core/load-project';
import { EXIT, parse, projectDir, UsageError } from '../args';
import type { CliIO, CommandRunner } from '../io';
import { ruleIds } from './optimize';

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

function textReport(rep: CompareReport): string {
  const s = rep.smokeTest;
  return [
    layerTable('Original ', rep.original),
    layerTable('Optimized', rep.optimized),
    `Total: ${formatBytes(rep.original.sizeBytes)} → ${formatBytes(rep.optimized.sizeBytes)}  (−${formatBytes(rep.reductionBytes)}, −${rep.reductionPercent}%)`,
    `Original:  ${score(rep.original)}`,
    `Optimized: ${score(rep.optimized)}`,
    `Smoke test: ${s.passed ? 'passed' : 'FAILED'} (${s.outcome}${s.exitCode !== null ? `, exit ${s.exitCode}` : ''}${s.checkCommand ? `, check: ${s.checkCommand.join(' ')}` : ''})`,
    ...s.logs.slice(0, 5).map((l) => `  | ${l}`),
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

export const runCompare: CommandRunner = async (args, io) => {
  const { values, positionals } = parse(args, {
    json: { type: 'boolean', default: false },
    'keep-images': { type: 'boolean', default: false },
    check: { type: 'string' },
    disable: { type: 'string' },
    file: { type: 'string', default: 'Dockerfile' },
  });
  const dir = projectDir(positionals[0], io.cwd);
  const project = await loadProject(dir, values.file);
  const service = new DockerService();
  const status = await service.status();
  if (!status.reachable) {
    io.err(`whittle compare: ${status.message}\n`);
    return EXIT.DOCKER;
  }
  const check = values.check?.trim() ? values.check.trim().split(/\s+/) : undefined;
  if (values.check !== undefined && !check) throw new UsageError('--check needs a command');
  const opt = optimize(project.text, project.context, {
    buildkit: status.buildkit,
    config: project.config,
    disabled: ruleIds(values.disable),
  });
  io.err(
    `Building both images of ${dir} with ${status.buildkit ? 'BuildKit' : 'the classic builder'} on ${status.endpoint}\n`,
  );
  const report = await service.compare(
    {
      dir,
      originalText: project.text,
      optimizedText: opt.text,
      compareId: `cli-${process.pid}`,
      keepImages: values['keep-images'],
      ...(check ? { checkCommand: check } : {}),
      optimizedDockerignore: opt.dockerignore ?? project.context.dockerignore,
    },
    progressPrinter(io),
  );
  io.out(
    values.json
      ? JSON.stringify({ dir, fixes: [...new Set(opt.fixes.map((f) => f.ruleId))], ...report }, null, 2) +
          '\n'
      : textReport(report),
  );
  return report.smokeTest.passed ? EXIT.OK : EXIT.FINDINGS;
};
