/** One layer's largest files and directories and the bytes it stores that a later layer hides. */
import type { FileEntry, LayerContents } from '../../../../shared/api/contract';
import { formatBytes } from '../../../../shared/report/bytes';
import type { AsyncState } from '../../lib/result-state';
import type { LayerRow } from './chart-data';
import { emptyLayerNote } from './layer-summary';

interface Props {
  row: LayerRow;
  state: AsyncState<LayerContents>;
  onClose: () => void;
}

function FileTable({ title, files, testid }: { title: string; files: FileEntry[]; testid: string }) {
  if (files.length === 0) return null;
  return (
    <div>
      <h4>{title}</h4>
      <table className="files" data-testid={testid}>
        <tbody>
          {files.slice(0, 15).map((f) => (
            <tr key={f.path}>
              <td className="path">
                <code>{f.path}</code>
              </td>
              <td className="num">{formatBytes(f.sizeBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LayerFilesPanel({ row, state, onClose }: Props) {
  return (
    <section className="card layer-files" data-testid="layer-files">
      <header className="row">
        <h3>
          {row.variant === 'original' ? 'Original' : 'Optimized'} · layer {row.layer.index}{' '}
          <span className="muted">({formatBytes(row.sizeBytes)})</span>
        </h3>
        <button type="button" onClick={onClose} aria-label="Close layer files">
          Close
        </button>
      </header>
      <code className="instruction">{row.layer.instruction || '(base image layer)'}</code>
      {state.status === 'loading' && <p className="muted">Reading the layer…</p>}
      {state.status === 'error' && (
        <p className="error" data-testid="layer-files-error">
          {state.error.message}
        </p>
      )}
      {state.status === 'ok' && (
        <>
          <p data-testid="layer-wasted">
            Wasted (hidden by a later layer): <strong>{formatBytes(state.value.reclaimableBytes)}</strong> ·
            added {state.value.counts.added.toLocaleString()}, changed{' '}
            {state.value.counts.changed.toLocaleString()}, removed{' '}
            {state.value.counts.removed.toLocaleString()} (files and folders)
          </p>
          <div className="files-grid">
            <FileTable title="Largest files" files={state.value.largestFiles} testid="largest-files" />
            <FileTable title="Largest folders" files={state.value.largestDirs} testid="largest-dirs" />
          </div>
          {emptyLayerNote(state.value) && (
            <p className="muted" data-testid="layer-no-files">
              {emptyLayerNote(state.value)}
            </p>
          )}
        </>
      )}
    </section>
  );
}
