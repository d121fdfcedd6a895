/** Facts about a stage that several rules need: working directory, user, paths. */
import type { Instruction, Stage } from '../dockerfile/model';
import { runText } from './commands';

/** Joins POSIX paths and normalises `.`/`..` (no filesystem access). */
export function resolvePath(base: string, p: string): string {
  const parts = (p.startsWith('/') ? p : `${base}/${p}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

/** WORKDIR before each instruction of a stage, computed once per stage (rules ask per instruction). */
const workdirs = new WeakMap<Stage, string[]>();

/** WORKDIR in effect at instruction index `idx` of the stage ('/' when none). */
export function workdirAt(stage: Stage, idx: number): string {
  let list = workdirs.get(stage);
  if (!list) {
    list = [];
    let wd = '/';
    for (const ins of stage.instructions) {
      list.push(wd);
      if (ins.keyword === 'WORKDIR') wd = resolvePath(wd, ins.args.trim().replace(/^["']|["']$/g, ''));
    }
    list.push(wd);
    workdirs.set(stage, list);
  }
  return list[Math.min(idx, list.length - 1)]!;
}

/** The USER in effect at the end of the stage ('' = root, as Docker reports it). */
export function finalUser(stage: Stage): string {
  const users = stage.instructions.filter((i) => i.keyword === 'USER');
  return users.length ? users[users.length - 1]!.args.trim() : '';
}

export const isRootUser = (user: string): boolean => {
  const name = user.split(':')[0]!;
  return name === '' || name === 'root' || name === '0';
};

/** Absolute destination of a COPY/ADD. */
export function copyDest(stage: Stage, idx: number, ins: Instruction): string {
  const args = ins.jsonArgs ?? ins.args.split(/\s+/).filter(Boolean);
  const dest = args[args.length - 1] ?? '.';
  return resolvePath(workdirAt(stage, idx), dest);
}

/** Users created in the stage by useradd/adduser (names). */
export function createdUsers(stage: Stage): string[] {
  const out: string[] = [];
  for (const ins of stage.instructions) {
    if (ins.keyword !== 'RUN') continue;
    for (const m of runText(ins).matchAll(/\b(?:useradd|adduser)\b([^&;|]*)/g)) {
      const words = m[1]!
        .trim()
        .split(/\s+/)
        .filter((w) => w && !w.startsWith('-'));
      // The user name is the last bare word (options with values like --uid 1000 leave numbers before it).
      const name = words.filter((w) => !/^\d+$/.test(w)).pop();
      if (name) out.push(name);
    }
  }
  return out;
}

/** Lowest port the stage EXPOSEs (or null). */
export function lowestExposedPort(stage: Stage): number | null {
  const ports = stage.instructions
    .filter((i) => i.keyword === 'EXPOSE')
    .flatMap((i) => i.args.split(/\s+/))
    .map((p) => parseInt(p, 10))
    .filter((n) => !Number.isNaN(n));
  return ports.length ? Math.min(...ports) : null;
}

/** Non-root users the stage gives files to (`COPY --chown=u`, `chown u:g …`): they exist, or the build would fail. */
export function chownUsers(stage: Stage): string[] {
  const out: string[] = [];
  for (const ins of stage.instructions) {
    const flag = ins.flags.find((f) => f.name === 'chown')?.value;
    if (flag) out.push(flag.split(':')[0]!);
    if (ins.keyword === 'RUN')
      for (const m of runText(ins).matchAll(/\bchown\s+(?:-\S+\s+)*([\w.-]+)(?::[\w.-]+)?\s/g))
        out.push(m[1]!);
  }
  return out.filter((u) => !isRootUser(u) && !u.includes('$'));
}

/**
 * Folders the stage creates for itself (`mkdir`) or declares as VOLUME: where an app keeps its
 * state. A user added later must own them, or the app can no longer write there. `made` says
 * whether a RUN creates the folder (a VOLUME's may not exist in the image); `idx` is the last
 * instruction that made or declared it.
 */
export function stateDirs(stage: Stage): { path: string; made: boolean; idx: number }[] {
  const out = new Map<string, { made: boolean; idx: number }>();
  stage.instructions.forEach((ins, idx) => {
    const wd = workdirAt(stage, idx);
    if (ins.keyword === 'VOLUME') {
      for (const v of ins.jsonArgs ?? ins.args.split(/\s+/)) {
        const d = v && resolvePath(wd, v);
        if (d) out.set(d, { made: out.get(d)?.made ?? false, idx });
      }
    }
    if (ins.keyword !== 'RUN') return;
    // After a `cd`, relative paths are not relative to the WORKDIR any more.
    const text = runText(ins);
    const moved = /(^|[;&|]\s*)cd\s/.test(text);
    for (const m of text.matchAll(/(?:^|&&|;)\s*mkdir\s+([^&;|]*)/g)) {
      const words = m[1]!.trim().split(/\s+/);
      for (let k = 0; k < words.length; k++) {
        const w = words[k]!;
        if (w === '-m' || w === '--mode') k++; // the mode, not a folder
        if (!w || w.startsWith('-') || /[$*?{}[\]()`]/.test(w)) continue; // expansions Whittle cannot follow
        const bare = w.replace(/^["']|["']$/g, '');
        if (moved && !bare.startsWith('/')) continue;
        out.set(resolvePath(wd, bare), { made: true, idx });
      }
    }
  });
  return [...out]
    .map(([path, { made, idx }]) => ({ path, made, idx }))
    .filter(
      ({ path: d }) =>
        !/^\/(usr|etc|bin|sbin|lib|lib64|proc|sys|dev)(\/|$)/.test(d) && d !== '/' && d !== '/tmp',
    );
}
