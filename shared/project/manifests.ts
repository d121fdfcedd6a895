/** Which project files are dependency manifests that recipes read (`ProjectContext.manifests`). */

/** Root-level manifest and lockfile names (Go, Rust, Ruby, Python, Node, Java), and Yarn Berry's .yarnrc.yml. */
const MANIFEST_NAME =
  /^(go\.mod|go\.sum|Cargo\.toml|Cargo\.lock|Gemfile|Gemfile\.lock|requirements[\w.-]*\.txt|pyproject\.toml|setup\.py|setup\.cfg|Pipfile|poetry\.lock|package-lock\.json|yarn\.lock|pnpm-lock\.yaml|pom\.xml|build\.gradle(\.kts)?|settings\.gradle(\.kts)?|\.yarnrc\.yml)$/;

/** Larger manifests are listed in `files` only: a recipe needs their presence, not their text. */
export const MAX_MANIFEST_BYTES = 256 * 1024;

/** True for a relative path (root level only) whose text `ProjectContext.manifests` carries. */
export const isManifestName = (rel: string): boolean => MANIFEST_NAME.test(rel);
