/** Whether Docker is reachable, checked on mount and on demand (the banner's Retry). */
import { useCallback, useEffect, useState } from 'react';
import type { DockerStatus } from '../../../../shared/api/contract';
import { api } from '../../api';
import type { AsyncState } from '../../lib/result-state';

export function useDockerStatus() {
  const [state, setState] = useState<AsyncState<DockerStatus>>({ status: 'loading' });
  const refresh = useCallback(async () => {
    setState({ status: 'loading' });
    const r = await api.dockerStatus();
    setState(r.ok ? { status: 'ok', value: r.value } : { status: 'error', error: r.error });
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const reachable = state.status === 'ok' && state.value.reachable;
  const buildkit = state.status === 'ok' && state.value.buildkit;
  return { state, reachable, buildkit, refresh };
}
