/**
 * The one typed API between the renderer and the Node side. Electron's preload exposes an
 * object of this type as `window.whittle`; the browser bridge serves the same methods over
 * loopback HTTP + WebSocket. Channel names derive from the keys with one prefix
 * (`whittle:openProject`), so a method added here is added everywhere.
 */
import type { WhittleConfig } from '../config/config';
import type { BillComparison, BillEntry, BillTotals } from './bill';
import type { Result } from './result';
import type { Verification, VerifyOptions } from './verify';

export type { Bill, BillAddress, BillComparison, BillEntry, BillFile, BillKind, BillTotals } from './bill';
export { BILL_KINDS } from './bill';

/** What the optimizer may know about a project folder: which files exist and the .dockerignore. */
export interface ProjectContext {
  /** Relative POSIX paths of files in the folder (bounded listing; `.git/` etc. summarised as the dir). */
  files: string[];
  /** Contents of `.dockerignore`, or null when the folder has none. */
  dockerignore: string | null;
  /**
   * What the root package.json says (Node projects): its scripts and the names of its
   * devDependencies, so the optimizer can tell whether `npm start` needs a dev tool at run time.
   * Absent when the folder has no package.json or it does not parse.
   */
  packageJson?: PackageJsonFacts;
  /**
   * Texts of the small dependency manifests at the project root that recipes read (`go.mod`,
   * `Cargo.toml`, `Gemfile`, `Gemfile.lock`, `requirements*.txt`, `pyproject.toml`, lockfile
   * names…), keyed by relative path; each at most 256 KiB. Absent or partial is allowed: a
   * recipe that needs a manifest it was not given holds back with the reason.
   */
  manifests?: Record<string, string>;
  /**
   * Texts (at most 64 KiB each, at most 300 files) of the project's scripts, keyed by relative
   * path: files that start with `#!`, shell scripts, Makefiles, Procfiles and `.conf/.ini/.cfg`
   * files (see `shared/project/scripts.ts`). Recipes read what the start command runs from them
   * (its interpreter, the tools it calls). Absent when not read: a recipe that needs a script it
   * was not given treats it as unknown.
   */
  scripts?: Record<string, string>;
  /**
   * Facts about base images read from the daemon (image config and size, `/etc/os-release`, dpkg
   * and pip metadata), keyed by the image reference as written after FROM with ARGs resolved,
   * and also for the images a base-swap estimate names (the slim variant, the runtime image of a
   * multi-stage split) when the daemon has them: their sizes price those estimates.
   * Absent when no daemon answered; the offline catalog (`shared/catalog`) is used then.
   */
  baseImages?: Record<string, BaseImageFacts>;
  /**
   * Whether the project's own Go files use cgo: true when one of them has `import "C"`, false
   * when every `.go` file was read (at most 500 files of at most 1 MiB each) and none does;
   * absent when there are no Go files or too many to read (unknown). Read by
   * `electron/core/project.ts`; the Go recipe keeps cgo (glibc runtime) when true.
   */
  cgo?: boolean;
  /**
   * Whether the project's own JavaScript/TypeScript sources start other processes
   * (`child_process`, execa, shelljs, cross-spawn, zx…): true when one mentions them, false when
   * every source was read (outside node_modules; at most 500 files of at most 1 MiB each) and
   * none does, absent when there are none or too many to read. Read by `electron/core/project.ts`;
   * the Node recipe keeps a runtime with a shell when true or unknown.
   */
  nodeSubprocess?: boolean;
  /**
   * Whether the project's own Go sources start other programs (os/exec, x/sys/execabs,
   * syscall.Exec, go-cmd, bitfield/script…): true when one does, false when every `.go` file
   * outside vendor/ and testdata/ (tests left out; at most 500, their first 64 KiB) was read and
   * none does, absent when there are none or too many to read. Read by
   * `electron/core/project.ts` (shared/project/go-subprocess.ts); the Go recipes hold back a
   * distroless runtime (no shell, no tools) when true.
   */
  goSubprocess?: boolean;
}

/** What is known about one base image; every field is optional (unknown = not a guess). */
export interface BaseImageFacts {
  /** `/etc/os-release` ID, e.g. `debian`, `ubuntu`, `alpine`. */
  osId?: string;
  /** `/etc/os-release` VERSION_CODENAME (e.g. `bookworm`) or VERSION_ID for alpine. */
  osRelease?: string;
  /** Language runtime version, e.g. `3.9.18` for python images. */
  languageVersion?: string;
  /** pip's version (python images). */
  pipVersion?: string;
  /** The image config's WorkingDir ('' = `/`), User ('' = root) and Env (`K=V`). */
  workdir?: string;
  user?: string;
  env?: string[];
  /** True when compilers/headers are present (a full image), false for slim/distroless. */
  full?: boolean;
  /** Installed Debian packages (names only), when read from the dpkg status. */
  packages?: string[];
  /** Docker's size of the local image (image inspect `Size`: uncompressed bytes of its layers). */
  sizeBytes?: number;
}

