/**
 * Error codes → what the user reads and can do. The Node side sends codes as data; wording and
 * retry affordances live here, in one place.
 */
import type { ErrorCode, WhittleError } from '../../../shared/api/result';

const HINTS: Partial<Record<ErrorCode, string>> = {
  DOCKER_UNREACHABLE:
    'Start Docker (Docker Desktop, or `sudo systemctl start docker`), or point DOCKER_HOST at a running daemon, then retry.',
  DOCKERFILE_PARSE:
    'Fix the Dockerfile at the marked line; Whittle analyses only files Docker itself could build.',
  BUILD_FAILED: 'The log below shows the failing step.',
  DISK_FULL: 'Free disk space (e.g. `docker system prune`) and retry.',
  NOT_FOUND: 'Check the path and try again.',
  UNAUTHORIZED: 'Open the exact URL that `whittle serve` printed (it carries the access token).',
  CANCELLED: 'The build was cancelled.',
};

/** A one-line hint for an error code, or null when the message says it all. */
export function hintFor(code: ErrorCode): string | null {
  return HINTS[code] ?? null;
}

/** The `{ line, column }` a parse error carries, when it does. */
export function parseLocation(err: WhittleError): { line: number; column: number } | null {
  const d = err.details as { line?: unknown; column?: unknown } | undefined;
  return d && typeof d.line === 'number'
    ? { line: d.line, column: typeof d.column === 'number' ? d.column : 1 }
    : null;
}
