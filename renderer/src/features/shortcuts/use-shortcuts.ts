/**
 * App keyboard shortcuts: Ctrl/Cmd+O open, Ctrl/Cmd+B build, Ctrl/Cmd+S export. Listened for in
 * the capture phase so they work while Monaco has focus (it would otherwise see the keys first).
 */
import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  open?: () => void;
  build?: () => void;
  exportFile?: () => void;
}

const KEYS: Record<string, keyof ShortcutHandlers> = { o: 'open', b: 'build', s: 'exportFile' };

export function useShortcuts(handlers: ShortcutHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = navigator.platform.startsWith('Mac') ? e.metaKey : e.ctrlKey;
      if (!mod || e.altKey || e.shiftKey) return;
      const name = KEYS[e.key.toLowerCase()];
      const fn = name ? ref.current[name] : undefined;
      if (!fn) return;
      e.preventDefault();
      e.stopPropagation();
      fn();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
