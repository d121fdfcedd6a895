/**
 * "Same config": the optimized image keeps the original's entrypoint, cmd, env, workdir, ports and
 * healthcheck. Losing or changing one of them fails (the app would run differently); additions,
 * label changes (base images bring their own) and a move from root to a non-root user are
 * reported and pass. A shell-form command
 * rewritten to the exec form of the same words counts as the same command, and so does the same
 * command line split differently between ENTRYPOINT and CMD: the official node images'
 * `docker-entrypoint.sh` only runs its arguments (with `node` in front of a flag), and distroless
 * Node's ENTRYPOINT `/nodejs/bin/node` is `node` (nodejs/docker-node docker-entrypoint.sh;
 * GoogleContainerTools/distroless nodejs.bzl), as distroless Java's `/usr/bin/java -jar` is
 * `java -jar` (java.bzl). Env keys the node images set for their own npm and
 * yarn (`NODE_VERSION`, `YARN_VERSION`, `npm_config_*`) are reported when lost, not failed: a
 * runtime without npm has no use for them.
 *
 * Likewise a lost env key that the original only inherited from its final base image (same value
 * as that image sets) and that names a language toolchain's own version or build setting
 * (TOOLCHAIN_ENV: GOPATH of golang, PYTHON_PIP_VERSION of python…) is reported and passes: a
 * runtime stage on another base (distroless, a JRE) has no toolchain for it to describe. Any other
 * lost key fails, and so does a toolchain key the Dockerfile set itself or when the base image
 * cannot be read.
 */
import type Dockerode from 'dockerode';
import type { RuntimeConfig } from '../../../shared/api/contract';
import { runtimeConfig } from '../docker/layers';
import { compareConfigs } from '../docker/smoke';
import type { Check, CheckResult, CheckTarget } from './types';

const ID = 'same-config' as const;
const TITLE = 'Same config';

/** Labels that describe the build or the base image, not the app. */
const IGNORED_LABEL = /^(whittle\.|org\.opencontainers\.image\.|maintainer$)/;

/** `["/bin/sh","-c","python app.py"]` and `["python","app.py"]` both become `python app.py`. */
const words = (cmd: unknown): string | null => {
  if (!Array.isArray(cmd)) return null;
  const a = cmd as string[];
  const shell = a.length === 3 && /^(\/bin\/)?(ba|da)?sh$/.test(a[0]!) && a[1] === '-c' ? a[2]! : a.join(' ');
  return shell
    .trim()
    .replace(/^exec\s+/, '')
    .replace(/\s+/g, ' ');
};

/** node's own paths, as the node and distroless Node images install it. */
const NODE_PATH = /^(\/usr\/local\/bin\/|\/usr\/bin\/|\/nodejs\/bin\/)?node(js)?$/;
/**
 * java's own paths: eclipse-temurin's JAVA_HOME (/opt/java/openjdk), Debian's JDK (/usr/lib/jvm/…)
 * and distroless Java's link /usr/bin/java (GoogleContainerTools/distroless java/java.bzl).
 */
const JAVA_PATH = /^(\/usr\/bin\/|\/opt\/java\/openjdk\/bin\/|\/usr\/lib\/jvm\/[^/]+\/bin\/)?java$/;
/** `node` or `java` for their installed paths, else the word itself. */
const program = (w: string): string => (NODE_PATH.test(w) ? 'node' : JAVA_PATH.test(w) ? 'java' : w);

/** Env the node images set for their npm/yarn install. */
const NODE_TOOL_ENV = /^(NODE_VERSION|YARN_VERSION|npm_config_\w+|NPM_CONFIG_\w+)$/;

/**
 * The command line the container runs (ENTRYPOINT + CMD), with the node images' pass-through
 * entrypoint script left out and node's path written as `node`; null when there is none.
 */
function commandLine(c: RuntimeConfig): string | null {
  const ep = c.entrypoint ?? [];
  const cmd = c.cmd ?? [];
  const wrapper = ep.length === 1 && /(^|\/)docker-entrypoint\.sh$/.test(ep[0]!);
  let argv = wrapper ? [...cmd] : [...ep, ...cmd];
  if (wrapper && argv[0]?.startsWith('-')) argv = ['node', ...argv];
  if (!argv.length) return null;
  return words(argv)?.replace(/^\S+/, program) ?? null;
}

