/**
 * `whittle compare` (electron/cli/commands/compare.ts) on the real daemon (DOCKER_HOST) with a
 * tiny busybox project: the --json document, the text report, and the exit codes for a smoke
 * test that fails (1) and a build that fails (4, with the failing step and its output).
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCompare } from '../../cli/commands/compare';
import type { CliIO } from '../../cli/io';
import { DockerService } from './service';
import { describeDocker, dockerEndpoint, makeContext, nonce, removeDir } from './test-kit';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd };
  return { cli, out: () => out.join(''), err: () => err.join('') };
}

interface JsonLayer {
  instruction: string;
  line: number | null;
  sizeBytes: number;
  isBase: boolean;
}

describeDocker('whittle compare on the daemon', () => {
  const dirs: string[] = [];
  const project = async (dockerfile: string) => {
    const dir = await makeContext({ Dockerfile: dockerfile, 'app.txt': 'the app\n' }, 'whittle-cli-');
    dirs.push(dir);
    return dir;
  };

  beforeAll(() => {
    // runCompare dials what the CLI would: DOCKER_HOST, already set for this project.
    expect(dockerEndpoint().host).toBe(process.env.DOCKER_HOST);
  });
  afterAll(async () => {
    const service = new DockerService(dockerEndpoint());
    for (const dir of dirs) {
      await service.removeImages(dir); // --keep-images leftovers
      await removeDir(dir);
    }
  });

  it('--json: sizes, reduction, layers with lines, smoke test and config differences; exit 0', async () => {
    const token = nonce();
    const dir = await project(
      [
        'FROM busybox:latest',
        'WORKDIR /app',
        'COPY app.txt /app/',
        `RUN dd if=/dev/zero of=/app/junk bs=1024 count=1024 && echo ${token}`,
        'RUN rm /app/junk',
        'CMD ["sleep", "60"]',
        '',
      ].join('\n'),
    );
    const t = io(path.dirname(dir));
    const code = await runCompare(
      [path.basename(dir), '--json', '--check', "sh -c 'cat /app/app.txt'"],
      t.cli,
    );
    expect(t.err()).not.toMatch(/error/i);
    expect(code).toBe(0);
    const doc = JSON.parse(t.out()) as {
      dir: string;
      original: { sizeBytes: number; layers: JsonLayer[] };
      optimized: { sizeBytes: number; layers: JsonLayer[] };
      reductionBytes: number;
      reductionPercent: number;
      smokeTest: { passed: boolean; checkOutput?: string };
      configDifferences: unknown[];
      verification: {
        status: string;
        checks: { id: string; optimized: { status: string }; regression: boolean }[];
        heldBack: unknown[];
        savings: { ruleId: string; measuredBytes: number | null; estimatedBytes: number | null }[];
      };
    };
    // Verified: every check ran on both images, nothing held back, each fix's saving measured.
    expect(doc.verification.status).toBe('verified');
    expect(doc.verification.checks.map((c) => [c.id, c.optimized.status])).toEqual([
      ['same-config', 'pass'],
      ['runtime-libraries', 'pass'],
      ['starts-and-answers', 'pass'],
      ['writes-as-user', 'pass'],
    ]);
    expect(doc.verification.heldBack).toEqual([]);
    expect(doc.verification.savings.length).toBeGreaterThan(0);
    for (const m of doc.verification.savings) expect(typeof m.measuredBytes).toBe('number');
    expect(doc.dir).toBe(dir);
    expect(doc.original.sizeBytes - doc.optimized.sizeBytes).toBe(doc.reductionBytes);
    expect(doc.reductionPercent).toBe(Math.round((doc.reductionBytes / doc.original.sizeBytes) * 1000) / 10);
    const own = doc.original.layers.filter((l) => !l.isBase);
    expect(own.map((l) => l.line)).toEqual([2, 3, 4, 5]);
    expect(own.find((l) => l.line === 4)).toMatchObject({ sizeBytes: 1024 * 1024 });
    expect(own.find((l) => l.line === 4)!.instruction).toContain(token);
    for (const l of [...doc.original.layers, ...doc.optimized.layers]) {
      expect(typeof l.instruction).toBe('string');
      expect(typeof l.sizeBytes).toBe('number');
    }
    expect(doc.smokeTest).toMatchObject({ passed: true, checkOutput: 'the app' });
    expect(Array.isArray(doc.configDifferences)).toBe(true);
    // Progress: one stderr line per step and one per finished build, not the build output.
    expect(t.err()).toMatch(/\[original\] step \d+\/\d+.*: RUN dd/);
    expect(t.err()).toMatch(/\[optimized\] built/);
    expect(t.err()).not.toMatch(new RegExp(`^${token}$`, 'm')); // the RUN's own output
  });

  it('text report; a failing smoke test exits 1 and shows the original as a baseline', async () => {
    const dir = await project(
      'FROM busybox:latest\nCOPY app.txt /\nCMD ["sh", "-c", "echo crashed; exit 5"]\n',
    );
    const t = io(dir);
    const code = await runCompare(['.', '--keep-images'], t.cli);
    expect(code).toBe(1);
    const out = t.out();
    expect(out).toMatch(/^Original +whittle\/whittle-cli-[\w-]+:original +/);
    expect(out).toMatch(/Total: .* → .* \(−/);
    expect(out).toContain('Smoke test: FAILED (exited-error, exit 5)\n  | crashed\n');
    expect(out).toContain('Original image, same test: FAILED (exited-error, exit 5)');
    // Not Whittle's doing: the original fails the same check, nothing is held back.
    expect(out).toContain('Verification: original-fails');
    expect(out).toMatch(/FAIL → FAIL {2}Starts and answers: The container exited with code 5\./);
    expect(out).not.toContain('Held back');
    expect(out).toMatch(/ {2}L2 .* COPY app\.txt \//);
    const kept = await new DockerService(dockerEndpoint()).listImages(dir);
    expect(kept.map((i) => i.RepoTags?.[0]?.split(':')[1]).sort()).toEqual(['optimized', 'original']);
  });

  it('a failing build exits 4 with the failing step and its last output lines', async () => {
    const token = nonce();
    const dir = await project(`FROM busybox:latest\nRUN echo "going down ${token}" && exit 7\n`);
    const t = io(dir);
    expect(await runCompare(['.'], t.cli)).toBe(4);
    expect(t.err()).toMatch(
      /whittle compare: original build failed at `RUN echo "going down [0-9a-f]+" && exit 7`/,
    );
    expect(t.err()).toContain(`  | going down ${token}`);
    expect(t.out()).toBe('');
  });
});
