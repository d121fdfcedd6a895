/**
 * Errors travel as data (Podman Desktop's encodeIpcError idea): every API call resolves to a
 * Result, never rejects across a process boundary, and the renderer maps `code` to a message
 * and a retry action.
 */
export type ErrorCode =
  | 'DOCKER_UNREACHABLE'
  | 'DOCKERFILE_PARSE'
  | 'BUILD_FAILED'
  | 'CANCELLED'
  | 'DISK_FULL'
  | 'NOT_FOUND'
  | 'INVALID_ARGUMENT'
  | 'IO_ERROR'
  | 'SMOKE_TEST_FAILED'
  | 'UNAUTHORIZED'
  | 'INTERNAL';

/** The error half of a Result. `details` is plain JSON (never an Error instance). */
export interface WhittleError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: WhittleError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = <T = never>(code: ErrorCode, message: string, details?: unknown): Result<T> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/** A thrown error that carries a code; hosts turn it into a failed Result. */
export class WhittleFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'WhittleFailure';
  }
}

/** Turns anything thrown into a WhittleError without leaking a stack trace to the user. */
export function toWhittleError(err: unknown): WhittleError {
  if (err instanceof WhittleFailure) {
    return err.details === undefined
      ? { code: err.code, message: err.message }
      : { code: err.code, message: err.message, details: err.details };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}