/**
 * True when both configs run the same command line (ENTRYPOINT + CMD, as `commandLine` reads them):
 * `node dist/server.js` on node:20 and `ENTRYPOINT ["/nodejs/bin/node"]` + `CMD ["dist/server.js"]`
 * on distroless Node are the same start.
 */
export const sameCommandLine = (a: RuntimeConfig, b: RuntimeConfig): boolean =>
  commandLine(effective(a)) === commandLine(effective(b));

const healthWords = (h: unknown): string =>
  JSON.stringify(Array.isArray(h) ? (h as string[]).map(program) : h);

/** What the reported differences are about (`user`, `label org.x`…), the first three and a count. */
function subjects(notes: string[]): string {
  const names = notes.map((n) => /^(label [^\s:]+|[A-Za-z]+)/.exec(n)?.[1] ?? n);
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

/**
 * Env keys the official language images set for their toolchain's own use (a version pin, the
 * download's checksum, the build tool's home), from their Dockerfiles: docker-library/golang
 * (GOLANG_VERSION, GOPATH, GOTOOLCHAIN), docker-library/python (PYTHON_VERSION, PYTHON_SHA256,
 * PYTHON_PIP_VERSION, PYTHON_SETUPTOOLS_VERSION, PYTHON_GET_PIP_URL, PYTHON_GET_PIP_SHA256,
 * GPG_KEY), nodejs/docker-node (NODE_VERSION, YARN_VERSION), docker-library/ruby (RUBY_MAJOR,
 * RUBY_VERSION, RUBY_DOWNLOAD_URL, RUBY_DOWNLOAD_SHA256), rust-lang/docker-rust (RUSTUP_HOME,
 * CARGO_HOME, RUST_VERSION), carlossg/docker-maven (MAVEN_HOME, MAVEN_CONFIG). Not JAVA_HOME,
 * GEM_HOME, BUNDLE_*, LANG or PATH: apps and their start scripts read those at run time.
 */
export const TOOLCHAIN_ENV = new Set([
  'GOLANG_VERSION',
  'GOPATH',
  'GOTOOLCHAIN',
  'PYTHON_VERSION',
  'PYTHON_SHA256',
  'PYTHON_PIP_VERSION',
  'PYTHON_SETUPTOOLS_VERSION',
  'PYTHON_GET_PIP_URL',
  'PYTHON_GET_PIP_SHA256',
  'GPG_KEY',
  'NODE_VERSION',
  'YARN_VERSION',
  'RUBY_MAJOR',
  'RUBY_VERSION',
  'RUBY_DOWNLOAD_URL',
  'RUBY_DOWNLOAD_SHA256',
  'RUSTUP_HOME',
  'CARGO_HOME',
  'RUST_VERSION',
  'MAVEN_HOME',
  'MAVEN_CONFIG',
]);

export interface ConfigSide {
  config: RuntimeConfig;
  labels: Record<string, string>;
}

/**
 * What the runtime does with a config: an empty WorkingDir runs in `/`, and an empty Entrypoint or
 * Cmd array is none at all (distroless images carry `Entrypoint: []`, Debian's none).
 */
const effective = (c: RuntimeConfig): RuntimeConfig => ({
  ...c,
  workdir: c.workdir || '/',
  entrypoint: c.entrypoint?.length ? c.entrypoint : null,
  cmd: c.cmd?.length ? c.cmd : null,
});

/** `KEY=value` lines → map (the first `=` splits). */
const envMap = (env: readonly string[]): Map<string, string> =>
  new Map(env.map((e) => [e.split('=', 1)[0]!, e.slice(e.indexOf('=') + 1)]));

/**
 * The original's env keys that came from its final base image unchanged (`imageEnv` is the
 * original's Env, `baseEnv` the base image's), i.e. the Dockerfile did not set them itself.
 */
export function inheritedEnvKeys(imageEnv: readonly string[], baseEnv: readonly string[]): string[] {
  const base = envMap(baseEnv);
  return [...envMap(imageEnv)].filter(([k, v]) => base.get(k) === v).map(([k]) => k);
}

/**
 * The verdict on the optimized image's config against the original's. Pure. `inheritedEnv`: the
 * original's env keys inherited unchanged from its final base image (see inheritedEnvKeys).
 */
export function judgeConfig(a: ConfigSide, b: ConfigSide, inheritedEnv: readonly string[] = []): CheckResult {
  const failures: string[] = [];
  const notes: string[] = [];
  const [ea, eb] = [effective(a.config), effective(b.config)];
  const sameCommand = commandLine(ea) === commandLine(eb);
  for (const d of compareConfigs(ea, eb)) {
    const line = `${d.key}: ${JSON.stringify(d.original)} → ${JSON.stringify(d.optimized)}`;
    switch (d.key) {
      case 'user':
        notes.push(line);
        break;
      case 'cmd':
      case 'entrypoint':
        (sameCommand || words(d.original) === words(d.optimized) ? notes : failures).push(line);
        break;
      case 'healthcheck':
        (healthWords(d.original) === healthWords(d.optimized) ? notes : failures).push(line);
        break;
      case 'exposedPorts':
      case 'envKeys': {
        const lost = (d.original as string[]).filter((x) => !(d.optimized as string[]).includes(x));
        const tool = d.key === 'envKeys' ? lost.filter((k) => NODE_TOOL_ENV.test(k)) : [];
        const toolchain =
          d.key === 'envKeys'
            ? lost.filter((k) => !tool.includes(k) && TOOLCHAIN_ENV.has(k) && inheritedEnv.includes(k))
            : [];
        const real = lost.filter((k) => !tool.includes(k) && !toolchain.includes(k));
        if (real.length) failures.push(`${d.key} lost: ${real.join(', ')}`);
        if (tool.length) notes.push(`envKeys lost (set by the node image for npm/yarn): ${tool.join(', ')}`);
        if (toolchain.length)
          notes.push(`envKeys lost with the build base's toolchain: ${toolchain.join(', ')}`);
        if (!lost.length) notes.push(line);
        break;
      }
      default:
        // workdir, healthcheck
        failures.push(line);
    }
  }
  // Labels are reported, never failed: the image's labels include its base image's, which a base
  // swap changes (python:3.9 → python:3.9-slim), and no runtime reads them.
  for (const [k, v] of Object.entries(a.labels)) {
    if (IGNORED_LABEL.test(k)) continue;
    if (!(k in b.labels)) notes.push(`label ${k} lost (was ${JSON.stringify(v)})`);
    else if (b.labels[k] !== v)
      notes.push(`label ${k}: ${JSON.stringify(v)} → ${JSON.stringify(b.labels[k])}`);
  }
  const base = { id: ID, title: TITLE, data: { failures, notes } } as const;
  if (failures.length)
    return {
      ...base,
      status: 'fail',
      summary: `The optimized image runs differently: ${failures.length} config difference(s).`,
      evidence: [...failures, ...notes],
    };
  return {
    ...base,
    status: 'pass',
    summary: notes.length
      ? `Same config, with ${notes.length} reported difference(s): ${subjects(notes)}.`
      : 'Same config.',
    evidence: notes,
  };
}

async function sideOf(docker: Dockerode, image: string): Promise<ConfigSide & { env: string[] }> {
  const i = await docker.getImage(image).inspect();
  return {
    config: runtimeConfig(i),
    labels: (i.Config?.Labels as Record<string, string> | null) ?? {},
    env: i.Config?.Env ?? [],
  };
}

/** The base image's Env, or null when it is not given or cannot be read (nothing is pulled). */
async function baseEnvOf(t: CheckTarget): Promise<string[] | null> {
  if (!t.baseImage) return null;
  try {
    return (await t.docker.getImage(t.baseImage).inspect()).Config?.Env ?? [];
  } catch {
    return null;
  }
}

export const sameConfig: Check = {
  id: ID,
  title: TITLE,
  async run(original: CheckTarget, optimized: CheckTarget) {
    const a = await sideOf(original.docker, original.image);
    const b = await sideOf(optimized.docker, optimized.image);
    const baseEnv = await baseEnvOf(original);
    return {
      original: { id: ID, title: TITLE, status: 'pass', summary: 'The baseline.', evidence: [] },
      optimized: judgeConfig(a, b, baseEnv ? inheritedEnvKeys(a.env, baseEnv) : []),
    };
  },
};