export interface PackageJsonFacts {
  scripts: Record<string, string>;
  devDependencies: string[];
  /** Names of its dependencies (production ones); absent when it lists none. */
  dependencies?: string[];
  /** Its `packageManager` field as written (corepack's `yarn@4.1.0`, `pnpm@9.0.0+sha…`), when set. */
  packageManager?: string;
}

export interface DockerfileEntry {
  /** Path relative to the project folder, e.g. `Dockerfile` or `api.Dockerfile`. */
  name: string;
  text: string;
  sizeBytes: number;
}

export interface ProjectInfo {
  dir: string;
  name: string;
  dockerfiles: DockerfileEntry[];
  context: ProjectContext;
  /** Settings from `.whittle.yaml` (defaults when the folder has none). */
  config: WhittleConfig;
  /** Why `.whittle.yaml` was ignored, when it could not be read. */
  configError?: string;
  /**
   * Where `context.baseImages` came from: the Docker daemon (the FROM images of the first
   * Dockerfile that it has locally) or, when it did not answer in time, the offline catalog.
   */
  baseImageFacts?: { source: 'daemon' | 'catalog'; images: string[] };
}

export interface ExampleInfo {
  name: string;
  dir: string;
  description: string;
}

export interface DockerStatus {
  reachable: boolean;
  /** Where we looked, e.g. `unix:///var/run/docker.sock`. */
  endpoint: string;
  version?: string;
  apiVersion?: string;
  buildkit: boolean;
  /** Human sentence when unreachable ("Docker is not running at …; start Docker Desktop or set DOCKER_HOST"). */
  message?: string;
}

export type Variant = 'original' | 'optimized';

export interface BuildRequest {
  dir: string;
  /** The Dockerfile text to build (the edited one, not necessarily the file on disk). */
  dockerfileText: string;
  variant: Variant;
  /** Client-chosen id used by progress events and cancel. */
  buildId: string;
}

export interface BuildProgressEvent {
  buildId: string;
  variant: Variant;
  kind: 'step' | 'log' | 'done' | 'error';
  /** 1-based step number and step count, when known. */
  step?: number;
  totalSteps?: number;
  instruction?: string;
  cached?: boolean;
  /** One line of build output (kind 'log'), or the error message (kind 'error'). */
  text?: string;
}

export interface RuntimeConfig {
  user: string;
  cmd: string[] | null;
  entrypoint: string[] | null;
  exposedPorts: string[];
  envKeys: string[];
  workdir: string;
  healthcheck: string[] | null;
}

export interface LayerInfo {
  /** 0-based index among the image's filesystem layers (empty history entries excluded). */
  index: number;
  /** The Dockerfile instruction that made it, as the builder recorded it. */
  instruction: string;
  /** 1-based Dockerfile line of that instruction in the built text, or null for base-image layers. */
  line: number | null;
  sizeBytes: number;
  /** True when the layer comes from the base image rather than the project's own instructions. */
  isBase: boolean;
  /** Layer digest (diff id) when known. */
  digest?: string;
  /**
   * Bytes the layer stores under each cache (`apt lists`, `pip cache`, `npm cache`, `yarn cache`,
   * `apk cache`, `yum/dnf cache`, `__pycache__`, `gem docs`…; shared/layers/cache-bytes.ts), when
   * its contents were analysed. Grounds the estimates of cache findings in the built original.
   */
  cacheBytes?: Record<string, number>;
}

export interface ImageReport {
  imageId: string;
  tag: string;
  sizeBytes: number;
  baseSizeBytes: number;
  layers: LayerInfo[];
  config: RuntimeConfig;
  /** dive's efficiency score in [0, 1], when layer contents were analysed. */
  efficiency?: number;
  /** dive's wasted bytes (counts every copy of a path seen in two or more layers, first included). */
  diveWastedBytes?: number;
  /** Whittle's reclaimable bytes: stored in some layer but not visible in the final filesystem. */
  reclaimableBytes?: number;
  /**
   * The bill of bytes, when layer contents were analysed: every stored byte by owner, largest
   * first (Σ bytes = `billTotals.totalBytes`).
   */
  bill?: BillEntry[];
  /** The bill's totals and note (what the rest of Docker's size is, what could not be read). */
  billTotals?: BillTotals;
}

