import { renderLine, renderRun, withFlags, type Edit } from '../dockerfile/printer';
import { shellQuote, type ShellSegment } from '../dockerfile/shell';
import { finalStage, type Stage } from '../dockerfile/model';
import { familyOf } from '../catalog/base-images';
import type { Rule, RuleContext } from './rule';
import { at } from './rule';
import { runText } from './commands';
import {
  chownUsers,
  createdUsers,
  finalUser,
  isRootUser,
  resolvePath,
  stateDirs,
  workdirAt,
} from './stage-facts';
import { copiesToHandOver, isSystemFolder } from './hand-over-copies';
import { appWrite, daemonOf, dropsPrivileges, lowPort, rootHomeUse, unownedVolume } from './user-hold-backs';
import { berryPackagesOutsideApp } from './multi-stage/yarn-pnp';

/** What the fix adds: an optional RUN (create the user, hand it the state folders) and the USER. */
interface UserPlan {
  setup: ShellSegment[];
  user: string;
  /** `--chown` owner for the build-context copies into the WORKDIR (only when Whittle adds the user). */
  copyOwner?: string;
}

/** Rails (and Rack servers like it) write tmp/ and log/ next to the app, and keep SQLite in storage/. */
function railsDirs(ctx: RuleContext, stage: Stage): string[] {
  const files = ctx.project.files;
  const starts = stage.instructions
    .filter((i) => ['ENTRYPOINT', 'CMD'].includes(i.keyword))
    .map((i) => i.args)
    .join(' ');
  const rails =
    files.includes('config/application.rb') || files.includes('bin/rails') || /\brails\b/.test(starts);
  if (!rails) return [];
  const wd = workdirAt(stage, stage.instructions.length);
  const names = ['tmp', 'log', ...(files.some((f) => f.startsWith('storage/')) ? ['storage'] : [])];
  return names.map((n) => resolvePath(wd, n));
}

/** The folders a non-root user must own (state the Dockerfile makes, Rails' own), minus those a later chown already hands over. */
function foldersFor(ctx: RuleContext, stage: Stage): { path: string; made: boolean }[] {
  const chowned: { path: string; idx: number }[] = [];
  stage.instructions.forEach((ins, idx) => {
    if (ins.keyword !== 'RUN') return;
    for (const m of runText(ins).matchAll(/\bchown\s+(?:-\S+\s+)*\S+\s+([^&;|]+)/g))
      for (const w of m[1]!.trim().split(/\s+/))
        if (w && !w.includes('$')) chowned.push({ path: resolvePath(workdirAt(stage, idx), w), idx });
  });
  // A chown hands over what exists when it runs: a folder made after it (a later RUN, or later
  // in the same RUN) is still root's.
  const after = (c: number, d: number) => {
    if (c !== d) return c > d;
    const args = runText(stage.instructions[c]!);
    return args.lastIndexOf('chown') > args.indexOf('mkdir');
  };
  const handed = (d: { path: string; idx: number }) =>
    chowned.some((c) => after(c.idx, d.idx) && (d.path === c.path || d.path.startsWith(`${c.path}/`)));
  const rails = railsDirs(ctx, stage).map((path) => ({ path, made: false, idx: stage.instructions.length }));
  const dirs = [...stateDirs(stage), ...rails];
  return dirs
    .filter((d, i) => !handed(d) && dirs.findIndex((o) => o.path === d.path) === i)
    .map(({ path, made }) => ({ path, made }));
}

/** Why a user Whittle adds (none in the Dockerfile yet) would break the stage, or null. */
function addRisk(ctx: RuleContext, stage: Stage, handed: string[], copyOwner: string | null): string | null {
  const daemon = daemonOf(stage);
  if (daemon)
    return `The image runs ${daemon}, a system daemon (from OS packages or its official image) that writes under /var and /run (pid file, temp and log folders) and expects to start as root; configure it for a non-root user (or use its unprivileged image) and set USER yourself.`;
  const home = rootHomeUse(stage);
  if (home)
    return `The app runs what is installed under /root (${home}), which a non-root user cannot read; install it elsewhere (a venv, /usr/local) first.`;
  const volume = unownedVolume(stage);
  if (volume) return volume;
  return appWrite(stage, ctx.project, handed, copyOwner ? copiesToHandOver(ctx.model, stage) : []);
}

/** The user WH050 runs a distroless image as, and the owner it gives the copies (distroless `nonroot`, 65532). */
export const DISTROLESS_USER = 'nonroot:nonroot';
export const DISTROLESS_OWNER = '65532:65532';

/** The system user WH050 adds on Debian-based images (no home, no login shell). */
export const ADDED_USER = { name: 'app', uid: '10001' } as const;
export const ADDED_USER_RUN = `useradd --system --uid ${ADDED_USER.uid} --no-create-home --shell /usr/sbin/nologin ${ADDED_USER.name}`;

