/**
 * Whether Docker is reachable: checked on mount, on demand (the banner's Retry, a build that
 * failed as unreachable), and every POLL_MS while it is not, so the pill follows the daemon back.
 */
import { useCallback, useEffect, useState } from 'react';
import type { DockerStatus } from '../../../../shared/api/contract';
import { api } from '../../api';
import type { AsyncState } from '../../lib/result-state';

/** How often an unreachable daemon is asked again, in milliseconds. */
export const POLL_MS = 3000;

export function useDockerStatus() {
  const [state, setState] = useState<AsyncState<DockerStatus>>({ status: 'loading' });
  const check = useCallback(async (showLoading: boolean) => {
    if (showLoading) setState({ status: 'loading' });
    const r = await api.dockerStatus();
    setState(r.ok ? { status: 'ok', value: r.value } : { status: 'error', error: r.error });
  }, []);
  const refresh = useCallback(() => check(true), [check]);
  useEffect(() => {
    void check(true);
  }, [check]);
  const reachable = state.status === 'ok' && state.value.reachable;
  const buildkit = state.status === 'ok' && state.value.buildkit;
  const settled = state.status !== 'loading';
  useEffect(() => {
    if (reachable || !settled) return;
    const t = setInterval(() => void check(false), POLL_MS);
    return () => clearInterval(t);
  }, [reachable, settled, check]);
  return { state, reachable, buildkit, refresh };
}
