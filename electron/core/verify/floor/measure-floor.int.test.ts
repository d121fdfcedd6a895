/**
 * The floor on the real engine (DOCKER_HOST), on two fixture images that each carry a 20 MB file
 * the app never opens:
 *  - python:3.11-slim running a script as a non-root user, with a check command (`cat`) that the
 *    app itself never runs: the floor holds the interpreter, its loader and libc, the script and
 *    the data file it reads, and the check's `cat` (as check-only bytes), not the 20 MB;
 *  - distroless static (no shell, no libc) running a static busybox copied in: the floor is the
 *    binary and the file it reads, with no loader at all.
 * Images are tagged whittle-test-floor14/* and removed afterwards.
 */
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImageFloor } from '../../../../shared/api/contract';
import { buildImage } from '../../docker/build';
import {
  describeDocker,
  dockerClient,
  makeContext,
  nonce,
  progressLog,
  removeDir,
  removeImages,
} from '../../docker/test-kit';
import { measureFloor } from './measure-floor';

const UNREAD = '/opt/unread.bin';
const MB20 = 20 * 1024 * 1024;

const PYTHON = `FROM python:3.11-slim
RUN head -c ${MB20} /dev/urandom > ${UNREAD}
COPY app.py data.txt /app/
WORKDIR /app
USER 1000
CMD ["python3", "app.py"]
`;
const APP_PY = `import json, time
with open("data.txt") as f:
    print(json.dumps(f.read().strip()), flush=True)
time.sleep(60)
`;

const STATIC = `FROM busybox AS tools
RUN head -c ${MB20} /dev/urandom > /unread.bin
FROM gcr.io/distroless/static-debian12
COPY --from=tools /bin/busybox /busybox
COPY --from=tools /unread.bin ${UNREAD}
COPY data.txt /data.txt
COPY data.txt /other.txt
CMD ["/busybox", "sh", "-c", "/busybox cat \${READ:-/data.txt}; /busybox sleep 60"]
`;

describeDocker('measureFloor on the engine', () => {
  let docker: Dockerode;
  let dir: string;
  const ids: string[] = [];
  const run = nonce();

  async function build(name: string, text: string): Promise<string> {
    const { imageId } = await buildImage(
      docker,
      {
        dir,
        dockerfileText: text,
        variant: 'optimized',
        buildId: `floor-${name}`,
        buildkit: true,
        network: 'host',
        signal: new AbortController().signal,
      },
      progressLog().emit,
    );
    ids.push(imageId);
    await docker.getImage(imageId).tag({ repo: 'whittle-test-floor14/' + name, tag: run });
    return imageId;
  }

  const paths = (f: ImageFloor) => f.files.map((x) => x.path);

  beforeAll(async () => {
    docker = dockerClient();
    dir = await makeContext({ 'app.py': APP_PY, 'data.txt': 'hello floor\n' });
  });

  afterAll(async () => {
    if (docker) await removeImages(docker, ids);
    await removeDir(dir);
  });

  it('python: counts the interpreter, its loader and libc, the app and its data, not the unread 20 MB', async () => {
    const image = await build('python', PYTHON);
    const size = (await docker.getImage(image).inspect()).Size;
    const floor = await measureFloor(docker, image, {
      checkCommand: ['cat', '/etc/debian_version'],
      maxFiles: 10_000,
    });
    expect(floor.status, JSON.stringify(floor)).toBe('measured');
    const f = floor as ImageFloor;
    expect(f.smoke.passed).toBe(true);
    expect(f.floorBytes).toBeGreaterThan(1_000_000);
    expect(f.floorBytes).toBeLessThanOrEqual(size);
    expect(f.floorBytes).toBeLessThan(size - MB20);
    const p = paths(f);
    expect(p).toContain('/usr/bin/python3.11');
    expect(p.some((x) => /\/ld-linux-x86-64\.so\.2$/.test(x))).toBe(true);
    expect(p.some((x) => /\/libc\.so\.6$/.test(x))).toBe(true);
    expect(p).toContain('/app/app.py');
    expect(p).toContain('/app/data.txt');
    expect(p).not.toContain(UNREAD);
    expect(p.some((x) => x.startsWith('/.whittle-trace') || x.startsWith('/proc'))).toBe(false);
    // The loader is mapped by the kernel, never opened: only the closure brings it in.
    expect(f.loaderAndLibsBytes).toBeGreaterThan(0);
    expect(f.floorBytes).toBeGreaterThanOrEqual(f.openedBytes);
    // `cat` is the check's alone.
    expect(p).toContain('/usr/bin/cat');
    expect(f.checkOnlyBytes).toBeGreaterThan(0);
  }, 240_000);

  it('distroless static with a static busybox: no shell, no libc, no loader; the binary and its data', async () => {
    const image = await build('static', STATIC);
    const size = (await docker.getImage(image).inspect()).Size;
    const floor = await measureFloor(docker, image, { maxFiles: 10_000 });
    expect(floor.status, JSON.stringify(floor)).toBe('measured');
    const f = floor as ImageFloor;
    const p = paths(f);
    expect(p).toContain('/busybox');
    expect(p).toContain('/data.txt');
    expect(p).not.toContain(UNREAD);
    expect(f.loaderAndLibsBytes).toBe(0);
    expect(f.floorBytes).toBeGreaterThan(0);
    expect(f.floorBytes).toBeLessThan(size - MB20);
    expect(p).not.toContain('/other.txt');
    // Extra Env drives the app down another path: that run reads /other.txt instead.
    const other = (await measureFloor(docker, image, {
      env: ['READ=/other.txt'],
      maxFiles: 10_000,
    })) as ImageFloor;
    expect(other.files.map((x) => x.path)).toContain('/other.txt');
    expect(other.files.map((x) => x.path)).not.toContain('/data.txt');
  }, 240_000);
});
