/**
 * Preload (bundled to one CJS file: sandboxed preloads cannot require our modules). Exposes
 * exactly `window.whittle: WhittleApi` — each method an `invoke` on its derived channel, the
 * one push event a filtered subscription — and no Electron object itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  API_METHODS,
  BUILD_PROGRESS_CHANNEL,
  channelOf,
  type BuildProgressEvent,
  type WhittleApi,
} from '../../shared/api/contract';

const api: Record<string, unknown> = {};
for (const m of API_METHODS) {
  api[m] = (...args: unknown[]) => ipcRenderer.invoke(channelOf(m), ...args);
}
api.onBuildProgress = (cb: (e: BuildProgressEvent) => void): (() => void) => {
  // Wrap so the page never sees the IpcRendererEvent (it carries `sender`).
  const listener = (_e: IpcRendererEvent, event: unknown) => cb(event as BuildProgressEvent);
  ipcRenderer.on(BUILD_PROGRESS_CHANNEL, listener);
  return () => {
    ipcRenderer.removeListener(BUILD_PROGRESS_CHANNEL, listener);
  };
};

contextBridge.exposeInMainWorld('whittle', api as unknown as WhittleApi);