export interface SmokeTestResult {
  passed: boolean;
  outcome: 'stayed-up' | 'exited-0' | 'exited-error' | 'failed-to-start' | 'check-failed';
  exitCode: number | null;
  /** First log lines of the container. */
  logs: string[];
  durationMs: number;
  checkCommand?: string[];
  checkOutput?: string;
}

export interface ConfigDifference {
  key: keyof RuntimeConfig;
  original: unknown;
  optimized: unknown;
}

export interface CompareRequest {
  dir: string;
  /**
   * Name of the project's Dockerfile the texts come from (`DockerfileEntry.name`), so a page
   * reloaded mid-compare shows it on the right Dockerfile again.
   */
  dockerfile?: string;
  originalText: string;
  optimizedText: string;
  /** Client-chosen id prefix: builds report as `${compareId}:original` and `${compareId}:optimized`. */
  compareId: string;
  keepImages?: boolean;
  /** Command run inside the optimized container to prove it works; defaults to `smoke.check` of the project's whittle.json. */
  checkCommand?: string[];
  /** .dockerignore for the optimized build (Whittle's proposal); the folder's own when absent. */
  optimizedDockerignore?: string | null;
  /**
   * Verify the rewrite (issue 10): run every check on both images, hold back the fixes that break
   * one, and optionally measure each fix's saving. The project's context and config are read from
   * `dir`; `optimizedText` is then only the starting point.
   */
  verify?: VerifyOptions;
  /**
   * Also measure each image's floor (issue 14; `ImageFloor`): one more traced run and one more
   * export read per image, so off by default.
   */
  floor?: boolean;
}

/** One file counted in a floor: its path in the image and its size in bytes. */
export interface FloorFile {
  path: string;
  bytes: number;
}

/**
 * An image's floor (issue 14): the bytes its app's process opens in a smoke run, plus the loader
 * and its libraries — a lower bound no Dockerfile that passes the same run can beat. Measured by
 * electron/core/verify/floor (see docs/floor.md for the method and its limits). Bytes are the tar
 * sizes of the image's files, each real file counted once.
 */
export interface ImageFloor {
  status: 'measured';
  imageId: string;
  /** Opened ∪ loader closure, in bytes. */
  floorBytes: number;
  /** Files opened to read, or executed, by the app (and the check command). */
  openedBytes: number;
  /** Program interpreters and DT_NEEDED closures of the executed programs (overlaps openedBytes). */
  loaderAndLibsBytes: number;
  /** Of floorBytes, the files only the check command needed. */
  checkOnlyBytes: number;
  /** How many files count. */
  fileCount: number;
  /** The largest counted files, largest first (at most 40 unless asked otherwise). */
  files: FloorFile[];
  /** How the run went: the floor of a run that failed is not a floor of the working app. */
  smoke: Pick<SmokeTestResult, 'passed' | 'outcome' | 'exitCode'>;
  /** One sentence on how it was measured (tracer and version). */
  method: string;
  /** What it does not see. */
  limits: string[];
}

/** A floor that could not be measured, with the reason (no tracer on the host, a remote daemon, …). */
export interface FloorUnavailable {
  status: 'unavailable';
  reason: string;
}

export interface CompareReport {
  original: ImageReport;
  optimized: ImageReport;
  reductionBytes: number;
  reductionPercent: number;
  smokeTest: SmokeTestResult;
  configDifferences: ConfigDifference[];
  /** Present when the request asked to verify; `optimized` is then the offered (verified) image. */
  verification?: Verification;
  /** The two bills side by side: what left, what came in, the largest owners left. */
  billComparison?: BillComparison;
  /** Each image's floor, when the request asked for it (`floor: true`). */
  floor?: { original: ImageFloor | FloorUnavailable; optimized: ImageFloor | FloorUnavailable };
}

/**
 * A compare the Node side is running for a project: what a reloaded page needs to show it again
 * (`projectSession`, then `attachCompare`). Progress is replayed from `events`.
 */
export interface ActiveCompare {
  compareId: string;
  /** The project folder (absolute). */
  dir: string;
  dockerfile?: string;
  originalText: string;
  optimizedText: string;
  /** When it started, in ms since the Unix epoch. */
  startedAt: number;
  /**
   * Its progress events so far, oldest first: every step, done and error event, and at most the
   * last 2,000 log lines.
   */
  events: BuildProgressEvent[];
}