/** Whether the base image is distroless (its `nonroot` user is 65532, and it has no shell). */
const isDistroless = (stage: Stage) =>
  stage.image.registry === 'gcr.io' && stage.image.repository.startsWith('distroless/');

/** Families whose images have `useradd` (Debian-based, not alpine). */
const USERADD_FAMILIES = ['python', 'ruby', 'perl', 'debian', 'java', 'php'];

/** Alpine: the `alpine` image, or an official image's `-alpine` variant (BusyBox's adduser). */
const isAlpine = (stage: Stage) =>
  /alpine/.test(stage.image.tag ?? '') || (stage.image.repository === 'alpine' && !stage.image.registry);

/**
 * BusyBox's `addgroup`/`adduser` (Alpine has no useradd): `-S` system, `-D` no password, `-H` no
 * home, `-u`/`-g` the ids, `-G` the group. Source: BusyBox's adduser/addgroup usage text
 * (loginutils/adduser.c, addgroup.c), as `adduser --help` prints it on alpine:3.x.
 */
const BUSYBOX_ADD = 'addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app';

/**
 * The `--chown` owner for the copies of a user Whittle adds on this base, or null when it adds none
 * there. Numeric for an added user: the copies come before the RUN that creates it.
 */
function copyOwnerFor(stage: Stage): string | null {
  if (isDistroless(stage)) return DISTROLESS_OWNER;
  const fam = familyOf(stage.image);
  if (fam?.ecosystem === 'node') return 'node:node';
  if (fam && USERADD_FAMILIES.includes(fam.ecosystem) && !isAlpine(stage))
    return `${ADDED_USER.uid}:${ADDED_USER.uid}`;
  if (isAlpine(stage) && (!fam || USERADD_FAMILIES.includes(fam.ecosystem))) return '10001:10001';
  return null;
}

/** How to run the final stage as non-root, or the reason it is not safe to do automatically. */
function plan(ctx: RuleContext): UserPlan | { risk: string } | null {
  const stage = finalStage(ctx.model);
  if (!isRootUser(finalUser(stage))) return null;
  const port = lowPort(stage);
  if (port) {
    return {
      risk: `The image binds port ${port.port} (${port.where}): a non-root user cannot bind ports below 1024 without extra capabilities; move the app to a port ≥ 1024 first.`,
    };
  }
  // An entrypoint that drops privileges itself (gosu, su-exec, setpriv, a docker-entrypoint.sh)
  // must start as root; an ONBUILD base runs its children's steps under whatever USER it leaves.
  if (dropsPrivileges(stage))
    return {
      risk: 'The entrypoint drops privileges itself (gosu, su-exec, setpriv or an entrypoint script), so it has to start as root.',
    };
  if (stage.instructions.some((i) => i.keyword === 'ONBUILD'))
    return {
      risk: 'This is an ONBUILD base: a USER here would make every child image run its build steps as that user.',
    };
  // Yarn Berry's Plug'n'Play packages in root's global cache (/root is 700): no other user reads them.
  const berry = berryPackagesOutsideApp(ctx, stage);
  if (berry) return { risk: berry };
  // The user gets the folders the app writes to, or it could no longer write there.
  const folders = foldersFor(ctx, stage);
  const dirs = folders.map((d) => d.path);
  const missing = folders.filter((d) => !d.made).map((d) => d.path);
  const handOver = (user: string, group: string | null): ShellSegment[] =>
    dirs.length
      ? [
          ...(missing.length
            ? [{ cmd: `mkdir -p ${missing.map(shellQuote).join(' ')}`, sep: '&&' as const }]
            : []),
          { cmd: `chown -R ${group ? `${user}:${group}` : user} ${dirs.map(shellQuote).join(' ')}`, sep: '' },
        ]
      : [];
  // Prefer a user the Dockerfile creates, then one it hands files to.
  const users = [...chownUsers(stage), ...createdUsers(stage)];
  if (users.length) {
    const user = users[users.length - 1]!;
    return { setup: handOver(user, null), user };
  }
  // Adding a user: only when nothing the stage shows needs root or root's files.
  const copyOwner = copyOwnerFor(stage);
  const held = addRisk(ctx, stage, dirs, copyOwner);
  if (held) return { risk: held };
  const img = stage.image;
  if (isDistroless(stage)) {
    if (dirs.length)
      return {
        risk: `The app may write to ${dirs.join(', ')}, and a distroless image has no shell to hand them to a user.`,
      };
    return { setup: [], user: DISTROLESS_USER, copyOwner: copyOwner! };
  }
  const fam = familyOf(img);
  // The WORKDIR itself (not its copied files) goes to the new user: an app that creates a file or
  // folder in its working directory (uploads/, a cache, a SQLite file) could otherwise not, and
  // Whittle cannot read the app's code to know. Its files stay root's, read-only to the app.
  const wd = workdirAt(stage, stage.instructions.length);
  const ownWorkdir = (owner: string): ShellSegment[] =>
    !wd.includes('$') && !isSystemFolder(wd) && !dirs.includes(wd)
      ? [{ cmd: `chown ${owner} ${shellQuote(wd)}`, sep: '' }]
      : [];
  const withWorkdir = (segs: ShellSegment[], owner: string): ShellSegment[] => {
    const extra = ownWorkdir(owner);
    if (!extra.length) return segs;
    if (!segs.length) return extra;
    return [...segs.slice(0, -1), { ...segs[segs.length - 1]!, sep: '&&' }, ...extra];
  };
  if (fam?.ecosystem === 'node')
    return {
      setup: withWorkdir(handOver('node', 'node'), 'node:node'),
      user: 'node',
      copyOwner: copyOwner!,
    };
  if (fam && USERADD_FAMILIES.includes(fam.ecosystem) && !/alpine/.test(img.tag ?? '')) {
    const add = ADDED_USER_RUN;
    const rest = withWorkdir(handOver('app', 'app'), 'app:app');
    return {
      setup: [{ cmd: add, sep: rest.length ? '&&' : '' }, ...rest],
      user: 'app',
      copyOwner: copyOwner!,
    };
  }
  if (isAlpine(stage) && (!fam || USERADD_FAMILIES.includes(fam.ecosystem))) {
    const rest = withWorkdir(handOver('app', 'app'), 'app:app');
    return {
      setup: [{ cmd: BUSYBOX_ADD, sep: rest.length ? '&&' : '' }, ...rest],
      user: 'app',
      copyOwner: copyOwner!,
    };
  }
  return { risk: 'Whittle does not know which tools this base image has to create a user; add one by hand.' };
}

