/** The contents of one selected layer (`api.layerFiles`), cached per image+layer. */
import { useCallback, useRef, useState } from 'react';
import type { LayerContents } from '../../../../shared/api/contract';
import { api } from '../../api';
import type { AsyncState } from '../../lib/result-state';
import type { LayerRow } from './chart-data';

export function useLayerFiles() {
  const [selected, setSelected] = useState<LayerRow | null>(null);
  const [state, setState] = useState<AsyncState<LayerContents>>({ status: 'idle' });
  const cache = useRef(new Map<string, LayerContents>());
  const latest = useRef<string | null>(null);

  const select = useCallback(async (row: LayerRow) => {
    const key = `${row.imageId}#${row.layer.index}`;
    latest.current = key;
    setSelected(row);
    const hit = cache.current.get(key);
    if (hit) {
      setState({ status: 'ok', value: hit });
      return;
    }
    setState({ status: 'loading' });
    const r = await api.layerFiles({ imageId: row.imageId, layerIndex: row.layer.index });
    if (latest.current !== key) return;
    if (r.ok) cache.current.set(key, r.value);
    setState(r.ok ? { status: 'ok', value: r.value } : { status: 'error', error: r.error });
  }, []);

  const close = useCallback(() => {
    latest.current = null;
    setSelected(null);
    setState({ status: 'idle' });
  }, []);

  return { selected, state, select, close };
}
