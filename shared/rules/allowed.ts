import { isAllowedBase } from '../config/config';
import type { Stage } from '../dockerfile/model';
import type { RuleContext } from './rule';

/** True when `.whittle.yaml` accepts this stage's base image as it is. */
export const isConfigAllowed = (ctx: RuleContext, stage: Stage): boolean =>
  isAllowedBase(ctx.config, stage.image.repository, stage.image.tag);
