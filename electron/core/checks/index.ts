/** The checks Whittle runs on every built pair of images, in the order they run (cheap first). */
import { runtimeLibrariesCheck } from './runtime-libraries';
import { sameConfig } from './same-config';
import { startsAndAnswers } from './starts-and-answers';
import type { Check } from './types';
import { writesAsUser } from './writes-as-user';

export const DEFAULT_CHECKS: readonly Check[] = [
  sameConfig,
  runtimeLibrariesCheck,
  startsAndAnswers,
  writesAsUser,
];
