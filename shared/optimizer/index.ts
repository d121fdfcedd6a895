// TEMPORARY STUB — the real optimizer is being written; signature is final.
import type { ProjectContext } from '../api/contract';
import type { OptimizeOptions, OptimizeResult } from './types';

export type { OptimizeOptions, OptimizeResult } from './types';

/**
 * Optimizes a Dockerfile. Throws `DockerfileParseError` (a WhittleFailure with code
 * DOCKERFILE_PARSE and details `{ line, column }`) when the text cannot be parsed.
 */
export function optimize(text: string, _context: ProjectContext, _options: OptimizeOptions = {}): OptimizeResult {
  return { text, fixes: [], findings: [], dockerignore: null };
}
