/**
 * The ONE place that touches `window.whittle` (Electron's preload) or the bridge client
 * (browser). Everything else in the renderer imports `api` from here and sees only the contract.
 */
import type { WhittleApi } from '../../shared/api/contract';
import { bridgeInitialProject, createBridgeApi, takeToken } from './bridge-client';

declare global {
  interface Window {
    whittle?: WhittleApi;
  }
}

/** Which host serves this page. */
export const host: 'electron' | 'browser' = window.whittle ? 'electron' : 'browser';

const token = host === 'browser' ? takeToken() : null;

/** The API for this page, whichever host serves it. */
export const api: WhittleApi = window.whittle ?? createBridgeApi(token);

/**
 * The project to open at launch: Electron's main passes it as `?project=` on the page URL
 * (menu "Open Recent" reloads with it); else `restored`, the one this tab had open before a
 * reload; else the folder `whittle serve DIR` got (the bridge knows it).
 */
export async function initialProject(restored: string | null = null): Promise<string | null> {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('project');
  if (fromUrl) {
    url.searchParams.delete('project');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  if (restored) return restored;
  return host === 'browser' ? bridgeInitialProject(token) : null;
}
