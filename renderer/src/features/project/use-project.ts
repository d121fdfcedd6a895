/**
 * The open project: loading it through the API, and which of its Dockerfiles is selected. The
 * open project is remembered for this tab (lib/open-session.ts) so a reload reopens it; closing
 * it tells the Node side (`closeProject`), which stops its compare and removes its images
 * unless the user keeps them.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProjectInfo } from '../../../../shared/api/contract';
import { api } from '../../api';
import { writeOpenSession } from '../../lib/open-session';
import type { AsyncState } from '../../lib/result-state';

export function useProject() {
  const [state, setState] = useState<AsyncState<ProjectInfo>>({ status: 'idle' });
  const [selected, setSelected] = useState<string | null>(null);
  const seq = useRef(0);

  /** Opens a folder; `dockerfile` is selected when the folder has it (a reload restoring the tab). */
  const open = useCallback(async (dir: string, dockerfile?: string | null) => {
    const mine = ++seq.current;
    setState({ status: 'loading' });
    const r = await api.openProject(dir);
    if (mine !== seq.current) return;
    if (r.ok) {
      setState({ status: 'ok', value: r.value });
      const names = r.value.dockerfiles.map((d) => d.name);
      setSelected(dockerfile && names.includes(dockerfile) ? dockerfile : (names[0] ?? null));
    } else {
      setState({ status: 'error', error: r.error });
    }
  }, []);

  const project = state.status === 'ok' ? state.value : null;

  // What this tab has open, for a reload to reopen.
  useEffect(() => {
    if (project) writeOpenSession({ dir: project.dir, dockerfile: selected });
  }, [project, selected]);

  const openDir = project?.dir ?? null;
  const close = useCallback(() => {
    seq.current++;
    setState({ status: 'idle' });
    setSelected(null);
    writeOpenSession(null);
    if (openDir) void api.closeProject(openDir);
  }, [openDir]);

  /** After Whittle wrote the project's .dockerignore: the header and the analysis use it at once. */
  const setDockerignore = useCallback((text: string) => {
    setState((s) =>
      s.status === 'ok'
        ? { status: 'ok', value: { ...s.value, context: { ...s.value.context, dockerignore: text } } }
        : s,
    );
  }, []);

  const dockerfile = project?.dockerfiles.find((d) => d.name === selected) ?? null;
  return { state, project, dockerfile, select: setSelected, open, close, setDockerignore };
}
