/** The lifecycle of one async call, as components render it. */
import type { WhittleError } from '../../../shared/api/result';

export type AsyncState<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ok'; value: T }
  | { status: 'error'; error: WhittleError };
