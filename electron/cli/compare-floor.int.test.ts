/**
 * `whittle compare --floor` on the real daemon (DOCKER_HOST) with a tiny busybox project: the
 * --json document carries each image's floor (issue 14), holding the file the check reads and
 * not the 2 MB file nothing reads; without --floor there is none (the default compare is unchanged).
 */
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { CompareReport, ImageFloor } from '../../shared/api/contract';
import { runCompare } from './commands/compare';
import type { CliIO } from './io';
import { DockerService } from '../core/docker/service';
import { describeDocker, dockerEndpoint, makeContext, nonce, removeDir } from '../core/docker/test-kit';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd };
  return { cli, out: () => out.join(''), err: () => err.join('') };
}

describeDocker('whittle compare --floor', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await new DockerService(dockerEndpoint()).removeImages(dir);
    await removeDir(dir);
  });

  it('reports both floors with --floor, and none without', async () => {
    dir = await makeContext(
      {
        Dockerfile: [
          'FROM busybox:latest',
          'WORKDIR /app',
          'COPY app.txt /app/',
          `RUN head -c 2000000 /dev/urandom > /app/unread.bin && echo ${nonce()}`,
          'CMD ["sleep", "60"]',
          '',
        ].join('\n'),
        'app.txt': 'the app\n',
      },
      'whittle-test-floor14-',
    );
    const args = [path.basename(dir), '--json', '--no-verify', '--check', 'cat /app/app.txt'];
    const t = io(path.dirname(dir));
    expect(await runCompare([...args, '--floor'], t.cli)).toBe(0);
    const doc = JSON.parse(t.out()) as CompareReport;
    for (const side of ['original', 'optimized'] as const) {
      const f = doc.floor![side] as ImageFloor;
      expect(f.status, JSON.stringify(f)).toBe('measured');
      expect(f.floorBytes).toBeGreaterThan(0);
      expect(f.floorBytes).toBeLessThanOrEqual(doc[side].sizeBytes);
      expect(f.floorBytes).toBeLessThan(2_000_000);
      const paths = f.files.map((x) => x.path);
      expect(paths).toContain('/app/app.txt');
      expect(paths).not.toContain('/app/unread.bin');
      expect(f.smoke.passed).toBe(true);
    }
    const plain = io(path.dirname(dir));
    expect(await runCompare(args, plain.cli)).toBe(0);
    expect((JSON.parse(plain.out()) as CompareReport).floor).toBeUndefined();
  }, 300_000);
});
