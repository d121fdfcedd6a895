/** Reads what an analysis needs from a project folder: the Dockerfile, its context and `.whittle.yaml`. */
import path from 'node:path';
import type { ProjectContext } from '../../shared/api/contract';
import { DEFAULT_CONFIG, type WhittleConfig } from '../../shared/config/config';
import { readConfig, readDockerfile, readProjectContext } from './project';
import { withDaemonFacts, type BaseFactsSource } from './daemon-base-facts';

export interface LoadedProject {
  dir: string;
  dockerfilePath: string;
  text: string;
  context: ProjectContext;
  config: WhittleConfig;
  /** Where the base-image facts in `context.baseImages` came from (daemon or offline catalog). */
  facts: BaseFactsSource;
}

export async function loadProject(dir: string, dockerfile = 'Dockerfile'): Promise<LoadedProject> {
  const context = await readProjectContext(dir);
  const dockerfilePath = path.resolve(dir, dockerfile);
  const text = await readDockerfile(dockerfilePath);
  const config = (await readConfig(dir)) ?? DEFAULT_CONFIG;
  // The daemon's facts about the FROM images when it answers in time; the catalog otherwise.
  const withFacts = await withDaemonFacts(context, text);
  return { dir, dockerfilePath, text, context: withFacts.context, config, facts: withFacts.facts };
}
