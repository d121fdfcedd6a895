/**
 * `whittle analyze [dir] [--format text|json|sarif] [--fail-on error|warning|info] [--file NAME]
 * [--sarif-root DIR]`. Exits 0 unless a threshold is set (`--fail-on`, or `thresholds.failOn` in
 * .whittle.yaml) and a finding reaches it: a report for code scanning must not fail its CI step.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { optimize } from '../../../shared/optimizer/index';
import { RULES } from '../../../shared/rules/index';
import type { EstimateSource, Finding, Severity } from '../../../shared/rules/types';
import { parseDockerfile } from '../../../shared/dockerfile/parse';
import {
  SOURCE_LABEL,
  SOURCE_MEANING,
  savingsSummary,
  summaryLine,
  type SavingsSummary,
} from '../../../shared/optimizer/savings-summary';
import { toSarif } from '../../../shared/report/sarif';
import { formatBytes } from '../../../shared/report/bytes';
import { loadProject } from '../../core/load-project';
import { describeFacts } from '../../core/daemon-base-facts';
import { probeBuilder, describeBuilder } from '../../core/docker/builder-probe';
import { EXIT, parse, projectDir, UsageError } from '../args';
import type { CommandRunner } from '../io';
import { VERSION } from '../version';

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Plain-text findings table; with `summary`, the honest total and what its figures rest on. */
export function findingsTable(findings: Finding[], summary?: SavingsSummary): string {
  if (!findings.length) return 'No size problems found.\n';
  const meta = new Map(RULES.map((r) => [r.id, r]));
  const rows = findings.map((f) => {
    const r = meta.get(f.ruleId)!;
    const where = f.line > 0 ? `L${f.line}${f.column ? `:${f.column}` : ''}` : 'project';
    const id = r.hadolint ? `${f.ruleId} (${r.hadolint})` : f.ruleId;
    const fix = f.fixed ? 'auto-fix' : 'advice';
    const save = f.estimatedBytes
      ? `~${formatBytes(f.estimatedBytes)} (${SOURCE_LABEL[f.estimate?.source ?? 'typical']})`
      : '';
    return [where, f.severity, id, fix, save, f.risk && !f.fixed ? `${f.message} — ${f.risk}` : f.message];
  });
  const widths = [0, 1, 2, 3, 4].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) => r.map((cell, c) => (c < 5 ? cell.padEnd(widths[c]!) : cell)).join('  '));
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const out = [
    lines.join('\n'),
    '',
    `${findings.length} finding(s): ${count('error')} error, ${count('warning')} warning, ${count('info')} info`,
  ];
  if (summary && summary.totalBytes > 0) {
    out.push(`Estimated savings: ${summaryLine(summary)}`);
    const used = new Set(
      findings.flatMap((f) => (f.estimatedBytes ? [f.estimate?.source ?? 'typical'] : [])),
    );
    for (const k of Object.keys(SOURCE_LABEL) as EstimateSource[])
      if (used.has(k)) out.push(`  ${SOURCE_LABEL[k]}: ${SOURCE_MEANING[k]}`);
  }
  return `${out.join('\n')}\n`;
}

export const runAnalyze: CommandRunner = async (args, io) => {
  const { values, positionals } = parse(args, {
    format: { type: 'string', default: 'text' },
    'fail-on': { type: 'string' },
    file: { type: 'string', default: 'Dockerfile' },
    buildkit: { type: 'boolean' },
    classic: { type: 'boolean' },
    'sarif-root': { type: 'string' },
  });
  const format = values.format!;
  if (!['text', 'json', 'sarif'].includes(format))
    throw new UsageError(`--format must be text, json or sarif (got ${format})`);
  const dir = projectDir(positionals[0], io.cwd);
  const project = await loadProject(dir, values.file);
  const failOn = (values['fail-on'] ?? project.config.thresholds.failOn) as Severity | undefined;
  if (failOn !== undefined && !Object.hasOwn(RANK, failOn))
    throw new UsageError(`--fail-on must be error, warning or info (got ${failOn})`);
  if (values.buildkit && values.classic) throw new UsageError('choose one of --buildkit, --classic');
  // The same builder the UI and `compare` target: the daemon's, unless a flag says otherwise.
  const target = await probeBuilder(values.buildkit ?? (values.classic ? false : undefined));
  if (format === 'text') io.err(`${describeBuilder(target)}\n${describeFacts(project.facts)}\n`);
  // Findings from the optimizer carry whether `whittle optimize` fixes them.
  const { findings } = optimize(project.text, project.context, {
    buildkit: target.buildkit,
    config: project.config,
  });
  const savings = savingsSummary(parseDockerfile(project.text), findings, project.context.baseImages);
  if (format === 'json') {
    const builder = { buildkit: target.buildkit, source: target.source };
    io.out(
      JSON.stringify(
        { dockerfile: project.dockerfilePath, builder, baseImageFacts: project.facts, findings, savings },
        null,
        2,
      ) + '\n',
    );
  } else if (format === 'sarif') {
    const root = values['sarif-root'] ? path.resolve(io.cwd, values['sarif-root']) : repositoryRoot(dir);
    const uri = path.relative(root, project.dockerfilePath).split(path.sep).join('/');
    io.out(JSON.stringify(toSarif(findings, RULES, uri, VERSION), null, 2) + '\n');
  } else {
    io.out(`${project.dockerfilePath}\n\n${findingsTable(findings, savings)}`);
  }
  return failOn && findings.some((f) => RANK[f.severity] >= RANK[failOn]) ? EXIT.FINDINGS : EXIT.OK;
};

/** The git top level above `dir` (a folder holding `.git`, a folder or a worktree's file), else `dir`. */
export function repositoryRoot(dir: string): string {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return path.resolve(dir);
  }
}
