/**
 * One honest figure for "potential savings": the findings' estimates added up (each byte is
 * counted once already — savings.ts shares the toolchain pool and the apt lists; the optimizer
 * drops the claims of layers the multi-stage split leaves in the builder; ground-estimates.ts
 * caps each claim at its layer), never above what the original holds, and said with the sources
 * it rests on. Shown by `whittle analyze` (text and JSON), the findings panel and the report.
 */
import type { BaseImageFacts } from '../api/contract';
import type { DockerfileModel } from '../dockerfile/model';
import { formatBytes } from '../report/bytes';
import type { EstimateSource, Finding } from '../rules/types';
import { imageEstimate } from './savings';

export interface SavingsSummary {
  /** Σ estimatedBytes of the findings, at most `ofBytes` (bytes). */
  totalBytes: number;
  /** Of that, what the optimizer's fixes address (findings marked fixed). */
  fixedBytes: number;
  /** What the total is a part of: the built original's size, or the estimate of it (base + layers). */
  ofBytes: number;
  of: 'built' | 'estimate';
  /** The total by source of the figures (bytes), only sources that contribute. */
  bySource: Partial<Record<EstimateSource, number>>;
}

/** Words for each source, as the CLI, the UI and the report show them. */
export const SOURCE_LABEL: Record<EstimateSource, string> = {
  typical: 'typical figure',
  catalog: "catalog (Docker Hub's images)",
  daemon: "daemon's image sizes",
  layer: 'built layer',
};

/** What each source means, one sentence each. */
export const SOURCE_MEANING: Record<EstimateSource, string> = {
  typical: "the rule's typical figure for this kind of waste; nothing was read",
  catalog:
    "typical sizes of Docker Hub's official images, not the copies this build uses (no daemon answered)",
  daemon: 'the sizes of the images on the Docker daemon',
  layer: "bytes the built original's layer for the instruction holds",
};

/**
 * The summary of `findings` on `model`. `builtBytes`: the original image's real size when it was
 * built (the total never exceeds it); otherwise the estimate of it (savings.ts `imageEstimate`).
 */
export function savingsSummary(
  model: DockerfileModel,
  findings: Finding[],
  known?: Record<string, BaseImageFacts>,
  builtBytes?: number,
): SavingsSummary {
  return summarize(
    findings,
    builtBytes ?? imageEstimate(model, findings, known),
    builtBytes === undefined ? 'estimate' : 'built',
  );
}

/** The summary against a built original of `builtBytes` (no Dockerfile model needed). */
export const summaryOfBuilt = (findings: Finding[], builtBytes: number): SavingsSummary =>
  summarize(findings, builtBytes, 'built');

function summarize(findings: Finding[], ofBytes: number, of: SavingsSummary['of']): SavingsSummary {
  const bySource: Partial<Record<EstimateSource, number>> = {};
  let sum = 0;
  let fixed = 0;
  for (const f of findings) {
    const b = f.estimatedBytes ?? 0;
    if (b <= 0) continue;
    sum += b;
    if (f.fixed) fixed += b;
    const src = f.estimate?.source ?? 'typical';
    bySource[src] = (bySource[src] ?? 0) + b;
  }
  return {
    totalBytes: Math.min(sum, ofBytes),
    fixedBytes: Math.min(fixed, ofBytes),
    ofBytes,
    of,
    bySource,
  };
}

/** One line: "~757.0 MB of the original's ~1.2 GB (estimate) — daemon's image sizes 751.0 MB, typical figure 6.0 MB". */
export function summaryLine(s: SavingsSummary): string {
  const parts = (Object.keys(s.bySource) as EstimateSource[]).map(
    (k) => `${SOURCE_LABEL[k]} ${formatBytes(s.bySource[k]!)}`,
  );
  const of =
    s.of === 'built'
      ? `the original's ${formatBytes(s.ofBytes)}`
      : `the original's ~${formatBytes(s.ofBytes)} (estimated)`;
  return `~${formatBytes(s.totalBytes)} of ${of}, each byte counted once${parts.length ? ` — ${parts.join(', ')}` : ''}`;
}