/** hadolint DL3002. */
export const runsAsRoot: Rule = {
  meta: {
    id: 'WH050',
    name: 'runs-as-root',
    title: 'The image runs as root',
    why: "A process running as root inside a container is root on the files it can reach and one kernel bug away from root on the host. Run as an unprivileged user: Whittle keeps a user the Dockerfile already creates or gives its files to, uses the one the base image ships (`node`, distroless `nonroot`), or adds a system user. When Whittle adds the user, what the build context copies into the working directory is copied with `--chown` to it (no extra bytes), since apps write into folders and files their repository ships (uploads/, instance/, a SQLite file); what other stages or images provide (a venv, node_modules) stays root's. Folders the Dockerfile creates with mkdir or declares as VOLUME, and a Rails app's tmp/, log/ and storage/, are handed to the user after the last build step, since that is where apps keep state. Whittle adds no user (advice, with the reason) when the start needs root or root's files: a system daemon from OS packages or its official image (nginx, httpd, postgres, php-fpm, supervisord…), packages under /root (pip --user, pipx, poetry's virtualenvs), a VOLUME (a bind mount keeps its own owner, and the legacy builder drops a chown after the VOLUME line), writes it can see into the root-owned WORKDIR (migrations, SQLite files, start scripts it cannot read), a port below 1024 (EXPOSE, ENV *PORT, start arguments), or an entrypoint that drops privileges itself.",
    severity: 'warning',
    category: 'security',
    hadolint: 'DL3002',
    fixable: true,
  },
  check(ctx) {
    const stage = finalStage(ctx.model);
    const p = plan(ctx);
    if (!p) return [];
    return [at(stage.from, 'the final stage has no non-root USER', 'risk' in p ? { risk: p.risk } : {})];
  },
  fix(ctx) {
    const p = plan(ctx);
    const stage = finalStage(ctx.model);
    if (!p || 'risk' in p || ctx.suppressed(stage.from)) return null;
    // Before the CMD/ENTRYPOINT/HEALTHCHECK that follow the last build step (or at the end): every
    // RUN, COPY and ADD still runs as root, as written.
    const steps = stage.instructions.map((i) => ['RUN', 'COPY', 'ADD'].includes(i.keyword));
    const lastStep = steps.lastIndexOf(true);
    const tail = stage.instructions.find(
      (i, k) => k > lastStep && ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(i.keyword),
    );
    const line = tail
      ? tail.startLine
      : stage.instructions.length
        ? stage.instructions[stage.instructions.length - 1]!.endLine + 1
        : stage.from.endLine + 1;
    const user = renderLine(ctx.style, 'USER', p.user);
    const text = p.setup.length ? [renderRun(ctx.style, p.setup), user].join(ctx.style.eol) : user;
    const edits: Edit[] = [{ start: line, end: line - 1, text }];
    const owner = p.copyOwner;
    if (owner)
      for (const c of copiesToHandOver(ctx.model, stage))
        edits.push({
          start: c.startLine,
          end: c.endLine,
          text: withFlags(ctx.style, c, [...c.flags, { name: 'chown', value: owner }]),
        });
    return { edits, explanation: 'Runs the app as an unprivileged user.' };
  },
};
