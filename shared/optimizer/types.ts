import type { WhittleConfig } from '../config/config';
import type { AppliedFix, Finding } from '../rules/types';

export interface OptimizeOptions {
  /** Rule ids whose fixes must not be applied (findings are still reported). */
  disabled?: string[];
  /** True when the target builder is BuildKit: only then may output use cache mounts, COPY --chmod, heredocs. */
  buildkit?: boolean;
  /** Project settings from `.whittle.yaml` (disabled rules, severities, allowed bases). */
  config?: WhittleConfig;
}

export interface OptimizeResult {
  /** The optimized Dockerfile text (equals the input when nothing applied). */
  text: string;
  fixes: AppliedFix[];
  /** Every finding on the input, each marked fixed or not. */
  findings: Finding[];
  /** A proposed `.dockerignore` when the project's is missing or leaky, else null. */
  dockerignore: string | null;
}
