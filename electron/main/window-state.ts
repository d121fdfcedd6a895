/** Remembers the window's size, position and maximised state between launches (JSON in userData). */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Rectangle } from 'electron';

export interface WindowState {
  bounds: Partial<Rectangle> & { width: number; height: number };
  maximized: boolean;
}

const DEFAULT: WindowState = { bounds: { width: 1400, height: 900 }, maximized: false };
const FILE = 'window-state.json';

function valid(s: unknown): s is WindowState {
  const b = (s as WindowState | null)?.bounds;
  return !!b && Number.isFinite(b.width) && Number.isFinite(b.height) && b.width >= 400 && b.height >= 300;
}

/** Reads the saved state synchronously (it is needed before the window exists). */
export function loadWindowState(userDataDir: string): WindowState {
  try {
    const s: unknown = JSON.parse(readFileSync(path.join(userDataDir, FILE), 'utf8'));
    return valid(s) ? s : DEFAULT;
  } catch {
    return DEFAULT;
  }
}

/** Saves the state when the window closes. */
export function trackWindowState(win: BrowserWindow, userDataDir: string): void {
  win.on('close', () => {
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    // Synchronous: the app may quit right after this event, before an async write finishes.
    try {
      mkdirSync(userDataDir, { recursive: true });
      const file = path.join(userDataDir, FILE);
      writeFileSync(`${file}.tmp`, JSON.stringify(state));
      renameSync(`${file}.tmp`, file);
    } catch {
      // losing the window position is not worth an error dialog
    }
  });
}
