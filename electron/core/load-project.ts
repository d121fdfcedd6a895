/** Reads what an analysis needs from a project folder: the Dockerfile, its context and `.whittle.yaml`. */
import path from 'node:path';
import type { ProjectContext } from '../../shared/api/contract';
import { DEFAULT_CONFIG, type WhittleConfig } from '../../shared/config/config';
import { readConfig, readDockerfile, readProjectContext } from './project';

export interface LoadedProject {
  dir: string;
  dockerfilePath: string;
  text: string;
  context: ProjectContext;
  config: WhittleConfig;
}

export async function loadProject(dir: string, dockerfile = 'Dockerfile'): Promise<LoadedProject> {
  const context = await readProjectContext(dir);
  const dockerfilePath = path.resolve(dir, dockerfile);
  const text = await readDockerfile(dockerfilePath);
  const config = (await readConfig(dir)) ?? DEFAULT_CONFIG;
  return { dir, dockerfilePath, text, context, config };
}
