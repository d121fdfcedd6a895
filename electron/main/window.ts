/** The main window: every security flag written out, state remembered, shown when painted. */
import { BrowserWindow } from 'electron';
import { loadWindowState, trackWindowState } from './window-state';

export interface WindowPaths {
  preload: string;
  rendererIndex: string;
  icon: string;
  userDataDir: string;
}

export function createMainWindow(paths: WindowPaths, devTools: boolean): BrowserWindow {
  const state = loadWindowState(paths.userDataDir);
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Whittle',
    icon: paths.icon,
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools,
    },
  });
  if (state.maximized) win.maximize();
  trackWindowState(win, paths.userDataDir);
  win.once('ready-to-show', () => win.show());
  return win;
}

/** Loads our page, optionally asking it to open a project (`?project=`). */
export function loadPage(win: BrowserWindow, rendererIndex: string, project: string | null): Promise<void> {
  return win.loadFile(rendererIndex, project ? { query: { project } } : undefined);
}
