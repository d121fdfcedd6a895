/**
 * A second, disposable dockerd for tests that must kill a daemon: everything it owns (data root,
 * exec root with its managed containerd, socket, pidfile, log) lives under one temp folder, so it
 * never touches the engine the other tests use. Only processes it started are ever signalled,
 * by pid; `dispose()` also unmounts what the daemon mounted under the folder.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Endpoint } from './connection';
import { connect } from './connection';
import { poll } from './test-kit';

const run = promisify(execFile);

/** Why a throwaway daemon cannot run here, or null when it can. */
export function throwawayUnsupported(): string | null {
  if (process.platform !== 'linux') return 'needs Linux';
  if (process.getuid?.() !== 0) return 'dockerd needs root';
  const found = (process.env.PATH ?? '').split(':').some((d) => existsSync(path.join(d, 'dockerd')));
  return found ? null : 'no dockerd on PATH';
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Signals a pid we started; a process that exits between our check and the signal (ESRCH) is
 * what we wanted anyway, and must not fail the cleanup that follows.
 */
const signalQuietly = (pid: number, sig: NodeJS.Signals): void => {
  try {
    process.kill(pid, sig);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
};

/** A private dockerd under a temp folder that tests may kill and restart (see the file comment). */
export class ThrowawayDaemon {
  private child: ChildProcess | null = null;

  private constructor(readonly root: string) {}

  static async create(): Promise<ThrowawayDaemon> {
    // Short path: unix socket paths are limited to 108 bytes.
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'wdk-'));
    // An explicit empty config, so a system /etc/docker/daemon.json never applies.
    await fs.writeFile(path.join(root, 'daemon.json'), '{}');
    return new ThrowawayDaemon(root);
  }

  get endpoint(): Endpoint {
    return { host: `unix://${this.root}/d.sock`, source: 'DOCKER_HOST', tlsVerify: false, certPath: null };
  }

  get pid(): number | null {
    return this.child?.exitCode === null && this.child.signalCode === null ? (this.child.pid ?? null) : null;
  }

  /** Starts dockerd (no --containerd: it runs its own under the exec root) and waits for its ping. */
  async start(timeoutMs = 30_000): Promise<void> {
    const r = this.root;
    // After a SIGKILL the managed containerd dies too but stays a zombie until init reaps it; a
    // dockerd started before that adopts the dead pid and times out waiting for its socket.
    const cpid = await this.containerdPid();
    if (cpid) await poll(() => !alive(cpid), 15_000);
    const log = openSync(path.join(r, 'dockerd.log'), 'a');
    try {
      this.child = spawn(
        'dockerd',
        [
          ...['--config-file', `${r}/daemon.json`, '--data-root', `${r}/data`, '--exec-root', `${r}/exec`],
          ...['-H', `unix://${r}/d.sock`, '--pidfile', `${r}/d.pid`],
          // No bridge and no host network changes; builds use --network host.
          ...[
            '--bridge=none',
            '--iptables=false',
            '--ip6tables=false',
            '--ip-forward=false',
            '--ip-masq=false',
          ],
          '--userland-proxy=false',
        ],
        { detached: true, stdio: ['ignore', log, log] },
      );
    } finally {
      closeSync(log);
    }
    this.child.unref();
    const docker = connect(this.endpoint);
    const up = await poll(
      () =>
        this.pid !== null &&
        docker.ping().then(
          () => true,
          () => false,
        ),
      timeoutMs,
      200,
    );
    if (!up) throw new Error(`throwaway dockerd did not come up:\n${await this.logTail()}`);
  }

  /** SIGKILL, as a crash would; resolves once the process is gone. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL', 10_000);
  }

  /** SIGTERM and wait (dockerd stops its containerd), SIGKILL if it does not go. */
  async stop(): Promise<void> {
    if ((await this.signal('SIGTERM', 20_000)) === false) await this.signal('SIGKILL', 10_000);
  }

  private async signal(sig: NodeJS.Signals, waitMs: number): Promise<boolean> {
    const pid = this.pid;
    if (pid === null) return true;
    const gone = new Promise<void>((r) => this.child!.once('exit', () => r()));
    signalQuietly(pid, sig);
    return Promise.race([
      gone.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), waitMs)),
    ]);
  }

  async logTail(lines = 20): Promise<string> {
    const text = await fs.readFile(path.join(this.root, 'dockerd.log'), 'utf8').catch(() => '');
    return text.trim().split('\n').slice(-lines).join('\n');
  }

  /**
   * Processes of this daemon's containers and build steps that outlived it (a SIGKILLed daemon
   * leaves its build step running): their root filesystem is an overlay under our data root.
   */
  async orphans(): Promise<number[]> {
    const pids: number[] = [];
    for (const name of await fs.readdir('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const info = await fs.readFile(`/proc/${name}/mountinfo`, 'utf8').catch(() => '');
      const rootMount = info.split('\n').find((l) => l.split(' ')[4] === '/');
      if (rootMount?.includes(`${this.root}/data/`)) pids.push(Number(name));
    }
    return pids;
  }

  private async containerdPid(): Promise<number | null> {
    const text = await fs.readFile(`${this.root}/exec/containerd/containerd.pid`, 'utf8').catch(() => '');
    return Number(text) > 1 ? Number(text) : null;
  }

  /** Stops everything it started and removes the folder. Safe to call more than once. */
  async dispose(): Promise<void> {
    await this.stop();
    // The managed containerd normally dies with dockerd; make sure of it by its own pidfile.
    const cpid = await this.containerdPid();
    if (cpid && alive(cpid)) signalQuietly(cpid, 'SIGKILL');
    for (const pid of await this.orphans()) if (alive(pid)) signalQuietly(pid, 'SIGKILL');
    await poll(async () => (await this.orphans()).length === 0, 10_000);
    // dockerd bind-mounts its data root and a killed build leaves its rootfs mounted: deepest first.
    const mounts = (await fs.readFile('/proc/self/mountinfo', 'utf8'))
      .split('\n')
      .map((l) => l.split(' ')[4]?.replace(/\\040/g, ' '))
      .filter((m): m is string => !!m && m.startsWith(`${this.root}/`))
      .sort((a, b) => b.length - a.length);
    for (const m of mounts)
      await run('umount', [m]).catch(() => run('umount', ['-l', m]).catch(() => undefined));
    // A lazily unmounted overlay can stay busy for a moment (EBUSY): Node retries those.
    await fs.rm(this.root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}
