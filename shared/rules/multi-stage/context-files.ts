/**
 * What a whole-context `COPY . .` brings, for the recipes that drop it from the runtime stage: it
 * may go only when every file the build context sends (after .dockerignore) is a build input or
 * never read at run time. A config file, a template or a certificate at the top level is what a
 * compiled binary often reads (`CMD ["--config", "/src/config.yaml"]`), so anything else keeps the
 * copy in the runtime stage.
 */
import { isExcluded, parseDockerignore } from '../dockerignore-match';
import type { RuleContext } from '../rule';

/**
 * Files of a context that never reach a running app: VCS, editor and Docker files, docs, CI config,
 * Whittle's own settings (`.whittle.yaml`) and example descriptions (`whittle.json`).
 */
export const NOT_RUNTIME =
  /^(\.git(\/|$)|\.gitignore$|\.gitattributes$|\.github\/|\.gitlab-ci\.yml$|\.idea\/|\.vscode\/|\.editorconfig$|\.dockerignore$|\.whittle\.yaml$|whittle\.json$|(.*\.)?Dockerfile(\..*)?$|README[^/]*$|LICEN[CS]E[^/]*$|CHANGELOG[^/]*$|CONTRIBUTING[^/]*$|docs?\/)/;

/**
 * True when the context holds at least one file and every file it sends is a build input (`buildInput`,
 * tested on the path relative to the context) or in NOT_RUNTIME. False when the file list is unknown.
 */
export function contextIsBuildInput(ctx: RuleContext, buildInput: RegExp): boolean {
  const patterns = ctx.project.dockerignore ? parseDockerignore(ctx.project.dockerignore) : [];
  const sent = ctx.project.files.map((f) => f.replace(/\/$/, '')).filter((f) => !isExcluded(patterns, f));
  return sent.length > 0 && sent.every((f) => NOT_RUNTIME.test(f) || buildInput.test(f));
}
