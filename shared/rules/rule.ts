/** The rule interface: a check that finds problems, and an optional safe fix. */
import type { ProjectContext } from '../api/contract';
import type { DockerfileModel, Instruction } from '../dockerfile/model';
import type { Edit, Style } from '../dockerfile/printer';
import type { ShellSegment } from '../dockerfile/shell';
import type { WhittleConfig } from '../config/config';
import type { EstimateBasis, RuleMeta, Severity } from './types';

export interface RuleContext {
  model: DockerfileModel;
  project: ProjectContext;
  style: Style;
  buildkit: boolean;
  config: WhittleConfig;
  /** True when `# whittle ignore=<rule>` (or hadolint's matching id) sits on the line above. */
  suppressed(ins: Instruction): boolean;
}

/** A finding before the optimizer decides whether it was fixed. Lines are 0-based here. */
export interface RawFinding {
  message: string;
  startLine: number;
  endLine: number;
  estimatedBytes?: number;
  /** Where `estimatedBytes` comes from; `typical` (the rule's own figure) when absent. */
  estimate?: EstimateBasis;
  /** Why this one is not fixed automatically (the risk), when the rule has a fix but holds back. */
  risk?: string;
  /** 1-based column on `startLine`, when the finding points at a spot in the line. */
  column?: number;
  /** This finding's severity when it differs from the rule's (a harmless case of an error rule). */
  severity?: Severity;
}

export interface FixResult {
  edits: Edit[];
  explanation: string;
  /** Entries the proposed .dockerignore must add (only the build-context rules set them). */
  dockerignore?: string[];
}

/**
 * A fix that only rewrites the shell commands of single RUN instructions. The optimizer runs all
 * such fixes over each RUN in one pass (one edit, one re-parse), instead of one pass per rule.
 */
export interface RunFix {
  /** New segments for one plain RUN, or null when this rule leaves it alone. */
  transform(segments: ShellSegment[], ins: Instruction, ctx: RuleContext): ShellSegment[] | null;
  explanation: string;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): RawFinding[];
  /** Returns edits for the current text, or null when nothing (safe) applies. */
  fix?(ctx: RuleContext): FixResult | null;
  /** Or: a rewrite of RUN commands, batched with the other RUN rewrites. */
  runFix?: RunFix;
  /** Rules whose fix also resolves this rule's findings (e.g. the multi-stage split removes compilers). */
  fixedBy?: string[];
}

/** Finding at an instruction. */
export const at = (ins: Instruction, message: string, extra: Partial<RawFinding> = {}): RawFinding => ({
  message,
  startLine: ins.startLine,
  endLine: ins.endLine,
  ...extra,
});
