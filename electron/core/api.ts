/**
 * Composition: the one WhittleApi over the core modules (project files, Docker service, layer
 * contents, export, recent projects, examples). Both hosts — Electron's main process and the
 * browser bridge — wrap exactly this object, so they cannot drift apart.
 *
 * The core methods may throw (WhittleFailure or anything else); `wrapApi` turns every throw into
 * a failed Result so the API contract "every method resolves to a Result" holds here, before
 * any host sees it.
 */
import type {
  BuildProgressEvent,
  BuildRequest,
  CompareReport,
  CompareRequest,
  DockerStatus,
  ImageReport,
  LayerContents,
  LayerFilesRequest,
  WhittleApi,
} from '../../shared/api/contract';
import { ok, toWhittleError, WhittleFailure, type Result } from '../../shared/api/result';
import Dockerode from 'dockerode';
import { createCompareSessions } from './compare-sessions';
import { DockerService } from './docker/service';
import { listExamples } from './examples';
import { analyzeImage, type ImageContents } from './layers/analyze-image';
import { openProject } from './project';
import { createRecentProjects } from './recent';
import { assertExportable } from './export-policy';
import { resolveSavePath } from './resolve-save-path';
import { saveFile } from './save-file';

/** What the API needs from the Docker service (electron/core/docker), as a port so hosts and tests can supply it. */
export interface DockerPort {
  status(): Promise<DockerStatus>;
  build(req: BuildRequest, onProgress: (e: BuildProgressEvent) => void): Promise<ImageReport>;
  compare(req: CompareRequest, onProgress: (e: BuildProgressEvent) => void): Promise<CompareReport>;
  /** True when a running build with that id was found and cancelled. */
  cancel(buildId: string): Promise<boolean>;
  layerFiles(req: LayerFilesRequest): Promise<LayerContents>;
  /** Removes Whittle's images of one project folder (its own tags only, never forced); how many went. */
  removeImages(dir: string): Promise<number>;
}

export interface WhittleApiDeps {
  /** Host's user-data folder (recent projects live here). */
  userDataDir: string;
  /** The repo's `examples/` folder. */
  examplesDir: string;
  docker: DockerPort;
  /** Native folder picker; absent in the browser, where pickFolder resolves to null. */
  pickFolder?: () => Promise<string | null>;
}

type Handler<T> = () => Promise<T>;

async function attempt<T>(fn: Handler<T>): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (err) {
    return { ok: false, error: toWhittleError(err) };
  }
}

