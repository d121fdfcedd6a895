/**
 * Maps an image's layers to the Dockerfile: image history (oldest first) minus the base
 * image's history gives the project's own entries; each is matched, in order, to the final
 * stage's instruction of the same kind, which gives its Dockerfile line. Entries that carry a
 * filesystem layer (RUN/COPY/ADD, or any non-zero size) line up with `RootFS.Layers`.
 */
import type Dockerode from 'dockerode';
import type { ImageReport, LayerInfo, RuntimeConfig } from '../../../shared/api/contract';
import { finalStage } from '../../../shared/dockerfile/model';
import { parseDockerfile } from '../../../shared/dockerfile/parse';

export interface HistoryEntry {
  createdBy: string;
  size: number;
}

/** The instruction keyword a history entry records (classic `#(nop)` form or BuildKit's). */
export function keywordOf(createdBy: string): string {
  const nop = /#\(nop\)\s+(\w+)/.exec(createdBy);
  if (nop) return nop[1]!.toUpperCase();
  const bk = /^(\w+)\s/.exec(createdBy.trim());
  if (
    bk &&
    /^(RUN|COPY|ADD|ENV|WORKDIR|USER|CMD|ENTRYPOINT|EXPOSE|LABEL|HEALTHCHECK|VOLUME|STOPSIGNAL|SHELL|ONBUILD|ARG)$/.test(
      bk[1]!,
    )
  ) {
    return bk[1]!;
  }
  return 'RUN'; // classic RUN: `/bin/sh -c …` or `|2 A=b /bin/sh -c …`
}

const carriesLayer = (e: HistoryEntry): boolean =>
  e.size > 0 || ['RUN', 'COPY', 'ADD'].includes(keywordOf(e.createdBy));

/** Short, readable instruction text for a history entry. */
export function instructionText(createdBy: string): string {
  const t = createdBy
    .replace(/^\|\d+ (\S+=\S* )*/, '')
    .replace(/^\/bin\/sh -c #\(nop\)\s+/, '')
    .replace(/^\/bin\/sh -c /, 'RUN ')
    .replace(/ # buildkit$/, '')
    .replace(/^RUN \/bin\/sh -c /, 'RUN ')
    .trim();
  return t.length > 160 ? `${t.slice(0, 157)}…` : t;
}

/**
 * Layers of the image, oldest first. `baseEntries` is how many history entries the base image
 * has (0 for scratch); `dockerfileText` is the text the image was built from.
 */
export function mapLayers(
  history: HistoryEntry[],
  baseEntries: number,
  dockerfileText: string,
  layerDigests: string[],
): LayerInfo[] {
  let ownIns: { keyword: string; line: number }[] = [];
  try {
    const stage = finalStage(parseDockerfile(dockerfileText));
    ownIns = stage.instructions
      .filter((i) => i.keyword !== 'ARG' && i.keyword !== 'ONBUILD')
      .map((i) => ({ keyword: i.keyword, line: i.startLine + 1 }));
  } catch {
    ownIns = [];
  }
  const entries = history.filter(carriesLayer);
  const useSizeOnly =
    entries.length !== layerDigests.length &&
    history.filter((e) => e.size > 0).length === layerDigests.length;
  const layered = useSizeOnly
    ? history.map((e, i) => ({ e, i })).filter(({ e }) => e.size > 0)
    : history.map((e, i) => ({ e, i })).filter(({ e }) => carriesLayer(e));
  // Match own history entries to instructions in order, by keyword.
  const lineOf = new Map<number, number>();
  let cursor = 0;
  history.forEach((e, i) => {
    if (i < baseEntries) return;
    const kw = keywordOf(e.createdBy);
    const j = ownIns.findIndex((ins, k) => k >= cursor && ins.keyword === kw);
    if (j >= 0) {
      lineOf.set(i, ownIns[j]!.line);
      cursor = j + 1;
    }
  });
  return layered.map(({ e, i }, index) => ({
    index,
    instruction: instructionText(e.createdBy),
    line: i < baseEntries ? null : (lineOf.get(i) ?? null),
    sizeBytes: e.size,
    isBase: i < baseEntries,
    ...(layerDigests[index] ? { digest: layerDigests[index] } : {}),
  }));
}

/** Runtime configuration as `docker run` sees it. */
export function runtimeConfig(inspect: Dockerode.ImageInspectInfo): RuntimeConfig {
  const c = inspect.Config ?? ({} as Dockerode.ImageInspectInfo['Config']);
  return {
    user: c.User ?? '',
    cmd: c.Cmd ?? null,
    entrypoint: (c.Entrypoint as string[] | null | undefined) ?? null,
    exposedPorts: Object.keys(c.ExposedPorts ?? {}).sort(),
    envKeys: (c.Env ?? []).map((e) => e.split('=')[0]!).sort(),
    workdir: c.WorkingDir ?? '',
    healthcheck: (c as { Healthcheck?: { Test?: string[] } }).Healthcheck?.Test ?? null,
  };
}

/** Number of history entries of an image (0 when it is absent, e.g. scratch). */
export async function historyLength(docker: Dockerode, ref: string): Promise<number> {
  if (ref === 'scratch') return 0;
  try {
    return (await docker.getImage(ref).history()).length;
  } catch {
    return 0;
  }
}

/** The full report of a built image. */
export async function imageReport(
  docker: Dockerode,
  imageId: string,
  tag: string,
  dockerfileText: string,
): Promise<ImageReport> {
  const img = docker.getImage(imageId);
  const [inspect, hist] = await Promise.all([img.inspect(), img.history()]);
  const history: HistoryEntry[] = (hist as { CreatedBy: string; Size: number }[])
    .reverse()
    .map((h) => ({ createdBy: h.CreatedBy ?? '', size: h.Size ?? 0 }));
  let base = 0;
  try {
    base = await historyLength(docker, finalStage(parseDockerfile(dockerfileText)).image.raw);
  } catch {
    base = 0;
  }
  const layers = mapLayers(
    history,
    Math.min(base, history.length),
    dockerfileText,
    inspect.RootFS?.Layers ?? [],
  );
  return {
    imageId,
    tag,
    sizeBytes: inspect.Size,
    baseSizeBytes: layers.filter((l) => l.isBase).reduce((s, l) => s + l.sizeBytes, 0),
    layers,
    config: runtimeConfig(inspect),
  };
}
