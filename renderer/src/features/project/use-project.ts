/** The open project: loading it through the API, and which of its Dockerfiles is selected. */
import { useCallback, useRef, useState } from 'react';
import type { ProjectInfo } from '../../../../shared/api/contract';
import { api } from '../../api';
import type { AsyncState } from '../../lib/result-state';

export function useProject() {
  const [state, setState] = useState<AsyncState<ProjectInfo>>({ status: 'idle' });
  const [selected, setSelected] = useState<string | null>(null);
  const seq = useRef(0);

  const open = useCallback(async (dir: string) => {
    const mine = ++seq.current;
    setState({ status: 'loading' });
    const r = await api.openProject(dir);
    if (mine !== seq.current) return;
    if (r.ok) {
      setState({ status: 'ok', value: r.value });
      setSelected(r.value.dockerfiles[0]?.name ?? null);
    } else {
      setState({ status: 'error', error: r.error });
    }
  }, []);

  const close = useCallback(() => {
    seq.current++;
    setState({ status: 'idle' });
    setSelected(null);
  }, []);

  /** After Whittle wrote the project's .dockerignore: the header and the analysis use it at once. */
  const setDockerignore = useCallback((text: string) => {
    setState((s) =>
      s.status === 'ok'
        ? { status: 'ok', value: { ...s.value, context: { ...s.value.context, dockerignore: text } } }
        : s,
    );
  }, []);

  const project = state.status === 'ok' ? state.value : null;
  const dockerfile = project?.dockerfiles.find((d) => d.name === selected) ?? null;
  return { state, project, dockerfile, select: setSelected, open, close, setDockerignore };
}
