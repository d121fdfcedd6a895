/**
 * Electron entry (bundled to dist/electron/main.cjs). Thin: it owns the window, the menu and
 * the IPC registration; everything the app does lives in electron/core behind WhittleApi.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu } from 'electron';
import { API_METHODS, BUILD_PROGRESS_CHANNEL, type WhittleApi } from '../../shared/api/contract';
import { createDefaultApi, type HostedApi } from '../core/api';
import { buildMenu } from './menu';
import { registerApi } from './register';
import { hardenSession, trustedSender } from './security';
import { createMainWindow, loadPage } from './window';

const devTools = !app.isPackaged || process.env.WHITTLE_DEVTOOLS === '1';
const appRoot = app.getAppPath();
const paths = {
  preload: path.join(__dirname, 'preload.cjs'),
  rendererIndex: path.join(appRoot, 'dist', 'renderer', 'index.html'),
  icon: path.join(appRoot, 'assets', 'icon.png'),
  // WHITTLE_USER_DATA isolates test runs from the user's real recent list and window state.
  userDataDir: process.env.WHITTLE_USER_DATA ?? app.getPath('userData'),
  // Packaged builds ship the examples as plain files beside the asar (Docker needs real paths).
  examplesDir: app.isPackaged ? path.join(process.resourcesPath, 'examples') : path.join(appRoot, 'examples'),
};

let mainWindow: BrowserWindow | null = null;

/** The first command-line argument that is an existing folder (`whittle-app ./my-project`). */
function folderArg(argv: string[]): string | null {
  for (const a of argv.slice(app.isPackaged ? 1 : 2)) {
    if (a.startsWith('-')) continue;
    try {
      if (statSync(a).isDirectory()) return path.resolve(a);
    } catch {
      // not a path
    }
  }
  return null;
}

function openIn(dir: string | null): void {
  if (mainWindow) void loadPage(mainWindow, paths.rendererIndex, dir);
}

async function pickFolder(): Promise<string | null> {
  const win = mainWindow ?? BrowserWindow.getAllWindows()[0];
  if (!win) return null;
  const r = await dialog.showOpenDialog(win, {
    title: 'Open a project folder',
    properties: ['openDirectory'],
  });
  return r.canceled ? null : (r.filePaths[0] ?? null);
}

async function refreshMenu(api: WhittleApi): Promise<void> {
  const recent = await api.recentProjects();
  Menu.setApplicationMenu(
    buildMenu({
      openFolder: () => void pickFolder().then((dir) => dir && openIn(dir)),
      openRecent: (dir) => openIn(dir),
      recent: recent.ok ? recent.value : [],
      devTools,
      isMac: process.platform === 'darwin',
      window: () => mainWindow,
    }),
  );
}

function createApi(): HostedApi {
  const core = createDefaultApi({
    userDataDir: paths.userDataDir,
    examplesDir: paths.examplesDir,
    pickFolder,
  });
  return {
    ...core,
    // Opening a project changes the recent list: keep the menu in step.
    openProject: async (dir) => {
      const r = await core.openProject(dir);
      if (r.ok) void refreshMenu(core);
      return r;
    },
  };
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession();
  const api = createApi();
  // Quitting stops running compares and removes the images of the projects compared in this
  // run, unless the user kept them; the app exits once that is done.
  let cleanedUp = false;
  app.on('will-quit', (e) => {
    if (cleanedUp) return;
    e.preventDefault();
    cleanedUp = true;
    void api.shutdown().finally(() => app.quit());
  });
  registerApi(
    api,
    API_METHODS,
    trustedSender(paths.rendererIndex, () => (mainWindow ? [mainWindow.webContents] : [])),
  );
  api.onBuildProgress((event) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(BUILD_PROGRESS_CHANNEL, event);
  });
  await refreshMenu(api);
  mainWindow = createMainWindow(paths, devTools);
  mainWindow.on('closed', () => (mainWindow = null));
  await loadPage(mainWindow, paths.rendererIndex, folderArg(process.argv));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_e: unknown, argv: string[]) => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    const dir = folderArg(argv);
    if (dir) openIn(dir);
  });
  app.on('window-all-closed', () => app.quit());
  start().catch((err: unknown) => {
    dialog.showErrorBox(
      'Whittle could not start',
      err instanceof Error ? (err.stack ?? err.message) : String(err),
    );
    app.quit();
  });
}
