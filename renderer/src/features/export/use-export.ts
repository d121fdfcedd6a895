/**
 * Saving through `api.saveFile`: never overwrites unless the user confirmed; when the file
 * exists the call fails with `details.exists` and the dialog asks before retrying.
 */
import { useCallback, useState } from 'react';
import type { SaveFileResult } from '../../../../shared/api/contract';
import type { WhittleError } from '../../../../shared/api/result';
import { api } from '../../api';

export interface SaveJob {
  path: string;
  content: string;
}

export type ExportState =
  | { status: 'idle' }
  | { status: 'saving' }
  | { status: 'confirm'; jobs: SaveJob[]; existing: string[] }
  | { status: 'saved'; results: SaveFileResult[] }
  | { status: 'error'; error: WhittleError };

const exists = (e: WhittleError) =>
  e.code === 'IO_ERROR' && (e.details as { exists?: boolean } | undefined)?.exists === true;

/** `base`: the project folder, against which a relative path (e.g. `docker/Dockerfile`) resolves. */
export function useExport(onSaved: (results: SaveFileResult[]) => void, base?: string) {
  const [state, setState] = useState<ExportState>({ status: 'idle' });

  const save = useCallback(
    async (jobs: SaveJob[], overwrite: boolean) => {
      setState({ status: 'saving' });
      const results: SaveFileResult[] = [];
      const existing: string[] = [];
      for (const job of jobs) {
        const r = await api.saveFile({
          path: job.path,
          content: job.content,
          overwrite,
          ...(base ? { base } : {}),
        });
        if (r.ok) results.push(r.value);
        else if (exists(r.error)) existing.push(job.path);
        else {
          setState({ status: 'error', error: r.error });
          return;
        }
      }
      if (existing.length) {
        // Files that did not exist are written already; ask about the rest.
        setState({ status: 'confirm', jobs: jobs.filter((j) => existing.includes(j.path)), existing });
        if (results.length) onSaved(results);
        return;
      }
      setState({ status: 'saved', results });
      onSaved(results);
    },
    [onSaved, base],
  );

  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, save, reset };
}
