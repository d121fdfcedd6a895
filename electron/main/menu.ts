/**
 * The native menu. Items whose work happens in the page (Export…) reach it as the same
 * keyboard shortcut the page already handles, so the preload can expose exactly WhittleApi and
 * nothing else. Opening a folder reloads the page with `?project=`.
 */
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openFolder: () => void;
  openRecent: (dir: string) => void;
  recent: string[];
  devTools: boolean;
  isMac: boolean;
  window: () => BrowserWindow | null;
}

function sendShortcut(win: BrowserWindow | null, key: string, isMac: boolean): void {
  const mod = isMac ? 'meta' : 'control';
  win?.webContents.sendInputEvent({ type: 'keyDown', keyCode: key, modifiers: [mod] });
  win?.webContents.sendInputEvent({ type: 'keyUp', keyCode: key, modifiers: [mod] });
}

export function buildMenu(a: MenuActions): Menu {
  const recent: MenuItemConstructorOptions[] = a.recent.length
    ? a.recent.map((dir) => ({ label: dir, click: () => a.openRecent(dir) }))
    : [{ label: 'No recent folders', enabled: false }];
  const template: MenuItemConstructorOptions[] = [
    ...(a.isMac ? [{ role: 'appMenu' }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: a.openFolder },
        { label: 'Open Recent', submenu: recent },
        { type: 'separator' },
        // The page owns Ctrl/Cmd+S; the accelerator is shown but left to the page.
        {
          label: 'Export…',
          accelerator: 'CmdOrCtrl+S',
          registerAccelerator: false,
          click: () => sendShortcut(a.window(), 'S', a.isMac),
        },
        {
          label: 'Build & Compare',
          accelerator: 'CmdOrCtrl+B',
          registerAccelerator: false,
          click: () => sendShortcut(a.window(), 'B', a.isMac),
        },
        { type: 'separator' },
        a.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(a.devTools ? [{ role: 'toggleDevTools' }] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
