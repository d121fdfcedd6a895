/** Shared mechanics for fixes that rewrite RUN commands segment by segment. */
import type { ShellSegment } from '../dockerfile/shell';

/** Replaces segment `i`'s command text. */
export const replaceAt = (segs: ShellSegment[], i: number, cmd: string): ShellSegment[] =>
  segs.map((s, j) => (j === i ? { ...s, cmd } : s));

/** Appends a command joined with `&&`. */
export const append = (segs: ShellSegment[], cmd: string): ShellSegment[] => [
  ...segs.slice(0, -1),
  { ...segs[segs.length - 1]!, sep: '&&' },
  { cmd, sep: '' },
];

/** Inserts `flag` right after the subcommand word (`apt-get install` → `apt-get install --no-install-recommends`). */
export const addFlagAfter = (cmd: string, word: RegExp, flag: string): string =>
  cmd.replace(word, (m) => `${m} ${flag}`);
