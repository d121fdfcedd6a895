/**
 * Argument validators for every API method, used by both hosts (Electron's register() and the
 * browser bridge) before a handler runs. Arguments cross a process or network boundary, so
 * they are `unknown` until proven otherwise; a bad call fails with INVALID_ARGUMENT as data.
 */
import type {
  BuildRequest,
  CompareRequest,
  LayerFilesRequest,
  SaveFileRequest,
  WhittleApi,
  WhittleMethod,
} from './contract';
import { fail, ok, type Result } from './result';

/** The argument tuple a method takes. */
export type ArgsOf<M extends WhittleMethod> = Parameters<WhittleApi[M]>;

type Validator<M extends WhittleMethod> = (args: readonly unknown[]) => ArgsOf<M>;

/** Longest Dockerfile text accepted over the API: generous, but bounded so a runaway client cannot exhaust memory. */
export const MAX_TEXT_CHARS = 10 * 1024 * 1024;
const MAX_PATH_CHARS = 4096;
const MAX_ID_CHARS = 200;

class ArgError extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function str(v: unknown, name: string, max: number, allowEmpty = false): string {
  if (typeof v !== 'string') throw new ArgError(`${name} must be a string`);
  if (!allowEmpty && v.length === 0) throw new ArgError(`${name} must not be empty`);
  if (v.length > max) throw new ArgError(`${name} is longer than ${max} characters`);
  if (v.includes('\0')) throw new ArgError(`${name} must not contain NUL characters`);
  return v;
}

const path = (v: unknown, name: string) => str(v, name, MAX_PATH_CHARS);
const id = (v: unknown, name: string) => {
  const s = str(v, name, MAX_ID_CHARS);
  // Ids end up in image tags and event routing; keep them to a safe alphabet.
  if (!/^[\w.:-]+$/.test(s))
    throw new ArgError(`${name} may hold only letters, digits, '.', ':', '_' and '-'`);
  return s;
};
const text = (v: unknown, name: string) => str(v, name, MAX_TEXT_CHARS, true);

function obj(v: unknown, name: string): Record<string, unknown> {
  if (!isRecord(v)) throw new ArgError(`${name} must be an object`);
  return v;
}

function arity(args: readonly unknown[], n: number): void {
  if (args.length !== n)
    throw new ArgError(`expected ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`);
}

function buildRequest(v: unknown): BuildRequest {
  const o = obj(v, 'request');
  if (o.variant !== 'original' && o.variant !== 'optimized') {
    throw new ArgError("request.variant must be 'original' or 'optimized'");
  }
  return {
    dir: path(o.dir, 'request.dir'),
    dockerfileText: text(o.dockerfileText, 'request.dockerfileText'),
    variant: o.variant,
    buildId: id(o.buildId, 'request.buildId'),
  };
}

function compareRequest(v: unknown): CompareRequest {
  const o = obj(v, 'request');
  const req: CompareRequest = {
    dir: path(o.dir, 'request.dir'),
    originalText: text(o.originalText, 'request.originalText'),
    optimizedText: text(o.optimizedText, 'request.optimizedText'),
    compareId: id(o.compareId, 'request.compareId'),
  };
  if (o.dockerfile !== undefined) req.dockerfile = path(o.dockerfile, 'request.dockerfile');
  if (o.keepImages !== undefined) {
    if (typeof o.keepImages !== 'boolean') throw new ArgError('request.keepImages must be a boolean');
    req.keepImages = o.keepImages;
  }
  if (o.checkCommand !== undefined) {
    if (!Array.isArray(o.checkCommand) || o.checkCommand.length === 0) {
      throw new ArgError('request.checkCommand must be a non-empty array of strings');
    }
    req.checkCommand = o.checkCommand.map((c, i) => str(c, `request.checkCommand[${i}]`, MAX_PATH_CHARS));
  }
  if (o.optimizedDockerignore !== undefined) {
    const d = o.optimizedDockerignore;
    if (d !== null && typeof d !== 'string')
      throw new ArgError('request.optimizedDockerignore must be a string or null');
    req.optimizedDockerignore = d === null ? null : text(d, 'request.optimizedDockerignore');
  }
  return req;
}

