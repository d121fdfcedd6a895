#!/usr/bin/env node
// `npm test`: every test against real parts. Finds a Docker daemon (DOCKER_HOST, the default
// socket, or the private test engine it brings up as root), then runs typecheck, unit tests,
// lint, integration tests on the daemon, the browser e2e suite and each benchmark once on its
// smallest input. Progress goes to stderr; the first failing step stops the run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (m) => process.stderr.write(`[test ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

/** Answers true when a unix socket accepts a Docker `/_ping`. */
function ping(socketPath) {
  return new Promise((resolve) => {
    if (!existsSync(socketPath)) return resolve(false);
    const s = net.createConnection(socketPath);
    const done = (v) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(3000, () => done(false));
    s.on('error', () => done(false));
    s.on('connect', () => s.write('GET /_ping HTTP/1.0\r\n\r\n'));
    s.on('data', (d) => done(/^HTTP\/1\.\d 200/.test(d.toString())));
  });
}

/**
 * DOCKER_HOST when set; else, as root on Linux, the private test engine (the examples need its
 * stand-in base images, and a system daemon without internet could not pull them); else the
 * default socket. WHITTLE_TEST_DOCKER=system picks the default socket even as root.
 */
async function findDocker() {
  const host = process.env.DOCKER_HOST;
  if (host?.startsWith('unix://') && (await ping(host.slice(7)))) return host;
  if (host && !host.startsWith('unix://')) return host; // tcp/ssh: trust the user's setting
  const system = !host && (await ping('/var/run/docker.sock')) ? 'unix:///var/run/docker.sock' : null;
  const asRoot = process.platform === 'linux' && process.getuid?.() === 0;
  if (!asRoot || process.env.WHITTLE_TEST_DOCKER === 'system') return system;
  log('bringing up the private test engine (scripts/test-engine.sh up)');
  const r = spawnSync('bash', [path.join(root, 'scripts/test-engine.sh'), 'up'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`scripts/test-engine.sh up failed (exit ${r.status})`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  const m = /^DOCKER_HOST=(.+)$/.exec(last);
  if (!m) throw new Error(`scripts/test-engine.sh did not print DOCKER_HOST (last line: ${last})`);
  return m[1];
}

function step(name, cmd, args, env = {}) {
  log(`${name}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  log(
    `${name}: ${r.status === 0 ? 'passed' : `FAILED (exit ${r.status})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const npx = (args, env) => step(args[0], 'npx', args, env);
const only = process.argv[2]; // optional: unit | integration | e2e | bench

if (!only || only === 'unit') {
  step('typecheck', 'npm', ['run', '-s', 'typecheck']);
  step('lint', 'npm', ['run', '-s', 'lint']);
  npx(['vitest', 'run', '--project', 'unit']);
}
if (only === 'unit') process.exit(0);

let dockerHost = null;
if (process.env.WHITTLE_SKIP_DOCKER === '1')
  log('WHITTLE_SKIP_DOCKER=1: skipping everything that needs Docker (not a full run)');
else {
  dockerHost = await findDocker();
  if (!dockerHost) {
    log(
      'No Docker daemon and not root on Linux, so the private engine cannot start. Start Docker or run as root; set WHITTLE_SKIP_DOCKER=1 to run only the unit tests.',
    );
    process.exit(1);
  }
  log(`Docker: ${dockerHost}`);
}
const env = dockerHost ? { DOCKER_HOST: dockerHost } : {};
if (dockerHost && (!only || only === 'integration')) npx(['vitest', 'run', '--project', 'integration'], env);
if (dockerHost && (!only || only === 'e2e')) {
  step('build renderer', 'npm', ['run', '-s', 'build']);
  npx(['playwright', 'test'], env);
}
if (dockerHost && (!only || only === 'bench') && existsSync(path.join(root, 'bench/run.ts'))) {
  step('bench smoke', 'npx', ['tsx', 'bench/run.ts', '--smoke'], env);
}
log('all tests passed');
