/**
 * Project folder access: which Dockerfiles a folder holds and what the optimizer may know
 * about it (the file listing and the .dockerignore — nothing else).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type {
  DockerfileEntry,
  PackageJsonFacts,
  ProjectContext,
  ProjectInfo,
} from '../../shared/api/contract';
import { cgoHint, GO_HEAD_BYTES } from '../../shared/project/cgo';
import { goSubprocessHint } from '../../shared/project/go-subprocess';
import { isManifestName, MAX_MANIFEST_BYTES } from '../../shared/project/manifests';
import {
  isNamedScript,
  isScriptCandidate,
  keepScript,
  MAX_SCRIPT_BYTES,
  MAX_SCRIPTS,
} from '../../shared/project/scripts';
import { packageJsonFacts } from '../../shared/project/package-json';
import { NODE_HEAD_BYTES, nodeSubprocessHint } from '../../shared/project/node-subprocess';
import { WhittleFailure } from '../../shared/api/result';
import { withDaemonFacts } from './daemon-base-facts';
import { DEFAULT_CONFIG, parseConfig, type WhittleConfig } from '../../shared/config/config';

/** Directories listed by name only: their contents say nothing the optimizer needs and can be huge. */
const OPAQUE_DIRS = new Set([
  '.git',
  'node_modules',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  'target',
  '.gradle',
]);
const MAX_FILES = 5000;
const MAX_DEPTH = 6;
/** Larger files are not read as Dockerfiles; the parser would reject them anyway. */
export const MAX_DOCKERFILE_BYTES = 10 * 1024 * 1024;

/** `Dockerfile`, `*.Dockerfile`, `Dockerfile.<variant>` (not our own outputs/backups) and `Containerfile`. */
export function isDockerfileName(name: string): boolean {
  if (name === 'Dockerfile' || name === 'Containerfile') return true;
  if (name.endsWith('.Dockerfile') || name.endsWith('.dockerfile')) return true;
  if (/^Dockerfile\.[\w.-]+$/.test(name)) return !/\.(whittle|bak|tmp)$/.test(name);
  return false;
}

async function statOrFail(dir: string) {
  try {
    return await fs.stat(dir);
  } catch {
    throw new WhittleFailure('NOT_FOUND', `Folder not found: ${dir}`);
  }
}

/** Lists files under `dir` as relative POSIX paths, bounded in count and depth. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (out.length >= MAX_FILES || depth > MAX_DEPTH) return;
    let entries;
    try {
      entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return; // unreadable subfolder: list what we can
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (out.length >= MAX_FILES) return;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (OPAQUE_DIRS.has(e.name)) out.push(`${p}/`);
        else await walk(p, depth + 1);
      } else {
        out.push(p);
      }
    }
  };
  await walk('', 0);
  return out;
}

/** What the optimizer may know about the folder. */
export async function readProjectContext(dir: string): Promise<ProjectContext> {
  const st = await statOrFail(dir);
  if (!st.isDirectory()) throw new WhittleFailure('INVALID_ARGUMENT', `Not a folder: ${dir}`);
  const files = await listFiles(dir);
  let dockerignore: string | null = null;
  try {
    // Only a regular file: a FIFO or device named .dockerignore would block or never end.
    const ignorePath = path.join(dir, '.dockerignore');
    if ((await fs.stat(ignorePath)).isFile()) dockerignore = await fs.readFile(ignorePath, 'utf8');
  } catch {
    dockerignore = null;
  }
  const packageJson = files.includes('package.json')
    ? await readPackageJson(path.join(dir, 'package.json'))
    : undefined;
  const manifests = await readManifests(dir, files);
  const cgo = await cgoHint(files, (rel) => readHead(path.join(dir, rel), GO_HEAD_BYTES));
  const goSubprocess = await goSubprocessHint(files, (rel) => readHead(path.join(dir, rel), GO_HEAD_BYTES));
  const scripts = await readScripts(dir, files);
  const nodeSubprocess = packageJson
    ? await nodeSubprocessHint(files, async (rel) => {
        const text = await readHead(path.join(dir, rel), NODE_HEAD_BYTES + 1);
        return text === null ? null : { text, whole: Buffer.byteLength(text) <= NODE_HEAD_BYTES };
      })
    : undefined;
  return {
    files,
    dockerignore,
    ...(packageJson ? { packageJson } : {}),
    ...(Object.keys(manifests).length ? { manifests } : {}),
    ...(Object.keys(scripts).length ? { scripts } : {}),
    ...(cgo !== undefined ? { cgo } : {}),
    ...(nodeSubprocess !== undefined ? { nodeSubprocess } : {}),
    ...(goSubprocess !== undefined ? { goSubprocess } : {}),
  };
}

/** The first `bytes` of a regular file as UTF-8, or null when it is not one or cannot be read. */
async function readHead(file: string, bytes: number): Promise<string | null> {
  let fh;
  try {
    fh = await fs.open(file, 'r');
    if (!(await fh.stat()).isFile()) return null;
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } catch {
    return null;
  } finally {
    await fh?.close();
  }
}

