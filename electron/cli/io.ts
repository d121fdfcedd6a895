/** What a CLI command may touch, so commands are testable without spawning a process. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Working directory for relative paths. */
  cwd: string;
}

export type CommandRunner = (args: string[], io: CliIO) => Promise<number>;

export const processIO = (): CliIO => ({
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
});
