/** Dockerfiles we should not even put in an editor: too large to read, or binary. */
import type { DockerfileEntry } from '../../../../shared/api/contract';
import { MAX_DOCKERFILE_CHARS } from '../../../../shared/dockerfile/parse';
import { formatBytes } from '../../../../shared/report/bytes';

export function dockerfileProblem(d: DockerfileEntry): string | null {
  if (d.sizeBytes > 0 && d.text === '') {
    return `${d.name} is ${formatBytes(d.sizeBytes)} — far larger than any real Dockerfile, so Whittle did not read it.`;
  }
  if (d.text.includes('\0')) return `${d.name} looks like a binary file, not a Dockerfile.`;
  if (d.text.length > MAX_DOCKERFILE_CHARS) {
    return `${d.name} is ${formatBytes(d.sizeBytes)}; Whittle analyses Dockerfiles up to ${formatBytes(MAX_DOCKERFILE_CHARS)}.`;
  }
  return null;
}
