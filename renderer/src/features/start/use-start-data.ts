/** What the start screen lists: bundled examples and recently opened folders. */
import { useEffect, useState } from 'react';
import type { ExampleInfo } from '../../../../shared/api/contract';
import { api } from '../../api';

export function useStartData() {
  const [examples, setExamples] = useState<ExampleInfo[] | null>(null);
  const [recent, setRecent] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    void api.listExamples().then((r) => live && setExamples(r.ok ? r.value : []));
    void api.recentProjects().then((r) => live && r.ok && setRecent(r.value));
    return () => {
      live = false;
    };
  }, []);
  return { examples, recent };
}