async function readManifests(dir: string, files: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of files.filter(isManifestName)) {
    const file = path.join(dir, name);
    const st = await fs.stat(file).catch(() => null);
    if (!st?.isFile() || st.size > MAX_MANIFEST_BYTES) continue;
    const text = await fs.readFile(file, 'utf8').catch(() => null);
    if (text !== null) out[name] = text;
  }
  return out;
}

/** The project's scripts (shebang files, shell scripts, Makefiles…): see shared/project/scripts.ts. */
async function readScripts(dir: string, files: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  // Named scripts first, then shallow paths: a start script sits near the top.
  const depth = (rel: string) => rel.split('/').length;
  const candidates = files
    .filter(isScriptCandidate)
    .sort((a, b) => Number(!isNamedScript(a)) - Number(!isNamedScript(b)) || depth(a) - depth(b))
    .slice(0, MAX_SCRIPTS);
  for (const rel of candidates) {
    const file = path.join(dir, rel);
    // Stat first: opening a FIFO or a device to read would block or never end.
    const st = await fs.stat(file).catch(() => null);
    if (!st?.isFile() || st.size > MAX_SCRIPT_BYTES) continue;
    // Others count only with a shebang: two bytes tell.
    if (!isNamedScript(rel) && (await readHead(file, 2)) !== '#!') continue;
    const text = await readHead(file, MAX_SCRIPT_BYTES);
    if (text !== null && !text.includes('\u0000') && keepScript(rel, text)) out[rel] = text;
  }
  return out;
}

/** A package.json bigger than this is not a manifest anyone wrote by hand. */
const MAX_PACKAGE_JSON_BYTES = 1024 * 1024;

async function readPackageJson(file: string): Promise<PackageJsonFacts | undefined> {
  const st = await fs.stat(file).catch(() => null);
  if (!st?.isFile() || st.size > MAX_PACKAGE_JSON_BYTES) return undefined;
  return packageJsonFacts(await fs.readFile(file, 'utf8').catch(() => ''));
}

/** Reads one Dockerfile, refusing ones too large to be real. */
export async function readDockerfile(file: string): Promise<string> {
  const st = await fs.stat(file).catch(() => {
    throw new WhittleFailure('NOT_FOUND', `No Dockerfile at ${file}`);
  });
  // A FIFO or a device (a link to /dev/zero) reports size 0 and would block or never end.
  if (!st.isFile())
    throw new WhittleFailure('DOCKERFILE_PARSE', `${path.basename(file)} is not a regular file`, {
      line: 1,
      column: 1,
    });
  if (st.size > MAX_DOCKERFILE_BYTES) {
    throw new WhittleFailure(
      'DOCKERFILE_PARSE',
      `${path.basename(file)} is ${st.size} bytes; a Dockerfile over ${MAX_DOCKERFILE_BYTES} bytes is not supported`,
      { line: 1, column: 1 },
    );
  }
  return fs.readFile(file, 'utf8');
}

/** `.whittle.yaml` (or `.yml`) of the folder; null when it has none. Throws INVALID_ARGUMENT when it is malformed. */
export async function readConfig(dir: string): Promise<WhittleConfig | null> {
  for (const name of ['.whittle.yaml', '.whittle.yml']) {
    const text = await fs.readFile(path.join(dir, name), 'utf8').catch(() => null);
    if (text !== null) return parseConfig(text);
  }
  return null;
}

/** Opens a project folder: its Dockerfiles (top level) and its context. */
export async function openProject(dir: string): Promise<ProjectInfo> {
  const abs = path.resolve(dir);
  const context = await readProjectContext(abs);
  const names = context.files.filter((f) => !f.includes('/') && isDockerfileName(f));
  names.sort((a, b) => (a === 'Dockerfile' ? -1 : b === 'Dockerfile' ? 1 : a.localeCompare(b)));
  const dockerfiles: DockerfileEntry[] = [];
  for (const name of names) {
    const full = path.join(abs, name);
    const st = await fs.stat(full).catch(() => null);
    if (!st?.isFile()) continue; // a FIFO, device or dangling link is no Dockerfile to read
    const text = st.size > MAX_DOCKERFILE_BYTES ? '' : await fs.readFile(full, 'utf8');
    dockerfiles.push({ name, text, sizeBytes: st.size });
  }
  // A malformed .whittle.yaml must not keep the project from opening: defaults, and say why.
  let config = DEFAULT_CONFIG;
  let configError: string | undefined;
  try {
    config = (await readConfig(abs)) ?? DEFAULT_CONFIG;
  } catch (e) {
    configError = (e as Error).message;
  }
  // Base-image facts from the daemon when it answers in time (the first Dockerfile's FROMs).
  const { context: withFacts, facts } = dockerfiles[0]
    ? await withDaemonFacts(context, dockerfiles[0].text)
    : { context, facts: { source: 'catalog' as const, images: [] } };
  return {
    dir: abs,
    name: path.basename(abs),
    dockerfiles,
    context: withFacts,
    baseImageFacts: facts,
    config,
    ...(configError ? { configError } : {}),
  };
}
