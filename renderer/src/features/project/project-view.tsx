/** An open project: header, Docker banner, and the workspace for the selected Dockerfile (or an empty state). */
import type { DockerfileEntry, ProjectInfo } from '../../../../shared/api/contract';
import { DockerBanner } from '../docker/docker-banner';
import type { useDockerStatus } from '../docker/use-docker-status';
import { useShortcuts } from '../shortcuts/use-shortcuts';
import { dockerfileProblem } from './dockerfile-problem';
import { DockerfileWorkspace } from './dockerfile-workspace';
import { ProjectHeader } from './project-header';

interface Props {
  project: ProjectInfo;
  dockerfile: DockerfileEntry | null;
  onSelect: (name: string) => void;
  onClose: () => void;
  /** Ctrl/Cmd+O: back to the start screen with the path field focused (defaults to onClose). */
  onOpenShortcut?: () => void;
  /** Whittle wrote the project's .dockerignore with this text. */
  onDockerignoreSaved?: (text: string) => void;
  docker: ReturnType<typeof useDockerStatus>;
}

function EmptyProject({ project, onClose }: { project: ProjectInfo; onClose: () => void }) {
  useShortcuts({ open: onClose });
  return (
    <div className="empty-state card" data-testid="empty-project">
      <h2>No Dockerfile in this folder</h2>
      <p className="muted">
        Whittle looks for <code>Dockerfile</code>, <code>Containerfile</code>, <code>*.Dockerfile</code> and{' '}
        <code>Dockerfile.*</code> at the top of <code>{project.dir}</code>
        {project.context.files.length === 0 ? ', which is empty.' : '.'}
      </p>
      <button type="button" onClick={onClose}>
        Open another folder
      </button>
    </div>
  );
}

function ProblemFile({ message, onClose }: { message: string; onClose: () => void }) {
  useShortcuts({ open: onClose });
  return (
    <div className="banner banner-error" role="alert" data-testid="dockerfile-unreadable">
      <div>
        <strong>This file cannot be analysed.</strong> {message}
      </div>
    </div>
  );
}

export function ProjectView({
  project,
  dockerfile,
  onSelect,
  onClose,
  onOpenShortcut,
  onDockerignoreSaved,
  docker,
}: Props) {
  const openShortcut = onOpenShortcut ?? onClose;
  const problem = dockerfile ? dockerfileProblem(dockerfile) : null;
  return (
    <div className="project" data-testid="project-view">
      <ProjectHeader
        project={project}
        selected={dockerfile?.name ?? null}
        onSelect={onSelect}
        onClose={onClose}
        docker={docker.state}
      />
      <DockerBanner state={docker.state} onRetry={() => void docker.refresh()} />
      {!dockerfile ? (
        <EmptyProject project={project} onClose={openShortcut} />
      ) : problem ? (
        <ProblemFile message={problem} onClose={openShortcut} />
      ) : (
        <DockerfileWorkspace
          key={`${project.dir}::${dockerfile.name}`}
          project={project}
          dockerfile={dockerfile}
          buildkit={docker.buildkit}
          dockerReachable={docker.reachable}
          onOpenShortcut={openShortcut}
          onDockerignoreSaved={onDockerignoreSaved}
          onDockerLost={docker.refresh}
        />
      )}
    </div>
  );
}
