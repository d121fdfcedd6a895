/** A small status pill in the header: daemon version and BuildKit, or "offline". */
import type { DockerStatus } from '../../../../shared/api/contract';
import type { AsyncState } from '../../lib/result-state';

export function DockerPill({ state }: { state: AsyncState<DockerStatus> }) {
  if (state.status === 'loading' || state.status === 'idle') {
    return (
      <span className="pill" data-testid="docker-pill">
        Docker…
      </span>
    );
  }
  const up = state.status === 'ok' && state.value.reachable;
  const title = state.status === 'ok' ? state.value.endpoint : state.error.message;
  return (
    <span className={`pill ${up ? 'pill-ok' : 'pill-bad'}`} title={title} data-testid="docker-pill">
      {up && state.status === 'ok'
        ? `Docker ${state.value.version ?? ''}${state.value.buildkit ? ' · BuildKit' : ''}`
        : 'Docker offline'}
    </span>
  );
}