function layerFilesRequest(v: unknown): LayerFilesRequest {
  const o = obj(v, 'request');
  const layerIndex = o.layerIndex;
  if (
    typeof layerIndex !== 'number' ||
    !Number.isInteger(layerIndex) ||
    layerIndex < 0 ||
    layerIndex > 10_000
  ) {
    throw new ArgError('request.layerIndex must be a non-negative integer');
  }
  return { imageId: id(o.imageId, 'request.imageId'), layerIndex };
}

function saveFileRequest(v: unknown): SaveFileRequest {
  const o = obj(v, 'request');
  if (typeof o.overwrite !== 'boolean') throw new ArgError('request.overwrite must be a boolean');
  const p = path(o.path, 'request.path');
  const absolute = (x: string) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(x);
  const base = o.base === undefined ? undefined : path(o.base, 'request.base');
  if (base !== undefined && !absolute(base)) throw new ArgError('request.base must be absolute');
  // Relative paths would otherwise resolve against whatever the host's cwd happens to be.
  if (!absolute(p) && !/^~([\\/]|$)/.test(p) && base === undefined)
    throw new ArgError('request.path must be absolute, start with ~/, or come with request.base');
  const req: SaveFileRequest = {
    path: p,
    content: text(o.content, 'request.content'),
    overwrite: o.overwrite,
  };
  if (base !== undefined) req.base = base;
  return req;
}

const none = (args: readonly unknown[]): [] => {
  arity(args, 0);
  return [];
};

const VALIDATORS: { [M in WhittleMethod]: Validator<M> } = {
  openProject: (a) => (arity(a, 1), [path(a[0], 'dir')]),
  listExamples: none,
  recentProjects: none,
  pickFolder: none,
  dockerStatus: none,
  build: (a) => (arity(a, 1), [buildRequest(a[0])]),
  compare: (a) => (arity(a, 1), [compareRequest(a[0])]),
  projectSession: (a) => (arity(a, 1), [path(a[0], 'dir')]),
  attachCompare: (a) => (arity(a, 1), [id(a[0], 'compareId')]),
  setKeepImages: (a) => {
    arity(a, 2);
    if (typeof a[1] !== 'boolean') throw new ArgError('keep must be a boolean');
    return [path(a[0], 'dir'), a[1]];
  },
  closeProject: (a) => (arity(a, 1), [path(a[0], 'dir')]),
  cancel: (a) => (arity(a, 1), [id(a[0], 'buildId')]),
  layerFiles: (a) => (arity(a, 1), [layerFilesRequest(a[0])]),
  saveFile: (a) => (arity(a, 1), [saveFileRequest(a[0])]),
};

/** True when `name` is one of the API's request methods (guards routing on untrusted names). */
export function isApiMethod(name: string): name is WhittleMethod {
  return Object.prototype.hasOwnProperty.call(VALIDATORS, name);
}

/**
 * Checks and normalises the arguments of one call. Returns fresh objects holding only the
 * known fields, so extra properties a client sends never reach a handler.
 */
export function validateArgs<M extends WhittleMethod>(method: M, args: unknown): Result<ArgsOf<M>> {
  if (!Array.isArray(args)) return fail('INVALID_ARGUMENT', `${method}: arguments must be an array`);
  const validator = VALIDATORS[method] as Validator<M> | undefined;
  if (!validator) return fail('INVALID_ARGUMENT', `Unknown method: ${String(method)}`);
  try {
    return ok(validator(args));
  } catch (err) {
    if (err instanceof ArgError) return fail('INVALID_ARGUMENT', `${method}: ${err.message}`);
    throw err;
  }
}
