/** The rule catalog, in the order the optimizer applies fixes. */
import { addInsteadOfCopy, addRemoteArchive } from './add-instead-of-copy';
import { apkNoCache } from './apk-no-cache';
import { aptListsNotRemoved } from './apt-lists-not-removed';
import { aptNoInstallRecommends } from './apt-no-install-recommends';
import { aptUpdateSeparate } from './apt-update-separate';
import { alpineOption, fatBaseImage, jdkAsRuntime, unpinnedBase } from './base-image';
import { chownAfterCopy } from './chown-after-copy';
import { consecutiveRuns } from './consecutive-runs';
import { copyBeforeDeps } from './copy-before-deps';
import { deletedLater } from './deleted-later';
import { dockerignoreLeaky, dockerignoreMissing, secretsCopied } from './dockerignore';
import { gemNoDocument } from './gem-no-document';
import { buildPackagesInFinal, devDependenciesInFinal, multiStage } from './multi-stage';
import { misplacedComment } from './misplaced-comment';
import { npmCacheNotCleaned } from './npm-cache-not-cleaned';
import { npmInstallNotCi } from './npm-install-not-ci';
import { pipNoCacheDir } from './pip-no-cache-dir';
import { toolchainRuntime } from './multi-stage/toolchain-runtime';
import { javaFullRuntime } from './multi-stage/java-jlink';
import { pythonBytecode } from './python-bytecode';
import type { Rule } from './rule';
import { runsAsRoot } from './runs-as-root';
import type { RuleMeta } from './types';
import { yumNoClean } from './yum-no-clean';

/**
 * Fix order matters: hygiene first (so moved steps carry it), then the multi-stage split, then
 * the slim base (safe once compilers left the final stage), then merging, then the user.
 */
export const ALL_RULES: Rule[] = [
  addInsteadOfCopy,
  copyBeforeDeps,
  aptUpdateSeparate,
  aptNoInstallRecommends,
  aptListsNotRemoved,
  pipNoCacheDir,
  npmInstallNotCi,
  npmCacheNotCleaned,
  apkNoCache,
  yumNoClean,
  gemNoDocument,
  chownAfterCopy,
  multiStage,
  toolchainRuntime,
  javaFullRuntime,
  fatBaseImage,
  pythonBytecode,
  consecutiveRuns,
  runsAsRoot,
  dockerignoreMissing,
  dockerignoreLeaky,
  secretsCopied,
  // Advice only.
  misplacedComment,
  buildPackagesInFinal,
  devDependenciesInFinal,
  jdkAsRuntime,
  unpinnedBase,
  alpineOption,
  addRemoteArchive,
  deletedLater,
];

/** Every rule's metadata, sorted by id. */
export const RULES: RuleMeta[] = ALL_RULES.map((r) => r.meta).sort((a, b) => a.id.localeCompare(b.id));

/** Finds a rule by id (`WH021`), name (`apt-no-install-recommends`) or hadolint id (`DL3015`). */
export function findRule(key: string): Rule | undefined {
  const k = key.trim();
  return ALL_RULES.find(
    (r) => r.meta.id === k.toUpperCase() || r.meta.name === k || r.meta.hadolint === k.toUpperCase(),
  );
}
