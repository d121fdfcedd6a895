/**
 * What a distroless Go runtime can start: only the binary the build wrote. distroless static/cc
 * hold no shell, no interpreter and no init (tini, dumb-init), so an ENTRYPOINT or CMD that runs
 * an entrypoint script (`#!/bin/bash`), a wrapper or any other program fails at start with
 * "no such file or directory". Seen on the engine: `ENTRYPOINT ["/app/docker-entrypoint.sh"]`.
 */
import type { Stage } from '../../dockerfile/model';
import { commandWords } from '../../dockerfile/shell';
import { resolvePath } from '../stage-facts';

/** distroless's PATH (its image config), where a bare program name is looked up. */
const DISTROLESS_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * Why the stage's start (ENTRYPOINT, else CMD) would not run on distroless, or null when its
 * program is `binary` (absolute, relative to the WORKDIR at that line via `wdAt`, or a bare name
 * found in distroless's PATH or a folder an ENV PATH of the stage adds).
 */
export function goStartRisk(
  stage: Stage,
  binary: string,
  wdAt: (idx: number) => string,
  /** Folders a build's output was copied into whole (`COPY --from=build /out/ /app/`): any file there counts. */
  dirs: string[] = [],
): string | null {
  const list = stage.instructions;
  const lastOf = (kw: string) => {
    for (let i = list.length - 1; i >= 0; i--) if (list[i]!.keyword === kw) return i;
    return -1;
  };
  const at = lastOf('ENTRYPOINT') >= 0 ? lastOf('ENTRYPOINT') : lastOf('CMD');
  if (at < 0)
    return `The stage sets no CMD or ENTRYPOINT, so it runs ${stage.image.raw}'s own command, which distroless does not have.`;
  const ins = list[at]!;
  const words = ins.json ? (ins.jsonArgs ?? []) : commandWords(ins.args);
  const prog = words[0] ?? '';
  if (!prog) return `${ins.keyword} names no program; distroless runs only the Go binary.`;
  const name = binary.slice(binary.lastIndexOf('/') + 1);
  const dir = binary.slice(0, binary.lastIndexOf('/')) || '/';
  let ok: boolean;
  if (prog.includes('/')) {
    const path = resolvePath(wdAt(at), prog);
    ok = path === binary || dirs.some((d) => path.startsWith(`${d.replace(/\/+$/, '')}/`));
  } else {
    const envPath = list
      .filter((i) => i.keyword === 'ENV')
      .flatMap((i) => /\bPATH[= ]"?([^"\s]+)/.exec(i.args)?.[1]?.split(':') ?? []);
    const onPath = (d: string) => [...DISTROLESS_PATH, ...envPath].includes(d.replace(/\/+$/, '') || '/');
    ok = (prog === name && onPath(dir)) || dirs.some(onPath);
  }
  return ok
    ? null
    : `The ${ins.keyword} runs ${prog}, not the Go binary the build writes (${binary}); distroless has no shell, interpreter or other program to run it. Start the binary itself, or split by hand onto a runtime with a shell.`;
}
