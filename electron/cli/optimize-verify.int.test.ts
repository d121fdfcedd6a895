/**
 * `whittle optimize --verify` on the real daemon (DOCKER_HOST): the file written is the verified
 * Dockerfile, and the exit codes say why when it is not (4: the original does not build,
 * 3: no daemon). The project writes into a system folder (/var/log, root's) from a script the rules
 * cannot read, so the static rules add a non-root USER and only the checks catch it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DockerService } from '../core/docker/service';
import { describeDocker, dockerEndpoint, makeContext, removeDir } from '../core/docker/test-kit';
import { runOptimize } from './commands/optimize';
import type { CliIO } from './io';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd };
  return { cli, out: () => out.join(''), err: () => err.join('') };
}

describeDocker('whittle optimize --verify on the daemon', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    const service = new DockerService(dockerEndpoint());
    for (const dir of dirs) {
      await service.removeImages(dir);
      await removeDir(dir);
    }
  });

  it('writes the verified Dockerfile: the added USER that cannot write a system folder is held back', async () => {
    const dockerfile = 'FROM debian:bookworm-slim\nWORKDIR /app\nCOPY . .\nCMD ["sh", "run.sh"]\n';
    const dir = await makeContext(
      { Dockerfile: dockerfile, 'run.sh': 'echo hello > /var/log/whittle-state.txt\nexec sleep 600\n' },
      'whittle-test-verify-cli-',
    );
    dirs.push(dir);
    // Without --verify the static rules add the user (what this test is about).
    const plain = io(dir);
    expect(await runOptimize(['.', '--stdout'], plain.cli)).toBe(0);
    expect(plain.out()).toMatch(/^USER /m);

    const t = io(dir);
    const code = await runOptimize(['.', '--verify', '--verify-budget', '300'], t.cli);
    expect(t.err()).toMatch(/Held back[^]*WH050 broke "writes-as-user"[^]*\/var\/log[^]*not writable by/);
    expect(code).toBe(0);
    const written = await fs.readFile(path.join(dir, 'Dockerfile.whittle'), 'utf8');
    expect(written).not.toMatch(/^USER /m);
    expect(t.err()).toMatch(/Verification: verified/);
  }, 300_000);

  it('exits 4 when the original does not build, writing nothing', async () => {
    const dir = await makeContext(
      { Dockerfile: 'FROM busybox:latest\nRUN exit 3\nCMD ["true"]\n' },
      'whittle-test-verify-cli-',
    );
    dirs.push(dir);
    const t = io(dir);
    expect(await runOptimize(['.', '--verify'], t.cli)).toBe(4);
    expect(t.err()).toMatch(/original build failed/);
    await expect(fs.access(path.join(dir, 'Dockerfile.whittle'))).rejects.toThrow();
  }, 120_000);

  it('exits 3 when Docker is unreachable', async () => {
    const dir = await makeContext(
      { Dockerfile: 'FROM busybox:latest\nCMD ["true"]\n' },
      'whittle-test-verify-cli-',
    );
    dirs.push(dir);
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `unix://${path.join(dir, 'no.sock')}`;
    try {
      expect(await runOptimize(['.', '--verify'], io(dir).cli)).toBe(3);
    } finally {
      process.env.DOCKER_HOST = saved;
    }
  });
});
