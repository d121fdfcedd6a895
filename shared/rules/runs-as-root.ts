import { renderLine, renderRun, type Edit } from '../dockerfile/printer';
import type { ShellSegment } from '../dockerfile/shell';
import { finalStage } from '../dockerfile/model';
import { familyOf } from '../catalog/base-images';
import type { Rule, RuleContext } from './rule';
import { at } from './rule';
import { chownUsers, createdUsers, finalUser, isRootUser, lowestExposedPort, stateDirs } from './stage-facts';

/** How to run the final stage as non-root, or the reason it is not safe to do automatically. */
function plan(ctx: RuleContext): { lines: string[] } | { risk: string } | null {
  const stage = finalStage(ctx.model);
  if (!isRootUser(finalUser(stage))) return null;
  const port = lowestExposedPort(stage);
  if (port !== null && port < 1024) {
    return {
      risk: `The image exposes port ${port}: a non-root user cannot bind ports below 1024 without extra capabilities; move the app to a port ≥ 1024 first.`,
    };
  }
  // An entrypoint that drops privileges itself (gosu, su-exec, a docker-entrypoint.sh) must start
  // as root; an ONBUILD base runs its children's steps under whatever USER it leaves.
  const starts = stage.instructions.filter((i) => ['ENTRYPOINT', 'CMD'].includes(i.keyword));
  if (
    starts.some((i) => /\b(gosu|su-exec|setpriv|chroot|entrypoint\.sh)\b/.test(i.args)) ||
    stage.instructions.some((i) => /\b(gosu|su-exec)\b/.test(i.args) && i.keyword === 'RUN')
  )
    return {
      risk: 'The entrypoint drops privileges itself (gosu, su-exec or an entrypoint script), so it has to start as root.',
    };
  if (stage.instructions.some((i) => i.keyword === 'ONBUILD'))
    return {
      risk: 'This is an ONBUILD base: a USER here would make every child image run its build steps as that user.',
    };
  // Prefer a user the Dockerfile creates, then one it hands files to.
  const users = [...chownUsers(stage), ...createdUsers(stage)];
  if (users.length) return { lines: [renderLine(ctx.style, 'USER', users[users.length - 1]!)] };
  // A user Whittle brings in gets the folders the Dockerfile made for state, or the app could not write there.
  const dirs = stateDirs(stage);
  const chown = (user: string): ShellSegment => ({
    cmd: `chown -R ${user}:${user} ${dirs.join(' ')}`,
    sep: '',
  });
  const img = stage.image;
  if (img.registry === 'gcr.io' && img.repository.startsWith('distroless/')) {
    if (dirs.length)
      return {
        risk: `The app may write to ${dirs.join(', ')}, and a distroless image has no shell to hand them to a user.`,
      };
    return { lines: [renderLine(ctx.style, 'USER', 'nonroot:nonroot')] };
  }
  const fam = familyOf(img);
  if (fam?.ecosystem === 'node') {
    return {
      lines: [
        ...(dirs.length ? [renderRun(ctx.style, [chown('node')])] : []),
        renderLine(ctx.style, 'USER', 'node'),
      ],
    };
  }
  if (
    fam &&
    ['python', 'ruby', 'perl', 'debian', 'java', 'php'].includes(fam.ecosystem) &&
    !/alpine/.test(img.tag ?? '')
  ) {
    return {
      lines: [
        renderRun(ctx.style, [
          {
            cmd: 'useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin app',
            sep: dirs.length ? '&&' : '',
          },
          ...(dirs.length ? [chown('app')] : []),
        ]),
        renderLine(ctx.style, 'USER', 'app'),
      ],
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
    why: 'A process running as root inside a container is root on the files it can reach and one kernel bug away from root on the host. Run as an unprivileged user: Whittle keeps a user the Dockerfile already creates or gives its files to, uses the one the base image ships (`node`, distroless `nonroot`), or adds a system user. The files the app was copied with stay owned by root (read-only to it); folders the Dockerfile creates with mkdir or declares as VOLUME are handed to the new user, since that is where apps keep state.',
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
    const edit: Edit = { start: line, end: line - 1, text: p.lines.join(ctx.style.eol) };
    return { edits: [edit], explanation: 'Runs the app as an unprivileged user.' };
  },
};
