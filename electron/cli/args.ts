/** Tiny argument parser on Node's own `util.parseArgs`, with errors as usage failures. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export class UsageError extends Error {}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The repository root (where `examples/` lives), from this file's location. */
export const repoRoot = (): string => path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `dir` argument, defaulting to the bundled Flask example so commands work with no argument. */
export const projectDir = (positional: string | undefined, cwd: string): string =>
  positional ? path.resolve(cwd, positional) : path.join(repoRoot(), 'examples', 'flask-api');

/** Exit codes shared by every command (CI-friendly). */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2, DOCKER: 3, BUILD: 4, UNVERIFIED: 5 } as const;
