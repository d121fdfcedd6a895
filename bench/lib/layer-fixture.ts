/**
 * Fixture images for the layer-analysis benchmark: debian:bookworm-slim plus tens of thousands
 * of random-content files (incompressible, so the archive really is as big as the image) in
 * two layers, the second deleting part of the first so whiteouts and hidden copies are
 * exercised too. Built once and kept under a `whittle-bench/` tag: building 2 GB of files takes
 * minutes, and the benchmark measures reading an image, not making one.
 */
import { spawn } from 'node:child_process';
import type Dockerode from 'dockerode';

export interface FixtureSpec {
  tag: string;
  files: number;
  totalBytes: number;
}

export const FIXTURES: FixtureSpec[] = [
  { tag: 'whittle-bench/layers:1g', files: 40_000, totalBytes: 1024 ** 3 },
  // Same file count, twice the bytes: a flat RSS then shows the archive is streamed, not held.
  { tag: 'whittle-bench/layers:2g', files: 40_000, totalBytes: 2 * 1024 ** 3 },
];

/** A RUN that writes `n` files of uniformly random size (mean `avg`) under `dir`, 1,000 per folder. */
function writeFiles(dir: string, n: number, avg: number): string {
  // bash for $RANDOM (0..32767); RANDOM*2*avg/32768 is uniform on [0, 2·avg).
  const script =
    `set -e; for ((i=0; i<${n}; i++)); do d=${dir}/$((i/1000)); ` +
    `[ $((i%1000)) -eq 0 ] && mkdir -p $d; head -c $((RANDOM * ${2 * avg} / 32768)) /dev/urandom > $d/f$i; done`;
  return `RUN bash -c '${script}'`;
}

export function fixtureDockerfile(spec: FixtureSpec): string {
  const half = spec.files / 2;
  const avg = Math.round(spec.totalBytes / spec.files);
  return [
    'FROM debian:bookworm-slim',
    writeFiles('/data/a', half, avg),
    // Deleting a tenth of the first layer's files leaves bytes that are stored but hidden.
    `${writeFiles('/data/b', half, avg)} && rm -rf /data/a/0 /data/a/1`,
    '',
  ].join('\n');
}

async function exists(docker: Dockerode, ref: string): Promise<boolean> {
  return docker
    .getImage(ref)
    .inspect()
    .then(() => true)
    .catch(() => false);
}

/** Builds the fixture unless an image with its tag exists; returns true when it had to build. */
export async function ensureFixture(
  docker: Dockerode,
  spec: FixtureSpec,
  log: (m: string) => void,
): Promise<boolean> {
  if (await exists(docker, spec.tag)) return false;
  log(
    `building fixture ${spec.tag} (${spec.files} files, ${(spec.totalBytes / 1e9).toFixed(1)} GB; once, then cached)`,
  );
  // The docker CLI with a Dockerfile on stdin: no build context to send, and the classic
  // builder (DOCKER_BUILDKIT=0) so it works on any engine the test script brings up.
  await new Promise<void>((resolve, reject) => {
    const p = spawn('docker', ['build', '-q', '-t', spec.tag, '-'], {
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`docker build ${spec.tag}: ${err.trim()}`)),
    );
    p.stdin.end(fixtureDockerfile(spec));
  });
  return true;
}
