/** Reads what an analysis needs from a project folder: the Dockerfile, its context and `.whittle.yaml`. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ProjectContext } from '../../shared/api/contract';
import { DEFAULT_CONFIG, parseConfig, type WhittleConfig } from '../../shared/config/config';
import { readDockerfile, readProjectContext } from './project';

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
  let config = DEFAULT_CONFIG;
  for (const name of ['.whittle.yaml', '.whittle.yml']) {
    const cfg = await fs.readFile(path.join(dir, name), 'utf8').catch(() => null);
    if (cfg !== null) {
      config = parseConfig(cfg);
      break;
    }
  }
  return { dir, dockerfilePath, text, context, config };
}
