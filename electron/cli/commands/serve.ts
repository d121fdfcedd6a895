/**
 * `whittle serve [dir] [--port N]`: the full UI in a browser, over the loopback bridge. Prints
 * exactly one line to stdout — `Whittle UI: http://127.0.0.1:PORT/?token=TOKEN` — so scripts
 * can read it; everything else goes to stderr. Runs until SIGINT/SIGTERM.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultUserDataDir, findAppRoot } from '../../bridge/host-paths';
import { startBridge } from '../../bridge/server';
import { createDefaultApi } from '../../core/api';
import type { CliIO, CommandRunner } from '../io';

const USAGE = 'usage: whittle serve [dir] [--port N]\n';

interface ServeArgs {
  dir: string | null;
  port: number;
}

function parseArgs(args: string[]): ServeArgs | string {
  let dir: string | null = null;
  let port = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--port' || a.startsWith('--port=')) {
      const v = a === '--port' ? args[++i] : a.slice('--port='.length);
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) return `invalid --port: ${v ?? '(missing)'}`;
      port = n;
    } else if (a === '-h' || a === '--help') {
      return '';
    } else if (a.startsWith('-')) {
      return `unknown option: ${a}`;
    } else if (dir === null) {
      dir = a;
    } else {
      return `unexpected argument: ${a}`;
    }
  }
  return { dir, port };
}

async function checkDir(dir: string, io: CliIO): Promise<boolean> {
  const st = await fs.stat(dir).catch(() => null);
  if (st?.isDirectory()) return true;
  io.err(`whittle serve: not a folder: ${dir}\n`);
  return false;
}

/** Resolves when the process is asked to stop. */
const untilSignal = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });

export const runServe: CommandRunner = async (args, io) => {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(parsed ? `whittle serve: ${parsed}\n${USAGE}` : USAGE);
    return parsed ? 2 : 0;
  }
  const dir = parsed.dir === null ? null : path.resolve(io.cwd, parsed.dir);
  if (dir !== null && !(await checkDir(dir, io))) return 1;

  const root = findAppRoot(path.dirname(fileURLToPath(import.meta.url)));
  const staticDir = path.join(root, 'dist', 'renderer');
  if (!(await fs.stat(path.join(staticDir, 'index.html')).catch(() => null))) {
    // Built here rather than answering 404: `serve` is what `npm start` falls back to.
    const builder = path.join(root, 'scripts', 'build-ui.mjs');
    const { buildUi } = (await import(pathToFileURL(builder).href)) as {
      buildUi(log: (line: string) => void): Promise<number>;
    };
    if ((await buildUi((line) => io.err(`${line}\n`))) !== 0) {
      io.err(`whittle serve: could not build the UI; see the lines above\n`);
      return 1;
    }
  }
  const api = createDefaultApi({
    userDataDir: defaultUserDataDir(),
    examplesDir: path.join(root, 'examples'),
  });
  let bridge;
  try {
    bridge = await startBridge({
      api,
      port: parsed.port,
      staticDir,
      initialProject: dir,
      // Every page closed (not a reload): stop what no one can see any more.
      onOrphaned: () => void api.cancelAll(),
      ...(process.env.WHITTLE_ORPHAN_GRACE_MS
        ? { orphanGraceMs: Number(process.env.WHITTLE_ORPHAN_GRACE_MS) }
        : {}),
    });
  } catch (err) {
    io.err(`whittle serve: could not listen on 127.0.0.1:${parsed.port}: ${(err as Error).message}\n`);
    return 1;
  }
  io.out(`Whittle UI: ${bridge.url}\n`);
  const docker = await api.dockerStatus().catch(() => null);
  if (docker?.ok && !docker.value.reachable) io.err(`whittle serve: ${docker.value.message}\n`);
  await untilSignal();
  io.err('whittle serve: stopping\n');
  // Builds started from the page stop with the server: no one is left to see their results.
  // The images of projects compared in this run go too, unless the user chose to keep them.
  await api.shutdown();
  await bridge.close();
  return 0;
};
