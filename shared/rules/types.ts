/** Rule and finding types shared by the analyzer, the optimizer, the CLI and the UI. */

export type Severity = 'error' | 'warning' | 'info';

export type RuleCategory =
  | 'base-image'
  | 'multi-stage'
  | 'layer-hygiene'
  | 'build-context'
  | 'security'
  /** The Dockerfile does not do what it reads as (a `#` after FROM is no comment). */
  | 'correctness';

export interface RuleMeta {
  /** Stable id, e.g. `WH001`. */
  id: string;
  /** Short kebab name, e.g. `apt-lists-not-removed`. */
  name: string;
  title: string;
  /** One paragraph a user can read: why this costs size (or safety) and what to do. */
  why: string;
  severity: Severity;
  category: RuleCategory;
  /** hadolint rule this corresponds to, where one exists (e.g. `DL3009`). */
  hadolint?: string;
  /** True when the optimizer has a safe automatic fix for it. */
  fixable: boolean;
  /**
   * True when the saving lives in the stage's own layers (caches, package lists, layer count):
   * reported and fixed only in stages whose layers are shipped, not in builders read through
   * `COPY --from` (see `rules/shipped-stages.ts`).
   */
  shippedOnly?: boolean;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** 1-based line range in the analysed Dockerfile (line 0 = the project, not a line). */
  line: number;
  endLine: number;
  column?: number;
  /** Estimated bytes this finding costs in the final image, when knowable. */
  estimatedBytes?: number;
  /** Whether the optimizer fixed it automatically (false: advice only, with the risk named). */
  fixed: boolean;
  /** Why no automatic fix was applied, when `fixed` is false for a fixable rule. */
  risk?: string;
}

/** A change the optimizer made. */
export interface AppliedFix {
  ruleId: string;
  title: string;
  explanation: string;
  /** Lines of the original text this fix replaced (1-based, inclusive), when it maps to lines. */
  before: { startLine: number; endLine: number; text: string } | null;
  /** The text it wrote instead. */
  after: string;
}
