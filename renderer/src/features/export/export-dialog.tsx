/**
 * Export: write the optimized Dockerfile into the project (`Dockerfile.whittle` by default, or
 * over the Dockerfile after a confirm — a `.bak` is kept) or to a chosen path, optionally with
 * the proposed .dockerignore; copy it; save or copy the Markdown report.
 */
import { useEffect, useRef, useState } from 'react';
import type { SaveFileResult } from '../../../../shared/api/contract';
import { hintFor } from '../../lib/errors';
import { joinPath } from './join-path';
import { useExport, type SaveJob } from './use-export';

type Target = 'whittle' | 'overwrite' | 'custom';

interface Props {
  dir: string;
  dockerfileName: string;
  text: string;
  dockerignore: string | null;
  report: () => string;
  onSaved: (results: SaveFileResult[]) => void;
  onClose: () => void;
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function ExportDialog({ dir, dockerfileName, text, dockerignore, report, onSaved, onClose }: Props) {
  const [target, setTarget] = useState<Target>('whittle');
  const [custom, setCustom] = useState(joinPath(dir, `${dockerfileName}.whittle`));
  const [withIgnore, setWithIgnore] = useState(dockerignore !== null);
  const [confirmOverwrite, setConfirmOverwrite] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const { state, save, reset } = useExport(onSaved, dir);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const dockerfilePath =
    target === 'whittle'
      ? joinPath(dir, `${dockerfileName}.whittle`)
      : target === 'overwrite'
        ? joinPath(dir, dockerfileName)
        : custom;
  const jobs = (): SaveJob[] => {
    const list: SaveJob[] = [{ path: dockerfilePath, content: text }];
    if (withIgnore && dockerignore !== null)
      list.push({ path: joinPath(dir, '.dockerignore'), content: dockerignore });
    return list;
  };

  const onSave = () => {
    setNote(null);
    if (target === 'overwrite' && !confirmOverwrite) {
      reset(); // an earlier "Saved" would otherwise hide the confirmation
      setConfirmOverwrite(true);
      return;
    }
    void save(jobs(), target === 'overwrite');
  };

  return (
    <dialog
      ref={dialog}
      className="export-dialog"
      onClose={onClose}
      data-testid="export-dialog"
      aria-labelledby="export-title"
    >
      <h2 id="export-title">Export the optimized Dockerfile</h2>
      <fieldset>
        <label>
          <input
            type="radio"
            name="target"
            checked={target === 'whittle'}
            onChange={() => setTarget('whittle')}
            data-testid="target-whittle"
          />
          <code>{dockerfileName}.whittle</code> next to the original{' '}
          <span className="muted">(recommended)</span>
        </label>
        <label>
          <input
            type="radio"
            name="target"
            checked={target === 'overwrite'}
            onChange={() => {
              setTarget('overwrite');
              setConfirmOverwrite(false);
            }}
            data-testid="target-overwrite"
          />
          Replace <code>{dockerfileName}</code>{' '}
          <span className="muted" data-testid="backup-note">
            (the current one is kept as a backup: {dockerfileName}.bak, or {dockerfileName}.bak.2, … when that
            exists; the name is shown after saving)
          </span>
        </label>
        <label>
          <input
            type="radio"
            name="target"
            checked={target === 'custom'}
            onChange={() => setTarget('custom')}
            data-testid="target-custom"
          />
          Another path
        </label>
        {target === 'custom' && (
          <input
            type="text"
            className="wide"
            value={custom}
            onChange={(e) => setCustom(e.target.value)}
            spellCheck={false}
            aria-label="Export path"
            data-testid="custom-path"
          />
        )}
        {target === 'custom' && (
          <span className="muted small">
            A relative path is taken inside the project folder; <code>~</code> is your home folder.
          </span>
        )}
      </fieldset>
      {dockerignore !== null && (
        <label className="check">
          <input
            type="checkbox"
            checked={withIgnore}
            onChange={(e) => setWithIgnore(e.target.checked)}
            data-testid="with-dockerignore"
          />
          Also write the proposed <code>.dockerignore</code>
        </label>
      )}

      {confirmOverwrite && target === 'overwrite' && state.status !== 'saved' && (
        <p className="banner banner-warn" data-testid="confirm-overwrite">
          Replace <code>{dockerfileName}</code>? The current file is kept as a backup next to it (
          <code>{dockerfileName}.bak</code> or the next free <code>.bak.N</code>).
        </p>
      )}
      {state.status === 'confirm' && (
        <div className="banner banner-warn" data-testid="confirm-exists">
          <span>
            Already exists:{' '}
            {state.existing.map((p) => (
              <code key={p}>{p} </code>
            ))}
            . Overwrite (a <code>.bak</code> copy is kept)?
          </span>
          <button type="button" onClick={() => void save(state.jobs, true)} data-testid="confirm-exists-yes">
            Overwrite
          </button>
        </div>
      )}
      {state.status === 'saved' && (
        <div className="banner banner-ok" data-testid="export-saved">
          Saved{' '}
          {state.results.map((r) => (
            <span key={r.path}>
              <code>{r.path}</code>
              {r.backupPath ? (
                <>
                  {' '}
                  (backup: <code>{r.backupPath}</code>)
                </>
              ) : null}{' '}
            </span>
          ))}
        </div>
      )}
      {state.status === 'error' && (
        <p className="banner banner-error" data-testid="export-error">
          {state.error.message} {hintFor(state.error.code)}
        </p>
      )}
      {note && (
        <p className="muted small" data-testid="export-note">
          {note}
        </p>
      )}

      <div className="dialog-actions">
        <button
          type="button"
          onClick={async () =>
            setNote(
              (await copy(text))
                ? 'Dockerfile copied to the clipboard.'
                : 'Copy failed: the clipboard is not available here.',
            )
          }
          data-testid="copy-dockerfile"
        >
          Copy Dockerfile
        </button>
        <button
          type="button"
          onClick={async () =>
            setNote(
              (await copy(report()))
                ? 'Report copied to the clipboard.'
                : 'Copy failed: the clipboard is not available here.',
            )
          }
          data-testid="copy-report"
        >
          Copy report
        </button>
        <button
          type="button"
          onClick={() => void save([{ path: joinPath(dir, 'whittle-report.md'), content: report() }], true)}
          data-testid="save-report"
        >
          Save report (whittle-report.md)
        </button>
        <span className="spacer" />
        <button type="button" onClick={() => dialog.current?.close()} data-testid="export-close">
          Close
        </button>
        <button
          type="button"
          className="primary"
          onClick={onSave}
          disabled={state.status === 'saving'}
          data-testid="export-save"
        >
          {confirmOverwrite && target === 'overwrite' ? `Replace ${dockerfileName}` : 'Save'}
        </button>
      </div>
    </dialog>
  );
}
