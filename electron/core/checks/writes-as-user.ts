/**
 * "Writes as its user": every path the ORIGINAL container created or changed during its run
 * (Docker's container changes API) must be writable by the optimized image's user. The probe is a
 * throwaway container of the optimized image, as its own user, running `test -w` on each path (or,
 * for a path the image does not have, on the nearest directory that exists: where it would be
 * created). An image without `/bin/sh` (distroless) is judged from its files instead: owners and
 * permission bits of the layers' entries and its /etc/passwd and /etc/group (shared/layers/
 * writable.ts); only when those do not name the user is the check skipped, saying so.
 */
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';
import { notWritable, resolveIdentity, type StatFn } from '../../../shared/layers/writable';
import { readImageFiles, textReader } from '../layers/image-files';
import { observeRun } from './observe-run';
import type { Check, CheckResult, CheckTarget } from './types';
import { writeRequirements } from './write-requirements';

const ID = 'writes-as-user' as const;
const TITLE = 'Writes as its user';

/** `test -w` on each argument's nearest existing path: prints `W <path>` or `N <path> <tested>`. */
const PROBE = [
  'for p in "$@"; do q="$p"',
  'while [ ! -e "$q" ] && [ "$q" != / ]; do q="${q%/*}"; [ -z "$q" ] && q=/; done',
  'if [ -w "$q" ]; then echo "W $p"; else echo "N $p $q"; fi; done',
].join('\n');

const isRoot = (user: string): boolean => ['', 'root', '0'].includes(user.split(':')[0] ?? '');

/** Runs the probe in a throwaway container of `image` as its user; null when it has no shell. */
export async function probeWritable(
  docker: Dockerode,
  image: string,
  paths: string[],
  timeoutMs = 20_000,
): Promise<Map<string, string | null> | null> {
  let c: Dockerode.Container | null = null;
  try {
    c = await docker.createContainer({
      Image: image,
      Entrypoint: ['/bin/sh', '-c', PROBE, 'sh', ...paths],
      Cmd: [],
      HostConfig: { NetworkMode: 'none' },
      Labels: { 'whittle.smoke': '1', 'whittle.smoke.owner': `probe:${process.pid}` },
    });
    await c.start();
    const code = await Promise.race([
      c.wait().then((r: { StatusCode: number }) => r.StatusCode),
      new Promise<number>((r) => setTimeout(() => r(-1), timeoutMs)),
    ]);
    const raw = (await c.logs({ stdout: true, stderr: false, follow: false })) as unknown as Buffer;
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (b: Buffer) => chunks.push(b));
    const src = new PassThrough();
    docker.modem.demuxStream(src, out, out);
    src.end(raw);
    await new Promise((r) => setTimeout(r, 10));
    if (code !== 0) return null;
    const result = new Map<string, string | null>();
    for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
      const m = /^(W|N) (\S+)(?: (\S+))?$/.exec(line.trim());
      if (m) result.set(m[2]!, m[1] === 'W' ? null : (m[3] ?? m[2]!));
    }
    return result;
  } catch {
    return null;
  } finally {
    if (c) await c.remove({ force: true }).catch(() => undefined);
  }
}

/**
 * The probe's answer read from the image's files instead (shared/layers/writable.ts), for an image
 * without /bin/sh: null when its user is not in its /etc/passwd and /etc/group.
 */
export async function staticWritable(
  docker: Dockerode,
  image: string,
  user: string,
  paths: string[],
): Promise<Map<string, string | null> | null> {
  const { fs, files } = await readImageFiles(docker, image, (path) =>
    path === '/etc/passwd' || path === '/etc/group' ? textReader(1 << 20) : null,
  );
  const who = resolveIdentity(user, files.get('/etc/passwd') ?? null, files.get('/etc/group') ?? null);
  if (!who) return null;
  const stat: StatFn = (p) => fs.stat(p);
  return new Map(paths.map((p) => [p, notWritable(stat, who, p)]));
}

export const writesAsUser: Check = {
  id: ID,
  title: TITLE,
  async run(original: CheckTarget, optimized: CheckTarget) {
    const run = await observeRun(original.docker, original.image, {
      ...(original.checkCommand ? { checkCommand: original.checkCommand } : {}),
      ...(original.signal ? { signal: original.signal } : {}),
    });
    const needed = writeRequirements(run.changes);
    const origResult: CheckResult = {
      id: ID,
      title: TITLE,
      status: 'pass',
      summary: needed.length
        ? `The original (user ${run.user || 'root'}) wrote to ${needed.length} place(s) during its run.`
        : 'The original wrote nothing during its run.',
      evidence: needed.slice(0, 20),
      data: { user: run.user || 'root', paths: needed },
    };
    const info = await optimized.docker.getImage(optimized.image).inspect();
    const user = info.Config?.User ?? '';
    const base = { id: ID, title: TITLE } as const;
    if (!needed.length || isRoot(user))
      return {
        original: origResult,
        optimized: {
          ...base,
          status: 'pass',
          summary: needed.length
            ? `The optimized image runs as root, which can write every one of them.`
            : 'Nothing to write.',
          evidence: [],
          data: { user: user || 'root' },
        },
      };
    let probed = await probeWritable(optimized.docker, info.Id, needed);
    const byFiles = !probed;
    if (!probed) probed = await staticWritable(optimized.docker, info.Id, user, needed).catch(() => null);
    const how = byFiles ? ' (read from its files: the image has no /bin/sh to probe with)' : '';
    if (!probed)
      return {
        original: origResult,
        optimized: {
          ...base,
          status: 'skip',
          summary: `The optimized image has no /bin/sh to probe with as user ${user}, and its files do not name that user.`,
          evidence: needed.slice(0, 20),
          data: { user },
        },
      };
    const denied = needed.filter((p) => probed.get(p) != null);
    return {
      original: origResult,
      optimized: denied.length
        ? {
            ...base,
            status: 'fail',
            summary: `User ${user} cannot write ${denied.length} path(s) the original wrote during its run${how}.`,
            evidence: denied
              .slice(0, 20)
              .map((p) =>
                probed.get(p) === p
                  ? `${p}: not writable by ${user}`
                  : `${p}: ${probed.get(p)} is not writable by ${user}`,
              ),
            data: { user, denied },
          }
        : {
            ...base,
            status: 'pass',
            summary: `User ${user} can write all ${needed.length} path(s) the original wrote${how}.`,
            evidence: needed.slice(0, 20),
            data: { user },
          },
    };
  },
};
