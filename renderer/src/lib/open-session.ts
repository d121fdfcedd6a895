/**
 * The project (and Dockerfile) open in this tab, kept in sessionStorage so a reload reopens it,
 * as an editor window does after a reload; a compare still running there is then shown again.
 * sessionStorage is per tab and survives reloads, not a new tab or a restart.
 */
const KEY = 'whittle.open';

export interface OpenSession {
  dir: string;
  dockerfile: string | null;
}

/** The project this tab had open before a reload, or null. */
export function readOpenSession(): OpenSession | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as unknown;
    if (typeof v !== 'object' || v === null) return null;
    const { dir, dockerfile } = v as Record<string, unknown>;
    if (typeof dir !== 'string' || !dir) return null;
    return { dir, dockerfile: typeof dockerfile === 'string' ? dockerfile : null };
  } catch {
    return null;
  }
}

/** Remembers the open project (null: none is open). Storage failures are ignored (private modes). */
export function writeOpenSession(s: OpenSession | null): void {
  try {
    if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
    else sessionStorage.removeItem(KEY);
  } catch {
    // the reload then shows the start screen, as before
  }
}
