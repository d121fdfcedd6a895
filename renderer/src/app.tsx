/** Top level: the start screen or the open project; the project to open at launch. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { initialProject } from './api';
import { useDockerStatus } from './features/docker/use-docker-status';
import { ProjectView } from './features/project/project-view';
import { useProject } from './features/project/use-project';
import { useShortcuts } from './features/shortcuts/use-shortcuts';
import { StartScreen } from './features/start/start-screen';
import { hintFor } from './lib/errors';
import { readOpenSession } from './lib/open-session';
import { useColorScheme } from './lib/use-color-scheme';

export function App() {
  const proj = useProject();
  const docker = useDockerStatus();
  const scheme = useColorScheme();
  const pathInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.documentElement.dataset.theme = scheme;
  }, [scheme]);

  const { open } = proj;
  useEffect(() => {
    // `open` is stable, so this runs once per mount. A reload reopens what this tab had open
    // (and shows a compare still running there); otherwise the project the host was started on.
    const restored = readOpenSession();
    void initialProject(restored?.dir).then((dir) => {
      if (dir) void open(dir, dir === restored?.dir ? restored.dockerfile : null);
    });
  }, [open]);

  // On the start screen Ctrl/Cmd+O focuses the path field; in a project it returns here and
  // focuses it too (the effect runs once the start screen has rendered).
  useShortcuts(proj.project ? {} : { open: () => pathInput.current?.focus() });
  const [focusPath, setFocusPath] = useState(0);
  useEffect(() => {
    if (focusPath > 0) pathInput.current?.focus();
  }, [focusPath]);
  const { close } = proj;
  const openShortcut = useCallback(() => {
    close();
    setFocusPath((n) => n + 1);
  }, [close]);

  if (proj.project) {
    return (
      <ProjectView
        project={proj.project}
        dockerfile={proj.dockerfile}
        onSelect={proj.select}
        onClose={proj.close}
        onOpenShortcut={openShortcut}
        onDockerignoreSaved={proj.setDockerignore}
        docker={docker}
      />
    );
  }
  return (
    <>
      {proj.state.status === 'error' && (
        <div className="banner banner-error" role="alert" data-testid="open-error">
          <div>
            <strong>Could not open the folder.</strong> {proj.state.error.message}
            {hintFor(proj.state.error.code) && <div className="muted">{hintFor(proj.state.error.code)}</div>}
          </div>
        </div>
      )}
      {proj.state.status === 'loading' && <div className="loading-bar" data-testid="project-loading" />}
      <StartScreen
        onOpen={(dir) => void proj.open(dir)}
        busy={proj.state.status === 'loading'}
        pathInputRef={pathInput}
      />
    </>
  );
}
