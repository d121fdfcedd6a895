/** The Markdown report: findings, applied fixes, and (after a build) the layer table and totals. */
import type { CompareReport, ImageReport } from '../../../../shared/api/contract';
import type { OptimizeResult } from '../../../../shared/optimizer';
import { formatBytes } from '../../../../shared/report/bytes';
import { ruleMeta } from '../findings/rule-meta';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

function layerTable(title: string, img: ImageReport): string[] {
  return [
    `### ${title} — ${formatBytes(img.sizeBytes)} (\`${img.tag || img.imageId.slice(0, 19)}\`)`,
    '',
    '| # | Size | Line | Instruction |',
    '|---:|---:|---:|---|',
    ...img.layers.map(
      (l) =>
        `| ${l.index} | ${formatBytes(l.sizeBytes)} | ${l.line ?? (l.isBase ? 'base' : '')} | \`${cell(l.instruction).slice(0, 120)}\` |`,
    ),
    '',
  ];
}

export interface ReportInput {
  projectName: string;
  dockerfileName: string;
  result: OptimizeResult;
  optimizedText: string;
  compare: CompareReport | null;
}

export function reportMarkdown({
  projectName,
  dockerfileName,
  result,
  optimizedText,
  compare,
}: ReportInput): string {
  const out: string[] = [`# Whittle report: ${projectName} / ${dockerfileName}`, ''];
  if (compare) {
    out.push(
      `**${formatBytes(compare.original.sizeBytes)} → ${formatBytes(compare.optimized.sizeBytes)}**, ` +
        `a reduction of ${formatBytes(compare.reductionBytes)} (${compare.reductionPercent.toFixed(1)}%). ` +
        `Smoke test: ${compare.smokeTest.passed ? 'passed' : 'FAILED'} (${compare.smokeTest.outcome}).`,
      '',
    );
  }
  out.push(
    `## Findings (${result.findings.length})`,
    '',
    '| Severity | Rule | hadolint | Line | Finding | Est. savings | Fixed |',
    '|---|---|---|---:|---|---:|---|',
  );
  for (const f of result.findings) {
    const meta = ruleMeta(f.ruleId);
    out.push(
      `| ${f.severity} | ${f.ruleId} | ${meta?.hadolint ?? ''} | ${f.line || ''} | ${cell(f.message)} | ${f.estimatedBytes ? formatBytes(f.estimatedBytes) : ''} | ${f.fixed ? 'yes' : 'no'} |`,
    );
  }
  out.push('');
  if (result.fixes.length) {
    out.push('## Applied fixes', '');
    for (const fix of result.fixes)
      out.push(`- **${fix.ruleId} ${cell(fix.title)}** — ${cell(fix.explanation)}`);
    out.push('');
  }
  if (compare) {
    out.push(
      '## Layers',
      '',
      ...layerTable('Original', compare.original),
      ...layerTable('Optimized', compare.optimized),
    );
    if (compare.configDifferences.length) {
      out.push('## Runtime config differences', '', '| Key | Original | Optimized |', '|---|---|---|');
      for (const d of compare.configDifferences) {
        out.push(
          `| ${d.key} | \`${cell(JSON.stringify(d.original))}\` | \`${cell(JSON.stringify(d.optimized))}\` |`,
        );
      }
      out.push('');
    }
  }
  out.push('## Optimized Dockerfile', '', '```dockerfile', optimizedText.trimEnd(), '```', '');
  if (result.dockerignore)
    out.push('## Proposed .dockerignore', '', '```', result.dockerignore.trimEnd(), '```', '');
  return out.join('\n');
}
