import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './args';
import { main } from './main';

/** Runs the CLI in-process and captures its output. */
async function run(args: string[], cwd = repoRoot()) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t), cwd });
  return { code, out, err };
}

const copies: string[] = [];
const example = (name: string): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), `whittle-cli-${name}-`));
  cpSync(path.join(repoRoot(), 'examples', name), dir, { recursive: true });
  copies.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('whittle analyze', () => {
  it('prints a findings table for the default example; exits 0 without --fail-on, 1 with it', async () => {
    const r = await run(['analyze']);
    expect(r.out).toContain('examples/flask-api/Dockerfile');
    expect(r.out).toMatch(/WH010\s+auto-fix/);
    expect(r.out).toMatch(/WH023 \(DL3042\)/);
    // The README's CI line (`analyze . --format sarif > whittle.sarif`) must not fail its step.
    expect(r.code).toBe(0);
    expect((await run(['analyze', '--format', 'sarif'])).code).toBe(0);
    expect((await run(['analyze', '--fail-on', 'error'])).code).toBe(1);
  });

  it('SARIF locations are relative to the git top level, or to --sarif-root', async () => {
    type Sarif = {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const uri = (out: string) =>
      (JSON.parse(out) as Sarif).runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
    expect(uri((await run(['analyze', 'examples/flask-api', '--format', 'sarif'])).out)).toBe(
      'examples/flask-api/Dockerfile',
    );
    const rooted = await run([
      'analyze',
      'examples/flask-api',
      '--format',
      'sarif',
      '--sarif-root',
      'examples',
    ]);
    expect(uri(rooted.out)).toBe('flask-api/Dockerfile');
  });

  it('every subcommand prints its own usage for --help and exits 0', async () => {
    for (const cmd of ['analyze', 'optimize', 'compare', 'serve', 'rules']) {
      const r = await run([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.out, cmd).toMatch(new RegExp(`^Usage: \\S+( --)? ${cmd}\\b`));
    }
    const bad = await run(['analyze', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/Usage: .*analyze/);
  });

  it('with --format json a failure is also a JSON error on stdout', async () => {
    const r = await run(['analyze', '/nonexistent/whittle', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toEqual({
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/Folder not found/) },
    });
  });

  it('exits 0 for a lean Dockerfile', async () => {
    const r = await run(['analyze', 'examples/lean-multistage', '--fail-on', 'warning']);
    expect(r.out).toContain('No size problems found');
    expect(r.code).toBe(0);
  });

  it('writes JSON and SARIF', async () => {
    const json = JSON.parse((await run(['analyze', 'examples/node-express', '--format', 'json'])).out) as {
      findings: { ruleId: string }[];
    };
    expect(json.findings.map((f) => f.ruleId)).toContain('WH024');
    const sarif = JSON.parse((await run(['analyze', 'examples/node-express', '--format', 'sarif'])).out) as {
      version: string;
      runs: {
        results: { ruleId: string; locations: unknown[] }[];
        tool: { driver: { rules: { id: string }[] } };
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(3);
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toContain('WH010');
  });

  it('reports an unterminated heredoc with its line, exit 2, and writes nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'whittle-cli-heredoc-'));
    copies.push(dir);
    writeFileSync(
      path.join(dir, 'Dockerfile'),
      'FROM debian:bookworm-slim\nRUN echo hi\nRUN <<EOT\necho a\nCMD ["bash"]\n',
    );
    const r = await run(['optimize', dir, '--stdout']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/line 3, column 5: here-document <<EOT is never closed/);
    expect(r.out).toBe('');
  });

  it('reports a broken Dockerfile with line and column, exit 2', async () => {
    const r = await run(['analyze', 'examples/broken']);
    expect(r.err).toMatch(/line 4, column 1: unknown instruction "RUNN"/);
    expect(r.code).toBe(2);
  });

  it('rejects bad options and a missing folder with exit 2', async () => {
    expect((await run(['analyze', '--format', 'xml'])).code).toBe(2);
    const missing = await run(['analyze', '/nonexistent/whittle']);
    expect(missing.err).toMatch(/Folder not found/);
    expect(missing.code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  });

  it('honours .whittle.yaml (disabled rules, failOn)', async () => {
    const dir = example('ruby-app');
    writeFileSync(
      path.join(dir, '.whittle.yaml'),
      'disabled: [WH001, WH003]\nthresholds: { failOn: error }\n',
    );
    const r = await run(['analyze', dir, '--format', 'json']);
    const ids = (JSON.parse(r.out) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    expect(ids).not.toContain('WH001');
    expect(ids).toContain('WH021');
  });
});

describe('whittle optimize', () => {
  it('prints a multi-stage Dockerfile on a slim base that keeps the user and CMD (--stdout)', async () => {
    const r = await run(['optimize', 'examples/flask-api', '--stdout']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/run `whittle analyze examples\/flask-api` for details/);
    expect(r.out).toMatch(/^FROM python:3\.9 AS builder$/m);
    expect(r.out).toMatch(/^FROM python:3\.9-slim$/m);
    expect(r.out).toMatch(/^USER app$/m);
    expect(r.out).toContain('CMD ["uwsgi"');
  });

  it('writes Dockerfile.whittle and .dockerignore.whittle, never touching the Dockerfile', async () => {
    const dir = example('flask-api');
    const before = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    const r = await run(['optimize', dir]);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(before);
    expect(readFileSync(path.join(dir, 'Dockerfile.whittle'), 'utf8')).toMatch(/AS builder/);
    expect(readFileSync(path.join(dir, '.dockerignore.whittle'), 'utf8')).toMatch(/^\.git$/m);
  });

  it('--in-place keeps Dockerfile.bak', async () => {
    const dir = example('node-express');
    const before = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    expect((await run(['optimize', dir, '--in-place'])).code).toBe(0);
    expect(readFileSync(path.join(dir, 'Dockerfile.bak'), 'utf8')).toBe(before);
    expect(readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toMatch(
      /FROM gcr\.io\/distroless\/nodejs20-debian12/,
    );
    expect(existsSync(path.join(dir, '.dockerignore'))).toBe(true);
  });

  it('--disable turns one fix off and --diff prints a unified diff', async () => {
    const r = await run(['optimize', 'examples/node-express', '--diff', '--disable', 'WH050,no-multi-stage']);
    expect(r.out).toMatch(/^--- Dockerfile/m);
    expect(r.out).not.toContain('USER node');
    expect(r.out).not.toContain('AS builder');
    expect((await run(['optimize', '--disable', 'WH999'])).code).toBe(2);
    expect((await run(['optimize', '--stdout', '--diff'])).code).toBe(2);
  });
});

describe('the whittle command (package.json bin)', () => {
  it('runs the bundled CLI with plain Node, no TypeScript transpiler', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const bin = path.join(repoRoot(), pkg.bin.whittle!);
    const r = spawnSync(process.execPath, [bin, 'analyze', 'examples/lean-multistage', '--format', 'json'], {
      cwd: repoRoot(),
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ findings: [] });
    expect(existsSync(path.join(repoRoot(), 'dist', 'cli', 'whittle.mjs'))).toBe(true);
    // It may bundle the CLI first (esbuild, seconds on a busy machine): no load-bound timeout.
  }, 120_000);
});

describe('whittle rules', () => {
  it('lists every rule with its hadolint id', async () => {
    const r = await run(['rules']);
    expect(r.out.trim().split('\n').length).toBeGreaterThanOrEqual(24);
    expect(r.out).toMatch(/WH022\s+DL3009/);
  });
});
