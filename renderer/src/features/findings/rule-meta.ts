/** Rule metadata by id, for the findings panel (title, why, hadolint id, category). */
import { RULES } from '../../../../shared/rules';
import type { RuleMeta } from '../../../../shared/rules/types';

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleMeta(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}
