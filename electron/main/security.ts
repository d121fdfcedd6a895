/**
 * Electron security checklist, written out: CSP on every response, no navigation away from our
 * page, no new windows, no permissions (camera, notifications, …), and only our own file://
 * page may call the API.
 */
import { pathToFileURL } from 'node:url';
import { app, session, type IpcMainInvokeEvent, type WebContents } from 'electron';

/** `connect-src` is absent: the Electron page talks only over IPC. */
export const CSP =
  "default-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; base-uri 'none'; form-action 'none'; object-src 'none'";

/** Applies the session-wide rules once, before any window exists. */
export function hardenSession(): void {
  const s = session.defaultSession;
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  s.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  // Covers every webContents, including any a bug might create: no navigation, no popups.
  app.on('web-contents-created', (_e: unknown, contents: WebContents) => {
    // Main loads pages with loadFile(), which does not fire this; anything the page starts is refused.
    contents.on('will-navigate', (e: { preventDefault(): void }) => e.preventDefault());
    contents.on('will-attach-webview', (e: { preventDefault(): void }) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/**
 * The trusted-sender check for register(): the call must come from one of our windows, from
 * a frame showing our own index.html.
 */
export function trustedSender(rendererIndex: string, windows: () => WebContents[]) {
  const ours = pathToFileURL(rendererIndex).href;
  return (event: IpcMainInvokeEvent): boolean => {
    const url = event.senderFrame?.url ?? '';
    const fromOurPage = url === ours || url.startsWith(`${ours}?`) || url.startsWith(`${ours}#`);
    return fromOurPage && windows().some((wc) => wc.id === event.sender.id);
  };
}
