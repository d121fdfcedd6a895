/**
 * The tracer the floor runs inside a container: this machine's `strace` with the exact shared
 * libraries and dynamic loader it links (as `ldd` lists them), packed as a tar for the Docker API's
 * `PUT /containers/{id}/archive`. Inside, it runs as
 * `/.whittle-trace/ld.so --library-path /.whittle-trace/lib /.whittle-trace/strace …`, so it needs
 * nothing from the image (no shell, no libc: distroless static and scratch images work) and works
 * with a remote daemon too, as long as the daemon's machine has this machine's architecture.
 * strace comes from Debian's `strace` package (installed with the engine's prerequisites,
 * scripts/engine/lib.sh and .ci/run). `WHITTLE_STRACE` names another binary.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { pack } from 'tar-stream';

const run = promisify(execFile);

/** A packed tracer. */
export interface HostTracer {
  /** Tar to extract at `/` of the container: `.whittle-trace/{ld.so,lib/*,strace,out/}`. */
  tar: Buffer;
  /** `strace 6.1` */
  version: string;
  /** Whether `--seccomp-bpf` is available (strace ≥ 5.3): only traced syscalls stop the process. */
  seccompBpf: boolean;
  /** Docker's name of this machine's architecture (`amd64`, `arm64`…). */
  architecture: string;
  /** Whether strace is run through the packed loader (false: a static strace). */
  viaLoader: boolean;
}

const DOCKER_ARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  ia32: '386',
  arm: 'arm',
  s390x: 's390x',
  ppc64: 'ppc64le',
  riscv64: 'riscv64',
};

/** `ldd` output → the loader path and `[soname, path]` pairs (vdso and unresolved names skipped). */
export function parseLdd(text: string): { loader: string | null; libs: [string, string][] } {
  let loader: string | null = null;
  const libs: [string, string][] = [];
  for (const line of text.split('\n')) {
    const arrow = /^\s*(\S+)\s+=>\s+(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line);
    if (arrow) {
      libs.push([arrow[1]!, arrow[2]!]);
      continue;
    }
    const bare = /^\s*(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line);
    if (bare) loader = bare[1]!;
  }
  return { loader, libs };
}

async function findStrace(): Promise<string> {
  const named = process.env.WHITTLE_STRACE;
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/bin', '/usr/sbin', '/bin']);
  for (const p of named ? [named] : dirs.filter(Boolean).map((d) => path.join(d, 'strace'))) {
    try {
      await fs.access(p, fs.constants.X_OK);
      return await fs.realpath(p);
    } catch {
      // next
    }
  }
  throw new Error(
    'strace is not installed on this machine (the floor traces the app with it): apt-get install -y strace',
  );
}

let cached: Promise<HostTracer> | null = null;

/** The packed tracer, built once per process. Rejects when strace or its libraries cannot be found. */
export function hostTracer(): Promise<HostTracer> {
  if (!cached) {
    cached = buildTracer();
    cached.catch(() => (cached = null));
  }
  return cached;
}

async function buildTracer(): Promise<HostTracer> {
  const strace = await findStrace();
  const { stdout: v } = await run(strace, ['-V']);
  const m = /version\s+(\d+)\.(\d+)/.exec(v);
  const version = m ? `strace ${m[1]}.${m[2]}` : 'strace';
  const seccompBpf = !!m && (Number(m[1]) > 5 || (Number(m[1]) === 5 && Number(m[2]) >= 3));
  let ldd = '';
  try {
    ldd = (await run('ldd', [strace])).stdout;
  } catch {
    ldd = ''; // "not a dynamic executable": a static strace runs as is
  }
  const { loader, libs } = parseLdd(ldd);
  const p = pack();
  const add = (name: string, body: Buffer, mode: number) =>
    new Promise<void>((resolve, reject) =>
      p.entry({ name, mode, uid: 0, gid: 0, mtime: new Date(0) }, body, (e) => (e ? reject(e) : resolve())),
    );
  const dir = (name: string, mode: number) =>
    new Promise<void>((resolve, reject) =>
      p.entry({ name, type: 'directory', mode, uid: 0, gid: 0, mtime: new Date(0) }, (e) =>
        e ? reject(e) : resolve(),
      ),
    );
  const chunks: Buffer[] = [];
  p.on('data', (b: unknown) => chunks.push(b as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    p.on('end', resolve);
    p.on('error', reject);
  });
  await dir('.whittle-trace', 0o755);
  await dir('.whittle-trace/lib', 0o755);
  // Any user the image runs as writes its trace here.
  await dir('.whittle-trace/out', 0o777);
  await add('.whittle-trace/strace', await fs.readFile(strace), 0o755);
  if (loader) await add('.whittle-trace/ld.so', await fs.readFile(loader), 0o755);
  for (const [soname, file] of libs)
    await add(`.whittle-trace/lib/${soname}`, await fs.readFile(file), 0o644);
  p.finalize();
  await done;
  return {
    tar: Buffer.concat(chunks),
    version,
    seccompBpf,
    architecture: DOCKER_ARCH[process.arch] ?? process.arch,
    viaLoader: !!loader,
  };
}

/** The command that runs `argv` under the tracer, writing its trace to `out` (inside the container). */
export function tracedCommand(t: HostTracer, out: string, argv: string[]): string[] {
  const base = '/.whittle-trace';
  return [
    ...(t.viaLoader ? [`${base}/ld.so`, '--library-path', `${base}/lib`] : []),
    `${base}/strace`,
    '-f',
    '-qq',
    '-y',
    ...(t.seccompBpf ? ['--seccomp-bpf'] : []),
    '-e',
    'trace=execve,execveat,open,openat,openat2,creat',
    '-e',
    'signal=none',
    '-o',
    out,
    '--',
    ...argv,
  ];
}
