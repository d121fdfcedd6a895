/** Project bar: name and folder, its Dockerfiles as tabs, the .dockerignore, and the main actions. */
import type { DockerStatus, ProjectInfo } from '../../../../shared/api/contract';
import type { AsyncState } from '../../lib/result-state';
import { DockerPill } from '../docker/docker-pill';

interface Props {
  project: ProjectInfo;
  selected: string | null;
  onSelect: (name: string) => void;
  onClose: () => void;
  docker: AsyncState<DockerStatus>;
}

export function ProjectHeader({ project, selected, onSelect, onClose, docker }: Props) {
  const ignore = project.context.dockerignore;
  return (
    <header className="project-header" data-testid="project-header">
      <div className="project-title">
        <button
          type="button"
          className="link back"
          onClick={onClose}
          title="Open another folder (Ctrl/Cmd+O)"
          data-testid="back"
        >
          ← Projects
        </button>
        <h1 data-testid="project-name">{project.name}</h1>
        <code className="muted small" title={project.dir}>
          {project.dir}
        </code>
      </div>
      <nav className="dockerfile-tabs" aria-label="Dockerfiles" data-testid="dockerfile-tabs">
        {project.dockerfiles.map((d) => (
          <button
            type="button"
            key={d.name}
            className={`tab ${d.name === selected ? 'active' : ''}`}
            aria-pressed={d.name === selected}
            onClick={() => onSelect(d.name)}
            data-testid={`dockerfile-tab-${d.name}`}
          >
            {d.name}
          </button>
        ))}
        <span
          className={`pill ${ignore === null ? 'pill-bad' : ''}`}
          title={ignore ?? 'This project has no .dockerignore: the whole folder is sent to the builder.'}
          data-testid="dockerignore-status"
        >
          {ignore === null
            ? 'no .dockerignore'
            : `.dockerignore · ${ignore.split('\n').filter((l) => l.trim() && !l.startsWith('#')).length} rules`}
        </span>
        <DockerPill state={docker} />
      </nav>
    </header>
  );
}