/** A tiny synchronous event hub: a listener that throws must not stop the build or other listeners. */
function createProgressHub() {
  const listeners = new Set<(e: BuildProgressEvent) => void>();
  return {
    emit(e: BuildProgressEvent): void {
      for (const l of listeners) {
        try {
          l(e);
        } catch {
          // a broken subscriber (closed socket, destroyed window) is its host's problem
        }
      }
    },
    subscribe(cb: (e: BuildProgressEvent) => void): () => void {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
}

/** The API plus what only its host may call (never exposed over IPC or the bridge). */
export interface HostedApi extends WhittleApi {
  /** Cancels every build and compare still running (no page left to show them). */
  cancelAll(): Promise<void>;
  /**
   * The host is exiting: cancels every build and compare, waits for them to stop, and removes
   * the images of every project compared in this run unless the user kept them.
   */
  shutdown(): Promise<void>;
}

/** Builds the API. Arguments are assumed validated by the host (shared/api/validators). */
export function createWhittleApi(deps: WhittleApiDeps): HostedApi {
  const recent = createRecentProjects(deps.userDataDir);
  const progress = createProgressHub();
  // One compare per project, surviving page reloads; images removed at close and exit (compare-sessions.ts).
  const sessions = createCompareSessions({
    compare: (req, emit) => tracked(req.compareId, () => deps.docker.compare(req, emit)),
    cancel: (id) => deps.docker.cancel(id),
    removeImages: (dir) => deps.docker.removeImages(dir),
  });
  // Builds and compares in flight, by id, so a host that shuts down can stop them.
  const running = new Set<string>();
  const tracked = async <T>(id: string, run: () => Promise<T>): Promise<T> => {
    running.add(id);
    try {
      return await run();
    } finally {
      running.delete(id);
    }
  };

  return {
    openProject: (dir) =>
      attempt(async () => {
        const info = await openProject(dir);
        // Remembering is best-effort: an unwritable user-data dir must not block opening.
        await recent.add(info.dir).catch(() => undefined);
        return info;
      }),
    listExamples: () => attempt(() => listExamples(deps.examplesDir)),
    recentProjects: () => attempt(() => recent.list()),
    pickFolder: () => attempt(async () => (deps.pickFolder ? deps.pickFolder() : null)),
    dockerStatus: () => attempt(() => deps.docker.status()),
    build: (req) => attempt(() => tracked(req.buildId, () => deps.docker.build(req, progress.emit))),
    compare: (req) => sessions.run(req, progress.emit),
    projectSession: (dir) => attempt(async () => sessions.session(dir)),
    attachCompare: (compareId) => sessions.attach(compareId),
    setKeepImages: (dir, keep) => attempt(async () => sessions.keep(dir, keep)),
    closeProject: (dir) => attempt(() => sessions.close(dir)),
    cancel: (buildId) =>
      attempt(async () => {
        const waiting = await sessions.cancel(buildId);
        return (await deps.docker.cancel(buildId)) || waiting;
      }),
    layerFiles: (req) => attempt(() => deps.docker.layerFiles(req)),
    saveFile: (req) =>
      attempt(async () => {
        const target = resolveSavePath(req);
        await assertExportable(target);
        return saveFile({ path: target, content: req.content, overwrite: req.overwrite });
      }),
    onBuildProgress: (cb) => progress.subscribe(cb),
    cancelAll: async () => {
      await Promise.all(
        [...running].map(async (id) => {
          await sessions.cancel(id);
          return deps.docker.cancel(id).catch(() => false);
        }),
      );
    },
    shutdown: async () => {
      await Promise.all([...running].map((id) => deps.docker.cancel(id).catch(() => false)));
      await sessions.shutdown();
    },
  };
}

/**
 * A DockerPort for when the Docker service cannot be loaded: every call fails as data with
 * DOCKER_UNREACHABLE, so the UI shows its "Docker not reachable" state instead of crashing.
 */
export function unavailableDocker(reason: string): DockerPort {
  const nope = async (): Promise<never> => {
    throw new WhittleFailure('DOCKER_UNREACHABLE', reason);
  };
  return {
    status: async () => ({
      reachable: false,
      endpoint: process.env.DOCKER_HOST ?? 'default',
      buildkit: false,
      message: reason,
    }),
    build: nope,
    compare: nope,
    cancel: async () => false,
    layerFiles: nope,
    removeImages: async () => 0,
  };
}

/** The API as both hosts run it: the real Docker service (DOCKER_HOST or the platform default). */
export function createDefaultApi(deps: Omit<WhittleApiDeps, 'docker'>): HostedApi {
  return createWhittleApi({ ...deps, docker: dockerPort() });
}

/**
 * The Docker service as a port. A malformed endpoint (a DOCKER_HOST typo, unreadable TLS
 * certificates) must not stop the app from starting: analysis and export still work, and the
 * UI shows why Docker is unavailable.
 */
function dockerPort(): DockerPort {
  let service: DockerService;
  try {
    service = new DockerService();
  } catch (err) {
    return unavailableDocker(`Cannot connect to Docker: ${err instanceof Error ? err.message : String(err)}`);
  }
  return {
    status: () => service.status(),
    build: (req, onProgress) => service.build(req, onProgress),
    compare: (req, onProgress) => service.compare(req, onProgress),
    cancel: (buildId) => service.cancel(buildId),
    layerFiles: createLayerFiles(service.docker, (id) => service.contents(id)),
    removeImages: (dir) => service.removeImages(dir),
  };
}

/** Images whose layer analysis we keep: the two of the last compare, plus a little slack. */
const LAYER_CACHE_IMAGES = 4;
/** Each layer's added/changed/removed lists are capped (largest kept) so replies stay small. */
const MAX_LIST_ENTRIES = 500;

/**
 * Layer contents for the chart's drill-down. Analysing means streaming the whole image out of
 * the daemon, so each image is analysed once and every layer is answered from that result.
 */
export function createLayerFiles(
  docker: Dockerode,
  analyze: (imageId: string) => Promise<ImageContents> = (id) =>
    analyzeImage(docker, id, { maxListEntries: MAX_LIST_ENTRIES }),
): (req: LayerFilesRequest) => Promise<LayerContents> {
  const cache = new Map<string, Promise<ImageContents>>();
  return async ({ imageId, layerIndex }) => {
    let pending = cache.get(imageId);
    if (!pending) {
      pending = analyze(imageId).catch((err: unknown) => {
        cache.delete(imageId); // a failure (image removed, daemon down) must not stick
        const message = err instanceof Error ? err.message : String(err);
        const status = (err as { statusCode?: number } | null)?.statusCode;
        // Daemons word a missing image differently (404 "No such image", 500 "no such file" from the image store).
        throw status === 404 || /no such (image|file)|not found|does not exist/i.test(message)
          ? new WhittleFailure(
              'NOT_FOUND',
              `Image ${imageId} is no longer in Docker; build again to inspect its layers`,
            )
          : err;
      });
      cache.set(imageId, pending);
      if (cache.size > LAYER_CACHE_IMAGES) cache.delete(cache.keys().next().value as string);
    }
    const contents = await pending;
    const layer = contents.layers[layerIndex];
    if (!layer) {
      throw new WhittleFailure(
        'NOT_FOUND',
        `Image ${imageId} has ${contents.layers.length} layers; no layer ${layerIndex}`,
      );
    }
    // The reply is the contract's LayerContents: the analysis' own bookkeeping stays here.
    const { storedBytes: _stored, ...reply } = layer;
    return reply;
  };
}
