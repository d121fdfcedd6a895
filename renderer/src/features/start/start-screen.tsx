/** The start screen: open a folder (native picker or a path field), recent folders, examples. */
import { useRef, useState, type FormEvent } from 'react';
import { api, host } from '../../api';
import { useStartData } from './use-start-data';

interface Props {
  onOpen: (dir: string) => void;
  /** Set while a project is loading or failed to load. */
  busy: boolean;
  /** Lets the app's Ctrl/Cmd+O focus the path field in the browser. */
  pathInputRef?: React.RefObject<HTMLInputElement | null>;
}

export function StartScreen({ onOpen, busy, pathInputRef }: Props) {
  const { examples, recent } = useStartData();
  const [path, setPath] = useState('');
  const localRef = useRef<HTMLInputElement>(null);
  const inputRef = pathInputRef ?? localRef;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) onOpen(path.trim());
  };
  const pick = async () => {
    const r = await api.pickFolder();
    if (r.ok && r.value) onOpen(r.value);
    else inputRef.current?.focus();
  };

  return (
    <main className="start" data-testid="start-screen">
      <section className="start-hero">
        <h1>Make your Docker image small.</h1>
        <p className="muted">
          Whittle reads a project&apos;s Dockerfile, explains every size problem, writes an optimized one,
          builds both and shows you the difference, layer by layer.
        </p>
      </section>

      <section className="card start-open">
        <h2>Open a project folder</h2>
        {host === 'electron' && (
          <button type="button" className="primary" onClick={pick} disabled={busy} data-testid="pick-folder">
            Open Folder…
          </button>
        )}
        <form onSubmit={submit} className="path-form">
          <input
            ref={inputRef}
            type="text"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/path/to/project (a folder with a Dockerfile)"
            aria-label="Project folder path"
            spellCheck={false}
            data-testid="path-input"
          />
          <button
            type="submit"
            className={host === 'browser' ? 'primary' : ''}
            disabled={busy || !path.trim()}
            data-testid="path-open"
          >
            Open
          </button>
        </form>
        {recent.length > 0 && (
          <div className="recent">
            <h3>Recent</h3>
            <ul data-testid="recent-list">
              {recent.map((dir) => (
                <li key={dir}>
                  <button type="button" className="link" onClick={() => onOpen(dir)} title={dir}>
                    {dir}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>

      <section className="start-examples">
        <h2>Or try an example</h2>
        {examples === null ? (
          <p className="muted">Loading examples…</p>
        ) : examples.length === 0 ? (
          <p className="muted">No bundled examples found.</p>
        ) : (
          <div className="example-grid" data-testid="examples">
            {examples.map((ex) => (
              <button
                type="button"
                key={ex.name}
                className="example card"
                onClick={() => onOpen(ex.dir)}
                disabled={busy}
                data-testid={`example-${ex.name}`}
              >
                <strong>{ex.name}</strong>
                <span className="muted">{ex.description}</span>
              </button>
            ))}
          </div>
        )}
      </section>
    </main>
  );
}
