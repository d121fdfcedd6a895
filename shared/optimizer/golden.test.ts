/**
 * Golden tests: the optimized Dockerfile of every example project is checked in under
 * `__golden__/<example>.Dockerfile` (and its proposed .dockerignore). Review a change of output
 * like code: regenerate with `UPDATE_GOLDEN=1 npx vitest run shared/optimizer/golden.test.ts`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DockerfileParseError } from '../dockerfile/parse';
import { importsC, isGoSource } from '../project/cgo';
import { isScriptCandidate, keepScript, MAX_SCRIPT_BYTES } from '../project/scripts';
import { isManifestName } from '../project/manifests';
import { isNodeSource, startsProcesses } from '../project/node-subprocess';
import { packageJsonFacts } from '../project/package-json';
import { optimize } from './index';

const examplesDir = path.resolve(__dirname, '..', '..', 'examples');
const goldenDir = path.join(__dirname, '__golden__');
const update = process.env.UPDATE_GOLDEN === '1';

function listFiles(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory())
      return ['.git', 'node_modules', '__pycache__'].includes(e.name) ? [`${p}/`] : listFiles(dir, p);
    return [p];
  });
}

const examples = readdirSync(examplesDir).filter((d) => existsSync(path.join(examplesDir, d, 'Dockerfile')));
const load = (name: string) => {
  const dir = path.join(examplesDir, name);
  const ignore = path.join(dir, '.dockerignore');
  const pkg = path.join(dir, 'package.json');
  const packageJson = existsSync(pkg) ? packageJsonFacts(readFileSync(pkg, 'utf8')) : undefined;
  const files = listFiles(dir);
  const manifests = Object.fromEntries(
    files.filter(isManifestName).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]),
  );
  // As electron/core/project.ts reads it: does a Go file import "C"?
  const goFiles = files.filter(isGoSource);
  const cgo = goFiles.length
    ? goFiles.some((f) => importsC(readFileSync(path.join(dir, f), 'utf8')))
    : undefined;
  // …and whether a JavaScript/TypeScript source starts processes.
  const nodeFiles = packageJson ? files.filter(isNodeSource) : [];
  const nodeSubprocess = nodeFiles.length
    ? nodeFiles.some((f) => startsProcesses(readFileSync(path.join(dir, f), 'utf8')))
    : undefined;
  // As electron/core/project.ts reads them: the project's scripts (shebang files, shell scripts…).
  const scripts = Object.fromEntries(
    files
      .filter(isScriptCandidate)
      .map((f) => [f, readFileSync(path.join(dir, f), 'utf8')] as const)
      .filter(([f, t]) => t.length <= MAX_SCRIPT_BYTES && keepScript(f, t)),
  );
  return {
    text: readFileSync(path.join(dir, 'Dockerfile'), 'utf8'),
    project: {
      files,
      manifests,
      scripts,
      ...(cgo !== undefined ? { cgo } : {}),
      ...(nodeSubprocess !== undefined ? { nodeSubprocess } : {}),
      dockerignore: existsSync(ignore) ? readFileSync(ignore, 'utf8') : null,
      ...(packageJson ? { packageJson } : {}),
    },
  };
};

function golden(file: string, actual: string): void {
  const p = path.join(goldenDir, file);
  if (update || !existsSync(p)) {
    mkdirSync(goldenDir, { recursive: true });
    writeFileSync(p, actual);
    if (!update) throw new Error(`golden file ${file} was missing; wrote it — review and commit it`);
  }
  expect(actual).toBe(readFileSync(p, 'utf8'));
}

describe('golden output of the example projects', () => {
  it('covers at least 8 examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(examples.filter((e) => e !== 'broken'))('%s', (name) => {
    const { text, project } = load(name);
    const res = optimize(text, project);
    golden(`${name}.Dockerfile`, res.text);
    golden(`${name}.dockerignore`, res.dockerignore ?? '(none proposed)\n');
  });

  it('lean-multistage yields no fixes', () => {
    const { text, project } = load('lean-multistage');
    const res = optimize(text, project);
    expect(res.fixes).toEqual([]);
    expect(res.text).toBe(text);
  });

  it('broken reports a clear error with line and column', () => {
    const { text, project } = load('broken');
    let err: unknown;
    try {
      optimize(text, project);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DockerfileParseError);
    expect((err as DockerfileParseError).line).toBeGreaterThan(1);
    expect((err as DockerfileParseError).message).toMatch(/line \d+, column \d+/);
  });

  it('flask-api: multi-stage on a slim base, non-root user and CMD kept', () => {
    const { text, project } = load('flask-api');
    const out = optimize(text, project).text;
    const runtime = out.slice(out.lastIndexOf('\nFROM '));
    expect(out).toMatch(/^FROM python:3\.9 AS builder/m);
    expect(runtime).toMatch(/^\nFROM python:3\.9-slim/);
    expect(runtime).toMatch(/^USER app$/m);
    const cmd = text.split('\n').find((l) => l.startsWith('CMD'))!;
    expect(runtime).toContain(cmd);
  });
});