/** What the Node side holds for one project folder in this run of the app. */
export interface ProjectSession {
  /** The compare running for the project, or null. */
  compare: ActiveCompare | null;
  /**
   * True when the user chose to keep the images its compares built; otherwise Whittle removes
   * them when the project is closed or the app (or `whittle serve`) exits.
   */
  keepImages: boolean;
}

export interface CloseProjectResult {
  /** Images removed (0 when they are kept or none was built). */
  removedImages: number;
  keptImages: boolean;
}

export interface FileEntry {
  path: string;
  sizeBytes: number;
}

export interface LayerContents {
  layerIndex: number;
  added: FileEntry[];
  changed: FileEntry[];
  removed: FileEntry[];
  /** Largest files and directories this layer stores. */
  largestFiles: FileEntry[];
  largestDirs: FileEntry[];
  /** Bytes this layer stores that are hidden in the final filesystem by a later layer. */
  reclaimableBytes: number;
  /** How many files were added, changed and removed (the lists above may be shortened to the largest). */
  counts: { added: number; changed: number; removed: number };
}

export interface LayerFilesRequest {
  imageId: string;
  layerIndex: number;
}

export interface SaveFileRequest {
  /**
   * Target path: absolute, `~/…` (the user's home folder), or relative to `base`. The result's
   * `path` is the absolute path written.
   */
  path: string;
  /** Absolute folder a relative `path` resolves against (the project folder). */
  base?: string;
  content: string;
  /** When the file exists: false fails with code IO_ERROR + details {exists: true}; true keeps `<path>.bak` first. */
  overwrite: boolean;
}

export interface SaveFileResult {
  path: string;
  backupPath: string | null;
}

/** Every method resolves to a Result; every push event is `onX(cb) → unsubscribe`. */
export interface WhittleApi {
  openProject(dir: string): Promise<Result<ProjectInfo>>;
  listExamples(): Promise<Result<ExampleInfo[]>>;
  recentProjects(): Promise<Result<string[]>>;
  /** Native folder picker in Electron; resolves to null in the browser (the UI shows a path field). */
  pickFolder(): Promise<Result<string | null>>;
  dockerStatus(): Promise<Result<DockerStatus>>;
  build(req: BuildRequest): Promise<Result<ImageReport>>;
  /**
   * Builds both images and compares them. A project has at most one compare at a time: a new one
   * cancels the one running for the same folder and starts once it has stopped (that one then
   * resolves with CANCELLED). The compare belongs to the app, not the page: it keeps running when
   * the page reloads (see `projectSession`).
   */
  compare(req: CompareRequest): Promise<Result<CompareReport>>;
  /** The compare running for a project folder (to show it again after a reload) and its image choice. */
  projectSession(dir: string): Promise<Result<ProjectSession>>;
  /**
   * Resolves when that compare ends, with the outcome its starter gets. NOT_FOUND when no compare
   * of that id is running or ended in the last minute.
   */
  attachCompare(compareId: string): Promise<Result<CompareReport>>;
  /** Keep (true) or remove at close and exit (false, the default) the images the project's compares build. */
  setKeepImages(dir: string, keep: boolean): Promise<Result<ProjectSession>>;
  /**
   * The user closed the project: its compare is cancelled and, unless kept, the images its
   * compares built in this run are removed (Whittle's tags only, without force).
   */
  closeProject(dir: string): Promise<Result<CloseProjectResult>>;
  cancel(buildId: string): Promise<Result<boolean>>;
  layerFiles(req: LayerFilesRequest): Promise<Result<LayerContents>>;
  saveFile(req: SaveFileRequest): Promise<Result<SaveFileResult>>;
  onBuildProgress(cb: (event: BuildProgressEvent) => void): () => void;
}

/** Request/response methods (everything but the `on*` events), used to derive channels. */
export type WhittleMethod = Exclude<keyof WhittleApi, `on${string}`>;

export const API_METHODS: readonly WhittleMethod[] = [
  'openProject',
  'listExamples',
  'recentProjects',
  'pickFolder',
  'dockerStatus',
  'build',
  'compare',
  'projectSession',
  'attachCompare',
  'setKeepImages',
  'closeProject',
  'cancel',
  'layerFiles',
  'saveFile',
];

export const CHANNEL_PREFIX = 'whittle:';
export const channelOf = (method: WhittleMethod): string => `${CHANNEL_PREFIX}${method}`;
export const BUILD_PROGRESS_CHANNEL = `${CHANNEL_PREFIX}buildProgress`;
