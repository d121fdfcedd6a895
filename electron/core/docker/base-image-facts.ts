/**
 * The daemon side of the base-image resolver (shared/catalog/base-image-facts): for each base
 * image of a Dockerfile that is already in the daemon, what the image itself says — its config
 * (WorkingDir, User, Env), `/etc/os-release`, the installed Debian packages (`/var/lib/dpkg/status`)
 * and pip's version (the `pip-<version>.dist-info` directory of its site-packages). Optional and
 * time-bounded: an image that is not local, or a read that runs out of time, gives what is known
 * so far (the config alone) or nothing; nothing is pulled.
 */
import type Dockerode from 'dockerode';
import type { BaseImageFacts, ProjectContext } from '../../../shared/api/contract';
import { daemonSize } from '../../../shared/catalog/image-sizes';
import { parseDockerfile } from '../../../shared/dockerfile/parse';
import { analyze } from '../../../shared/optimizer/index';
import type { Finding } from '../../../shared/rules/types';
import { readImageFiles, textReader, type FileReader } from '../layers/image-files';

/** `ID=debian`, `VERSION_CODENAME=bookworm` (alpine: `VERSION_ID=3.19.1` → `3.19`). */
export function parseOsRelease(text: string): { osId?: string; osRelease?: string } {
  const kv = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=("?)(.*)\2\s*$/.exec(line.trim());
    if (m) kv.set(m[1]!, m[3]!);
  }
  const osId = kv.get('ID');
  const release =
    kv.get('VERSION_CODENAME') ||
    (osId === 'alpine' ? /^\d+\.\d+/.exec(kv.get('VERSION_ID') ?? '')?.[0] : undefined) ||
    /\((\w+)\)/.exec(kv.get('VERSION') ?? '')?.[1];
  return { ...(osId ? { osId } : {}), ...(release ? { osRelease: release } : {}) };
}

/** Names of the packages dpkg lists as installed (`Status: install ok installed`). */
export function parseDpkgStatus(text: string): string[] {
  const out: string[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    const name = /^Package:\s*(\S+)/m.exec(para)?.[1];
    if (name && /^Status:.*\binstalled\s*$/m.test(para)) out.push(name);
  }
  return out;
}

/** pip's version from a `…/site-packages/pip-23.0.1.dist-info/METADATA` path, or null. */
export const pipVersionOfPath = (path: string): string | null =>
  /\/(?:site|dist)-packages\/pip-(\d+(?:\.\d+)*)\.dist-info\/METADATA$/.exec(path)?.[1] ?? null;

/** ENV names that carry the image's language version (official images). */
const VERSION_ENV = [
  'PYTHON_VERSION',
  'NODE_VERSION',
  'RUBY_VERSION',
  'GOLANG_VERSION',
  'JAVA_VERSION',
  'RUST_VERSION',
];

/** A reader that keeps nothing but marks the file as seen (the path carries the value). */
const seen = (value: string): FileReader<string> => ({ write: () => false, result: () => value });

/**
 * Facts from one local image's config alone (an inspect, no layer read: fast): WORKDIR, USER,
 * ENV, its size (`Size`), the language version its ENV names and, where the image's ENV says it (older official
 * python images' PYTHON_PIP_VERSION), pip's version. Null when the daemon does not have it.
 */
export async function readImageConfigFacts(docker: Dockerode, ref: string): Promise<BaseImageFacts | null> {
  let info: Dockerode.ImageInspectInfo;
  try {
    info = await docker.getImage(ref).inspect();
  } catch {
    return null;
  }
  const env = info.Config?.Env ?? [];
  const version = VERSION_ENV.map((k) => env.find((e) => e.startsWith(`${k}=`))).find(Boolean);
  const pip = env.find((e) => e.startsWith('PYTHON_PIP_VERSION='));
  return {
    workdir: info.Config?.WorkingDir ?? '',
    user: info.Config?.User ?? '',
    env,
    ...(typeof info.Size === 'number' ? { sizeBytes: info.Size } : {}),
    ...(version ? { languageVersion: version.slice(version.indexOf('=') + 1) } : {}),
    ...(pip ? { pipVersion: pip.slice(pip.indexOf('=') + 1) } : {}),
  };
}

/**
 * Facts about one local image, or null when the daemon does not have it. The filesystem read
 * stops at `signal` (facts from the config are kept).
 */
