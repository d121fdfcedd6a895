/** The Markdown report: findings, applied fixes, and (after a build) the layer table and totals. */
import type { CompareReport, ImageReport } from '../../../../shared/api/contract';
import type { Verification } from '../../../../shared/api/verify';
import type { OptimizeResult } from '../../../../shared/optimizer';
import { billOfImage } from '../../../../shared/bill/compare-bills';
import { billMarkdown } from '../../../../shared/report/bill-markdown';
import { formatBytes } from '../../../../shared/report/bytes';
import { FAR_BELOW_NOTE, farBelowEstimate } from '../../../../shared/report/estimate-vs-measured';
import {
  SOURCE_LABEL,
  SOURCE_MEANING,
  summaryLine,
  summaryOfBuilt,
} from '../../../../shared/optimizer/savings-summary';
import type { AppliedFix, Finding } from '../../../../shared/rules/types';
import { baseCandidatesSection } from '../base-candidates/base-markdown';
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

/**
 * One bullet per rule, in the order the rules first applied: the lines it changed and each
 * distinct explanation once (a rule that merged five pairs of RUNs is one bullet, not five).
 */
export function fixBullets(fixes: readonly AppliedFix[]): string[] {
  const byRule = new Map<string, AppliedFix[]>();
  for (const f of fixes) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  return [...byRule].map(([ruleId, list]) => {
    const lines = [...new Set(list.flatMap((f) => (f.before ? [f.before.startLine] : [])))].sort(
      (a, b) => a - b,
    );
    const where = lines.length ? ` (line${lines.length > 1 ? 's' : ''} ${lines.join(', ')})` : '';
    const why = [...new Set(list.map((f) => cell(f.explanation)))].join(' ');
    return `- **${ruleId} ${cell(list[0]!.title)}**${where} — ${why}`;
  });
}

/** A finding's estimate with its source, or the note on why it claims nothing. */
function estimateCell(f: Finding): string {
  if (f.estimatedBytes)
    return `${formatBytes(f.estimatedBytes)} (${SOURCE_LABEL[f.estimate?.source ?? 'typical']})`;
  return f.estimate?.note ? cell(`— ${f.estimate.note}`) : '';
}

const bytesOrDash = (n: number | null): string =>
  n === null ? '—' : n < 0 ? `−${formatBytes(-n)}` : formatBytes(n);

/** Checks on both images, fixes held back with their evidence, and estimated vs measured savings. */
export function verificationSection(v: Verification): string[] {
  const out = [
    `## Verification: ${v.status}`,
    '',
    ...(v.note ? [v.note, ''] : []),
    '| Check | Original | Optimized | Summary |',
    '|---|---|---|---|',
    ...v.checks.map(
      (c) =>
        `| ${cell(c.title)} | ${c.original.status} | ${c.optimized.status}${c.regression ? ' (regression)' : ''} | ${cell(c.optimized.summary)} |`,
    ),
    '',
  ];
  if (v.heldBack.length) {
    out.push('### Held back', '', 'Each of these fixes made the image fail a check the original passes.', '');
    for (const h of v.heldBack) {
      out.push(`- **${h.ruleId}** broke *${h.checkId}*: ${cell(h.summary)}`);
      if (h.evidence.length) out.push('', '  ```', ...h.evidence.slice(0, 8).map((e) => `  ${e}`), '  ```');
    }
    out.push('');
  }
  for (const r of v.repairs) out.push(`- Repaired (${r.checkId}): ${cell(r.summary)}`, '');
  out.push(...baseCandidatesSection(v.baseCandidates ?? []));
  if (v.savings?.length) {
    out.push(
      '### Savings per fix',
      '',
      'Measured = the image size with the fix turned off minus the size with it on.',
      '',
      '| Fix | Estimated | Measured |',
      '|---|---:|---:|',
      ...v.savings.map(
        (s) =>
          `| ${s.ruleId} ${cell(s.title)} | ${bytesOrDash(s.estimatedBytes)} | ${bytesOrDash(s.measuredBytes)}${s.note ? ` (${cell(s.note)})` : ''}${farBelowEstimate(s.estimatedBytes, s.measuredBytes) ? ` (${FAR_BELOW_NOTE})` : ''} |`,
      ),
      '',
    );
  }
  return out;
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
      `| ${f.severity} | ${f.ruleId} | ${meta?.hadolint ?? ''} | ${f.line || ''} | ${cell(f.message)} | ${estimateCell(f)} | ${f.fixed ? 'yes' : 'no'} |`,
    );
  }
  out.push('');
  const sources = [
    ...new Set(result.findings.flatMap((f) => (f.estimatedBytes ? [f.estimate?.source ?? 'typical'] : []))),
  ];
  if (compare && sources.length)
    out.push(
      `Estimated savings: ${summaryLine(summaryOfBuilt(result.findings, compare.original.sizeBytes))}.`,
      '',
    );
  if (sources.length)
    out.push(
      `Estimated savings count each byte once. ${sources.map((k) => `*${SOURCE_LABEL[k]}*: ${SOURCE_MEANING[k]}.`).join(' ')}`,
      '',
    );
  if (result.fixes.length) {
    out.push('## Applied fixes', '', ...fixBullets(result.fixes), '');
  }
  if (compare?.verification) out.push(...verificationSection(compare.verification));
  if (compare) {
    out.push(
      '## Layers',
      '',
      ...layerTable('Original', compare.original),
      ...layerTable('Optimized', compare.optimized),
      ...billMarkdown(billOfImage(compare.original), billOfImage(compare.optimized), compare.billComparison),
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
