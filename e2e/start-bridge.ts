/** Starts `whittle serve` through the CLI, as a user would, and resolves with its printed URL. */
import { spawn } from 'node:child_process';

export interface RunningBridge {
  url: string;
  stop: () => void;
}

export function startBridge(env: Record<string, string>, args: string[] = []): Promise<RunningBridge> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', 'serve', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bridge did not start in 60 s:\n${stderr}`)), 60_000);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^Whittle UI: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1] as string, stop: () => child.kill('SIGTERM') });
      }
    });
    child.on('exit', (code) =>
      reject(new Error(`bridge exited (${code}) before printing its URL:\n${stderr}`)),
    );
  });
}