export async function readBaseImageFacts(
  docker: Dockerode,
  ref: string,
  signal?: AbortSignal,
): Promise<BaseImageFacts | null> {
  const facts = await readImageConfigFacts(docker, ref);
  if (!facts) return null;
  try {
    const { files } = await readImageFiles(
      docker,
      ref,
      (path) => {
        if (path === '/etc/os-release' || path === '/usr/lib/os-release') return textReader(64 * 1024);
        if (path === '/var/lib/dpkg/status') return textReader(16 * 1024 * 1024);
        const pip = pipVersionOfPath(path);
        return pip ? seen(`pip ${pip}`) : null;
      },
      signal,
    );
    const os = files.get('/etc/os-release') ?? files.get('/usr/lib/os-release');
    if (os) Object.assign(facts, parseOsRelease(os));
    const status = files.get('/var/lib/dpkg/status');
    if (status) {
      facts.packages = parseDpkgStatus(status);
      facts.full = facts.packages.some((p) => p === 'gcc' || p === 'libc6-dev' || /^gcc-\d+$/.test(p));
    }
    // The pip on PATH first: /usr/local (official images) before the distribution's.
    const pips = [...files.entries()]
      .filter(([, v]) => v.startsWith('pip '))
      .map(([p, v]) => [p, v.slice(4)]);
    const pip = pips.find(([p]) => p!.startsWith('/usr/local/')) ?? pips[0];
    if (pip) facts.pipVersion = pip[1];
  } catch {
    // Not readable in time (or at all): the config's facts stand.
  }
  return facts;
}

/**
 * Facts for the base images of `dockerfileText` that the daemon has, keyed by the reference as
 * written after FROM (ARG defaults resolved), as `ProjectContext.baseImages` expects. At most
 * `maxImages` images; the whole read stops after `timeoutMs` (default 30 s).
 */
export async function collectBaseImageFacts(
  docker: Dockerode,
  dockerfileText: string,
  opts: { timeoutMs?: number; maxImages?: number; signal?: AbortSignal } = {},
): Promise<Record<string, BaseImageFacts>> {
  let refs: string[];
  try {
    const model = parseDockerfile(dockerfileText);
    const names = new Set(model.stages.map((s) => s.name?.toLowerCase()).filter(Boolean));
    refs = [
      ...new Set(
        model.stages
          .map((s) => s.image.raw)
          .filter((r) => r !== 'scratch' && !r.includes('$') && !names.has(r.toLowerCase())),
      ),
    ].slice(0, opts.maxImages ?? 4);
  } catch {
    return {};
  }
  const signal = AbortSignal.any([
    AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    ...(opts.signal ? [opts.signal] : []),
  ]);
  const out: Record<string, BaseImageFacts> = {};
  for (const ref of refs) {
    if (signal.aborted) break;
    const facts = await readBaseImageFacts(docker, ref, signal);
    if (facts) out[ref] = facts;
  }
  return out;
}

/**
 * The context with the daemon's sizes of the images the findings' base-swap estimates name (the
 * slim variant, a split's runtime image) that it lacks, read by inspect (at most `maxImages`;
 * an image the daemon does not have stays unknown, and its estimate stays a catalog one). Facts
 * already in the context win. Never throws: a Dockerfile that does not parse gives the context back.
 */
export async function withEstimateImageSizes(
  docker: Dockerode,
  dockerfileText: string,
  context: ProjectContext,
  opts: { maxImages?: number; signal?: AbortSignal } = {},
): Promise<ProjectContext> {
  let refs: string[];
  try {
    refs = swapImagesWithoutSize(analyze(dockerfileText, context), context.baseImages).slice(
      0,
      opts.maxImages ?? 6,
    );
  } catch {
    return context;
  }
  const found: Record<string, BaseImageFacts> = {};
  for (const ref of refs) {
    if (opts.signal?.aborted) break;
    const facts = await readImageConfigFacts(docker, ref).catch(() => null);
    if (facts) found[ref] = facts;
  }
  if (!Object.keys(found).length) return context;
  return { ...context, baseImages: { ...found, ...context.baseImages } };
}

/** The images the findings' size estimates name (from and to of each base swap) with no daemon size in `known`. */
export function swapImagesWithoutSize(findings: Finding[], known?: Record<string, BaseImageFacts>): string[] {
  const refs = findings.flatMap((f) =>
    f.estimate?.images ? [f.estimate.images.from, f.estimate.images.to] : [],
  );
  return [...new Set(refs)].filter(
    (r) => r !== 'scratch' && !r.includes('$') && daemonSize(r, known) === undefined,
  );
}
