/**
 * `whittle compare` (electron/cli/commands/compare.ts) without a daemon: usage errors, a folder
 * with no Dockerfile, and Docker unreachable each give their exit code and a one-line reason.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompare } from '../../cli/commands/compare';
import { main } from '../../cli/main';
import type { CliIO } from '../../cli/io';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd };
  return { cli, out: () => out.join(''), err: () => err.join('') };
}

describe('whittle compare without a daemon', () => {
  let dir: string;
  let empty: string;
  const saved = process.env.DOCKER_HOST;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'whittle-cli-'));
    await fs.writeFile(path.join(dir, 'Dockerfile'), 'FROM busybox:latest\nCMD ["true"]\n');
    empty = await fs.mkdtemp(path.join(os.tmpdir(), 'whittle-cli-empty-'));
    // Nothing listens here, whatever the machine runs.
    process.env.DOCKER_HOST = `unix://${path.join(dir, 'no-daemon.sock')}`;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rm(empty, { recursive: true, force: true });
  });

  it.each([
    [['--nope'], /Unknown option '--nope'/],
    [['a', 'b'], /expected one project folder, got 2/],
    [['--check', '  '], /--check needs a command/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const t = io(dir);
    expect(await runCompare(args, t.cli)).toBe(2);
    expect(t.err()).toMatch(message);
    expect(t.out()).toBe('');
  });

  it('a folder without a Dockerfile exits 2 and says where it looked', async () => {
    const t = io(empty);
    expect(await runCompare(['.'], t.cli)).toBe(2);
    expect(t.err()).toBe(`whittle compare: No Dockerfile at ${path.join(empty, 'Dockerfile')}\n`);
  });

  it('Docker unreachable exits 3 with the sentence, not a stack trace', async () => {
    const t = io(dir);
    expect(await runCompare(['.', '--json'], t.cli)).toBe(3);
    expect(t.err()).toMatch(/^whittle compare: Docker is not running at unix:\/\/.*no-daemon\.sock; /);
    expect(t.err().trim().split('\n')).toHaveLength(1);
    expect(t.out()).toBe('');
  });

  it('through the CLI, --json also writes the failure as a JSON object on stdout', async () => {
    const t = io(dir);
    expect(await main(['compare', '.', '--json'], t.cli)).toBe(3);
    expect(JSON.parse(t.out())).toEqual({
      error: {
        code: 'DOCKER_UNREACHABLE',
        message: expect.stringMatching(/^Docker is not running at unix:/),
      },
    });
    const plain = io(dir);
    expect(await main(['compare', '.'], plain.cli)).toBe(3);
    expect(plain.out()).toBe('');
  });

  it('a DOCKER_HOST the client cannot use exits 3 too, not as an unexpected error', async () => {
    const before = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = 'bogus://x';
    try {
      const t = io(dir);
      expect(await runCompare(['.'], t.cli)).toBe(3);
      expect(t.err()).toMatch(/cannot use the Docker endpoint: .*bogus:\/\/x/);
    } finally {
      process.env.DOCKER_HOST = before;
    }
  });
});
