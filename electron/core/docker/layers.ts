/**
 * Maps an image's layers to the Dockerfile: image history (oldest first) minus the base
 * image's history gives the project's own entries; each is matched, in order, to the final
 * stage's instruction of the same kind, which gives its Dockerfile line. Entries that carry a
 * filesystem layer (RUN/COPY/ADD, or any non-zero size) line up with `RootFS.Layers`.
 */
import type Dockerode from 'dockerode';
import type { ImageReport, LayerInfo, RuntimeConfig } from '../../../shared/api/contract';
import type { ImageContents } from '../../../shared/layers/types';
import { finalStage, type DockerfileModel, type Instruction } from '../../../shared/dockerfile/model';
import { parseDockerfile } from '../../../shared/dockerfile/parse';

/** One `image.history()` entry, oldest first: the command the builder recorded and its size. */
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

// WORKDIR adds a layer (in both builders) when it creates its directory.
const MAY_ADD_LAYER = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);

/**
 * Indexes of the history entries that carry the image's `layerCount` filesystem layers. The Engine
 * API's history has no `empty_layer` flag and shows 0 B for a layer of only directories, empty files
 * or deletions, so a sized entry always carries one and a 0 B RUN/COPY/ADD/WORKDIR may. Both builders
 * drop empty diffs; when the candidates still outnumber the layers, 0 B WORKDIRs (the directory
 * already existed) are the likeliest to have added nothing.
 */
function layerCarriers(history: HistoryEntry[], layerCount: number): number[] {
  const all = history.map((e, i) => ({ i, size: e.size, kw: keywordOf(e.createdBy) }));
  const options = [
    all.filter((x) => x.size > 0 || MAY_ADD_LAYER.has(x.kw)),
    all.filter((x) => x.size > 0),
    all.filter((x) => x.size > 0 || (MAY_ADD_LAYER.has(x.kw) && x.kw !== 'WORKDIR')),
  ];
  const fit = layerCount ? options.find((o) => o.length === layerCount) : undefined;
  return (fit ?? options[0]!).map((x) => x.i);
}

/**
 * The final stage's base image and the instructions that built on it, following `FROM <earlier
 * stage>` links: `FROM deps` starts from everything the `deps` stage did, not from an image named deps.
 */
export function finalChain(model: DockerfileModel): { base: string; instructions: Instruction[] } {
  let stage = finalStage(model);
  const instructions = [...stage.instructions];
  for (;;) {
    const ref = stage.image.raw.toLowerCase();
    const parent = model.stages.find((s) => s.index < stage.index && s.name?.toLowerCase() === ref);
    if (!parent) return { base: stage.image.raw, instructions };
    instructions.unshift(...parent.instructions);
    stage = parent;
  }
}

/** Short, readable instruction text for a history entry. */
export function instructionText(createdBy: string): string {
  const t = createdBy
    .replace(/^\|\d+ (\S+=\S* )*/, '')
    .replace(/^\/bin\/sh -c #\(nop\)\s+/, '')
    .replace(/^\/bin\/sh -c /, 'RUN ')
    .replace(/ # buildkit$/, '')
    // BuildKit records build args as `RUN |1 A=b /bin/sh -c …`, like the classic builder without RUN.
    .replace(/^RUN \|\d+ (\S+=\S* )*/, 'RUN ')
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
    ownIns = finalChain(parseDockerfile(dockerfileText))
      .instructions.filter((i) => i.keyword !== 'ARG' && i.keyword !== 'ONBUILD')
      .map((i) => ({ keyword: i.keyword, line: i.startLine + 1 }));
  } catch {
    ownIns = [];
  }
  const layered = layerCarriers(history, layerDigests.length).map((i) => ({ e: history[i]!, i }));
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
  const history: HistoryEntry[] = (hist as { CreatedBy?: string; Size?: number; Comment?: string }[])
    .reverse()
    // `docker import`ed and some vendor base layers record no command, only a comment
    // ("Imported from -"); show that rather than an empty instruction.
    .map((h) => ({ createdBy: h.CreatedBy || (h.Comment ? `(${h.Comment})` : ''), size: h.Size ?? 0 }));
  let base = 0;
  try {
    base = await historyLength(docker, finalChain(parseDockerfile(dockerfileText)).base);
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

/**
 * The report's layers with the bytes each stores under each cache (`cacheBytes`), taken from the
 * layer analysis of the same image (its layers line up with `LayerInfo.index`).
 */
export function withLayerCaches(layers: LayerInfo[], contents: Pick<ImageContents, 'layers'>): LayerInfo[] {
  return layers.map((l) => {
    const cache = contents.layers[l.index]?.cacheBytes;
    return cache ? { ...l, cacheBytes: cache } : l;
  });
}
