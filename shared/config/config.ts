/**
 * `.whittle.yaml`: per-project settings. Parsed with the `yaml` package (pure JS, runs in the
 * browser too); unknown keys are reported, not silently ignored.
 */
import { parse } from 'yaml';
import { WhittleFailure } from '../api/result';
import type { Severity } from '../rules/types';

export interface WhittleConfig {
  /** Rules neither reported nor fixed. */
  disabled: string[];
  /** Severity per rule id. */
  severity: Record<string, Severity>;
  /** Base images (exact `repo:tag` or `repo` for any tag) the base-image rules accept as they are. */
  allowedBaseImages: string[];
  /** CI thresholds for `whittle analyze` / `compare`. */
  thresholds: { failOn?: Severity; maxImageBytes?: number; minReductionPercent?: number };
}

export const DEFAULT_CONFIG: WhittleConfig = {
  disabled: [],
  severity: {},
  allowedBaseImages: [],
  thresholds: {},
};

const SEVERITIES = new Set(['error', 'warning', 'info']);

const strings = (v: unknown, key: string): string[] => {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    throw new WhittleFailure('INVALID_ARGUMENT', `.whittle.yaml: "${key}" must be a list of strings`);
  }
  return v as string[];
};

/** Parses `.whittle.yaml` text; throws INVALID_ARGUMENT with the reason on bad input. */
export function parseConfig(text: string): WhittleConfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new WhittleFailure('INVALID_ARGUMENT', `.whittle.yaml is not valid YAML: ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) return { ...DEFAULT_CONFIG };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new WhittleFailure('INVALID_ARGUMENT', '.whittle.yaml must be a mapping');
  }
  const o = doc as Record<string, unknown>;
  const known = new Set(['disabled', 'severity', 'allowedBaseImages', 'thresholds']);
  const unknown = Object.keys(o).filter((k) => !known.has(k));
  if (unknown.length)
    throw new WhittleFailure('INVALID_ARGUMENT', `.whittle.yaml: unknown key(s) ${unknown.join(', ')}`);
  const severity: Record<string, Severity> = {};
  for (const [k, v] of Object.entries((o.severity as Record<string, unknown>) ?? {})) {
    if (typeof v !== 'string' || !SEVERITIES.has(v)) {
      throw new WhittleFailure(
        'INVALID_ARGUMENT',
        `.whittle.yaml: severity of ${k} must be error, warning or info`,
      );
    }
    severity[k] = v as Severity;
  }
  const t = (o.thresholds ?? {}) as Record<string, unknown>;
  const thresholds: WhittleConfig['thresholds'] = {};
  if (t.failOn !== undefined) {
    if (typeof t.failOn !== 'string' || !SEVERITIES.has(t.failOn)) {
      throw new WhittleFailure(
        'INVALID_ARGUMENT',
        '.whittle.yaml: thresholds.failOn must be error, warning or info',
      );
    }
    thresholds.failOn = t.failOn as Severity;
  }
  for (const k of ['maxImageBytes', 'minReductionPercent'] as const) {
    if (t[k] !== undefined) {
      if (typeof t[k] !== 'number')
        throw new WhittleFailure('INVALID_ARGUMENT', `.whittle.yaml: thresholds.${k} must be a number`);
      thresholds[k] = t[k] as number;
    }
  }
  return {
    disabled: strings(o.disabled, 'disabled'),
    severity,
    allowedBaseImages: strings(o.allowedBaseImages, 'allowedBaseImages'),
    thresholds,
  };
}

/** True when the config accepts this base image as it is. */
export function isAllowedBase(config: WhittleConfig, repository: string, tag: string | null): boolean {
  return config.allowedBaseImages.some((a) => a === repository || a === `${repository}:${tag ?? 'latest'}`);
}
