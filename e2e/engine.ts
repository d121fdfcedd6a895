/**
 * What the tests read on the Docker engine itself (DOCKER_HOST), to check what the UI says:
 * the images Whittle labelled for a project folder, tagged or not.
 */
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@playwright/test';
import { LABEL_PROJECT } from '../electron/core/docker/build';
import { connect } from '../electron/core/docker/connection';

const docker = connect();

export interface EngineImage {
  id: string;
  /** Tags, without `<none>:<none>`. */
  tags: string[];
}

/** Images carrying Whittle's project label for `dir` (dangling ones included). */
export async function projectImages(dir: string): Promise<EngineImage[]> {
  const list = await docker.listImages({
    filters: JSON.stringify({ label: [`${LABEL_PROJECT}=${path.resolve(dir)}`] }),
  } as Parameters<typeof docker.listImages>[0]);
  return list.map((i) => ({ id: i.Id, tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>') }));
}

/** Waits until the project's images satisfy `check` (polling the engine). */
export async function expectImages(
  dir: string,
  check: (images: EngineImage[]) => void,
  timeout = 60_000,
): Promise<void> {
  await expect(async () => check(await projectImages(dir))).toPass({ timeout, intervals: [250, 500, 1000] });
}

/** Removes what a test left (by id, without force; used only on its own throwaway folders). */
export async function removeProjectImages(dir: string): Promise<void> {
  for (const img of await projectImages(dir)) {
    for (const t of img.tags)
      await docker
        .getImage(t)
        .remove()
        .catch(() => undefined);
    await docker
      .getImage(img.id)
      .remove()
      .catch(() => undefined);
  }
}

/**
 * A tiny project on busybox whose build runs `sleep` for `sleepS` seconds in a RUN step. A
 * random stamp file is copied first, so that step never comes from the build cache.
 */
export function sleepyProject(prefix: string, sleepS: number): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), `whittle-e2e-${prefix}-`)));
  writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM busybox:1\nCOPY stamp.txt /stamp.txt\nRUN sleep ${sleepS} && echo built > /built.txt\nCMD ["sleep", "3600"]\n`,
  );
  restamp(dir);
  return dir;
}

/** A new stamp: the next build of the project makes new images. */
export function restamp(dir: string): void {
  writeFileSync(path.join(dir, 'stamp.txt'), `${Date.now()} ${Math.random()}\n`);
}
