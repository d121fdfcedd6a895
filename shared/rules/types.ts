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
  /**
   * Where `estimatedBytes` comes from (present whenever it is). Present without `estimatedBytes`
   * when the finding claims nothing of its own and the note says why (its bytes are counted under
   * another finding, or its layer holds none).
   */
  estimate?: EstimateBasis;
  /** Whether the optimizer fixed it automatically (false: advice only, with the risk named). */
  fixed: boolean;
  /** Why no automatic fix was applied, when `fixed` is false for a fixable rule. */
  risk?: string;
}

/**
 * Where an estimated saving comes from, from the weakest to the strongest ground:
 * - `typical`: the rule's typical figure for this kind of waste (nothing was read);
 * - `catalog`: typical sizes of Docker Hub's official images (`shared/catalog/base-images.ts`),
 *   used when the daemon's copies of the images were not read;
 * - `daemon`: the sizes of the images on the Docker daemon (`ProjectContext.baseImages`);
 * - `layer`: bytes the built original's layer for this instruction holds (a cache: the bytes under
 *   its paths in that layer; otherwise at most what the layer adds).
 */
export type EstimateSource = 'typical' | 'catalog' | 'daemon' | 'layer';

export interface EstimateBasis {
  source: EstimateSource;
  /** The base swap it prices, for image-size estimates: from the image → to the image. */
  images?: { from: string; to: string };
  /** A sentence on how the figure was reached or why it was lowered (shown with the figure). */
  note?: string;
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
