/** Shown while Docker is not reachable: why, how to fix it, and Retry. Analysis still works. */
import type { DockerStatus } from '../../../../shared/api/contract';
import type { AsyncState } from '../../lib/result-state';
import { hintFor } from '../../lib/errors';

interface Props {
  state: AsyncState<DockerStatus>;
  onRetry: () => void;
}

export function DockerBanner({ state, onRetry }: Props) {
  if (state.status === 'idle' || state.status === 'loading') return null;
  if (state.status === 'ok' && state.value.reachable) return null;
  const message =
    state.status === 'ok'
      ? (state.value.message ?? `Docker is not reachable at ${state.value.endpoint}.`)
      : state.error.message;
  return (
    <div className="banner banner-warn" role="alert" data-testid="docker-unreachable">
      <div>
        <strong>Docker is not reachable.</strong> {message}
        <div className="muted">
          {hintFor('DOCKER_UNREACHABLE')} You can still review findings and export the optimized Dockerfile.
        </div>
      </div>
      <button type="button" onClick={onRetry} data-testid="docker-retry">
        Retry
      </button>
    </div>
  );
}
