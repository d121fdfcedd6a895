/**
 * The Node recipe (issue 14, part 2): production dependencies only, pruned in the builder with
 * the project's package manager (npm, Yarn classic and Berry, pnpm); a distroless Node runtime
 * when the container starts node itself and nothing needs a shell, else a slim one with the reason.
 */
import { describe, expect, it } from 'vitest';
import type { PackageJsonFacts, ProjectContext } from '../../api/contract';
import { parseDockerfile } from '../../dockerfile/parse';
import { optimize } from '../../optimizer/index';
import { df } from '../../test/helpers';

const PKG: PackageJsonFacts = {
  scripts: { build: 'tsc -p .', start: 'node dist/server.js' },
  devDependencies: ['typescript', '@types/node'],
  dependencies: ['express'],
};

const NPM_LOCK = JSON.stringify({
  lockfileVersion: 3,
  packages: { '': { name: 'x' }, 'node_modules/express': { version: '4.22.1' } },
});

function project(extra: Partial<ProjectContext> = {}, pkg: Partial<PackageJsonFacts> = {}): ProjectContext {
  return {
    files: ['package.json', 'package-lock.json', 'src/server.ts', 'tsconfig.json'],
    dockerignore: 'node_modules\n.git\n',
    packageJson: { ...PKG, ...pkg },
    manifests: { 'package-lock.json': NPM_LOCK },
    nodeSubprocess: false,
    ...extra,
  };
}

/** Optimizes, checks the output parses and is a fixed point, and splits it into its stages. */
function run(text: string, p: ProjectContext) {
  const res = optimize(text, p);
  parseDockerfile(res.text);
  expect(optimize(res.text, p).text).toBe(res.text);
  const parts = res.text.split(/^(?=FROM )/m);
  return {
    out: res.text,
    builder: parts[parts.length - 2] ?? '',
    runtime: parts[parts.length - 1]!,
    wh010: res.findings.find((f) => f.ruleId === 'WH010'),
    explanation: res.fixes.find((f) => f.ruleId === 'WH010')?.explanation ?? '',
  };
}

const NPM = df(
  'FROM node:20',
  'WORKDIR /usr/src/app',
  'COPY . .',
  'RUN npm install',
  'RUN npm run build',
  'ENV PORT=3000',
  'EXPOSE 3000',
  'CMD ["node", "dist/server.js"]',
);

describe('Node recipe: npm', () => {
  it('prunes devDependencies in the builder and runs the script on distroless Node (ENTRYPOINT is node)', () => {
    const { builder, runtime, wh010, explanation } = run(NPM, project());
    expect(wh010?.fixed).toBe(true);
    expect(builder).toMatch(/^FROM node:20 AS builder/);
    expect(builder).toContain('RUN npm run build');
    expect(builder).toContain('RUN npm prune --omit=dev');
    expect(runtime).toMatch(/^FROM gcr\.io\/distroless\/nodejs20-debian12\n/);
    expect(runtime).toContain('COPY --from=builder --chown=nonroot:nonroot /usr/src/app /usr/src/app');
    expect(runtime).toContain('CMD ["dist/server.js"]');
    expect(runtime).not.toMatch(/^RUN /m);
    expect(runtime).toContain('USER nonroot');
    expect(explanation).toMatch(/npm prune --omit=dev/);
    expect(explanation).toMatch(/no shell, npm, yarn or corepack/);
  });

  it('turns a plain shell-form CMD into the script path, keeps node flags, and keeps a shell for $VARs', () => {
    const shell = run(
      NPM.replace('CMD ["node", "dist/server.js"]', 'CMD node --enable-source-maps dist/server.js'),
      project(),
    );
    expect(shell.runtime).toContain('CMD ["--enable-source-maps", "dist/server.js"]');
    const vars = run(
      NPM.replace('CMD ["node", "dist/server.js"]', 'CMD node dist/server.js --port $PORT'),
      project(),
    );
    expect(vars.runtime).toMatch(/^FROM node:20-slim/);
    expect(vars.explanation).toMatch(/does not start node itself/);
  });

  it('keeps npm (slim runtime) when the start runs npm, and says why', () => {
    const { runtime, builder, explanation } = run(
      NPM.replace('CMD ["node", "dist/server.js"]', 'CMD ["npm", "start"]'),
      project(),
    );
    expect(builder).toContain('npm prune --omit=dev');
    expect(runtime).toMatch(/^FROM node:20-slim/);
    expect(runtime).toContain('CMD ["npm", "start"]');
    expect(explanation).toMatch(/keeps a Node image with a shell \(the CMD does not start node itself/);
  });

  it('keeps the devDependencies when the start needs one (ts-node): advice on WH012, no prune', () => {
    const text = NPM.replace('CMD ["node", "dist/server.js"]', 'CMD ["npm", "start"]');
    const p = project(
      {},
      { scripts: { start: 'ts-node src/server.ts' }, devDependencies: ['ts-node', 'typescript'] },
    );
    const res = optimize(text, p);
    expect(res.text).not.toContain('prune');
    expect(res.findings.find((f) => f.ruleId === 'WH012')?.risk).toMatch(/ts-node/);
    expect(res.fixes.find((f) => f.ruleId === 'WH010')?.explanation).toMatch(
      /devDependencies stay because the CMD runs a dev tool \(ts-node/,
    );
  });

  it('uses --production for npm 6 (node 14) and no distroless for a line distroless never had', () => {
    const { builder, runtime } = run(NPM.replace('FROM node:20', 'FROM node:14'), project());
    expect(builder).toContain('RUN npm prune --production');
    expect(runtime).toMatch(/^FROM node:14-slim/);
  });

  it('follows the Node major and Debian release: 22 may be trixie (debian13), -bookworm pins debian12', () => {
    expect(run(NPM.replace('node:20', 'node:22'), project()).runtime).toMatch(
      /^FROM gcr\.io\/distroless\/nodejs22-debian13/,
    );
    expect(run(NPM.replace('node:20', 'node:22-bookworm'), project()).runtime).toMatch(
      /^FROM gcr\.io\/distroless\/nodejs22-debian12/,
    );
    const daemon = project({ baseImages: { 'node:22': { osId: 'debian', osRelease: 'bookworm' } } });
    expect(run(NPM.replace('node:20', 'node:22'), daemon).runtime).toMatch(/nodejs22-debian12/);
  });

  it('keeps a shell runtime for a pinned patch version, alpine, or a version from a build arg', () => {
    for (const from of ['FROM node:20.11.1', 'FROM node:20-alpine']) {
      const { runtime, explanation } = run(NPM.replace('FROM node:20', from), project());
      expect(runtime).not.toContain('distroless');
      expect(explanation).toMatch(/names no whole major line/);
    }
    const arg = run(NPM.replace('FROM node:20', 'ARG NODE=20\nFROM node:${NODE}'), project());
    expect(arg.runtime).not.toContain('distroless');
  });

  it('keeps a shell runtime when the app starts processes, or its sources could not be read', () => {
    const spawns = run(NPM, project({ nodeSubprocess: true }));
    expect(spawns.runtime).toMatch(/^FROM node:20-slim/);
    expect(spawns.explanation).toMatch(/start processes/);
    const { nodeSubprocess: _, ...unknown } = project();
    expect(run(NPM, unknown).explanation).toMatch(/could not read the app's sources/);
  });

  it('keeps a shell runtime for native addons that link system libraries, not for bcrypt', () => {
    const lock = (name: string) =>
      JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': {},
          [`node_modules/${name}`]: { hasInstallScript: true },
          'node_modules/jest': { hasInstallScript: true, dev: true },
        },
      });
    const canvas = run(NPM, project({ manifests: { 'package-lock.json': lock('canvas') } }));
    expect(canvas.runtime).toMatch(/^FROM node:20-slim/);
    expect(canvas.explanation).toMatch(/native addons \(canvas\)/);
    const gyp = run(NPM, project({ manifests: { 'package-lock.json': lock('some-gyp-addon') } }));
    expect(gyp.explanation).toMatch(/some-gyp-addon/);
    expect(run(NPM, project({ manifests: { 'package-lock.json': lock('bcrypt') } })).runtime).toMatch(
      /distroless/,
    );
    const pg = run(NPM, project({}, { dependencies: ['express', 'pg-native'] }));
    expect(pg.explanation).toMatch(/pg-native/);
  });

  it('keeps a shell runtime for a USER, a --chown, an ENTRYPOINT or a RUN after the build', () => {
    const cases: [string, RegExp][] = [
      [NPM.replace('CMD', 'USER node\nCMD'), /names a user/],
      [NPM.replace('COPY . .', 'COPY --chown=node:node . .'), /names a user/],
      [
        NPM.replace('CMD ["node", "dist/server.js"]', 'ENTRYPOINT ["node"]\nCMD ["dist/server.js"]'),
        /ENTRYPOINT/,
      ],
      [NPM.replace('ENV PORT', 'RUN mkdir -p /usr/src/app/data\nENV PORT'), /runs a command in the runtime/],
    ];
    for (const [text, why] of cases) {
      const { runtime, explanation } = run(text, project());
      expect(runtime).not.toContain('distroless');
      expect(explanation).toMatch(why);
    }
  });

  it('keeps an exec HEALTHCHECK that runs node (node is on PATH); a shell-form one keeps a shell', () => {
    const node = run(
      NPM.replace('CMD', 'HEALTHCHECK --interval=30s CMD ["node", "dist/health.js"]\nCMD'),
      project(),
    );
    expect(node.runtime).toContain('HEALTHCHECK --interval=30s CMD ["node", "dist/health.js"]');
    expect(node.runtime).toContain('ENV PATH=/nodejs/bin:$PATH');
    // Shell form: /bin/sh runs it.
    const shell = run(NPM.replace('CMD', 'HEALTHCHECK CMD node dist/health.js || exit 1\nCMD'), project());
    expect(shell.runtime).toMatch(/^FROM node:20-slim/);
    expect(shell.explanation).toMatch(/HEALTHCHECK/);
  });

  it('carries comments and heredoc builds', () => {
    const text = df(
      '# syntax=docker/dockerfile:1',
      'FROM node:20',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN <<EOF',
      'npm ci',
      'EOF',
      'COPY . .',
      'RUN <<EOF',
      'npm run build',
      'EOF',
      '# the server',
      'CMD ["node", "dist/server.js"]',
    );
    const { builder, runtime } = run(text, project());
    expect(builder).toContain('npm run build\nEOF');
    expect(builder).toContain('RUN npm prune --omit=dev');
    expect(runtime).toMatch(/distroless\/nodejs20-debian12/);
    expect(runtime).toContain('# the server');
    expect(runtime).toContain('CMD ["dist/server.js"]');
  });

  it('removes package-manager caches when the app folder is a home directory', () => {
    const { builder } = run(NPM.replace(/\/usr\/src\/app/g, '/home/node'), project());
    expect(builder).toContain('RUN rm -rf /home/node/.npm /home/node/.cache/yarn');
    expect(run(NPM, project()).builder).not.toContain('rm -rf');
  });
});

const YARN1_LOCK =
  '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n\nexpress@^4.22.1:\n  version "4.22.1"\n';
const YARN = df(
  'FROM node:20',
  'WORKDIR /app',
  'COPY package.json yarn.lock ./',
  'RUN yarn install --frozen-lockfile',
  'COPY . .',
  'RUN yarn build',
  'CMD ["node", "dist/server.js"]',
);
const yarnProject = (extra: Partial<ProjectContext> = {}, pkg: Partial<PackageJsonFacts> = {}) =>
  project(
    {
      files: ['package.json', 'yarn.lock', 'src/server.ts'],
      manifests: { 'yarn.lock': YARN1_LOCK },
      ...extra,
    },
    pkg,
  );

describe('Node recipe: Yarn and pnpm', () => {
  it('Yarn classic: reinstalls production only with the lockfile, on distroless', () => {
    const { builder, runtime, explanation } = run(YARN, yarnProject());
    expect(builder).toContain('RUN yarn install --production --frozen-lockfile');
    expect(builder).not.toContain('npm prune');
    expect(runtime).toMatch(/^FROM gcr\.io\/distroless\/nodejs20-debian12/);
    expect(explanation).toMatch(/yarn install --production --frozen-lockfile/);
  });

  it('Yarn classic: keeps devDependencies when package.json runs install scripts (a reinstall would run them)', () => {
    const { builder, explanation } = run(
      YARN,
      yarnProject({}, { scripts: { ...PKG.scripts, prepare: 'husky install' } }),
    );
    expect(builder).not.toMatch(/--production|prune/);
    expect(explanation).toMatch(/"prepare" on install/);
  });

  it('Yarn Berry: focus --production from Yarn 4, advice below', () => {
    // node_modules linker: the packages live in the app folder (PnP's global cache would not; yarn-pnp.test.ts).
    const berry = {
      'yarn.lock': '__metadata:\n  version: 8\n\n"express@npm:^4.22.1":\n  version: 4.22.1\n',
      '.yarnrc.yml': 'nodeLinker: node-modules\n',
    };
    const four = run(
      YARN.replace('--frozen-lockfile', '--immutable'),
      yarnProject({ manifests: berry }, { packageManager: 'yarn@4.5.0' }),
    );
    expect(four.builder).toContain('RUN yarn workspaces focus --all --production');
    const three = run(
      YARN.replace('--frozen-lockfile', '--immutable'),
      yarnProject({
        manifests: berry,
        files: ['package.json', 'yarn.lock', '.yarnrc.yml', '.yarn/releases/yarn-3.6.4.cjs'],
      }),
    );
    expect(three.builder).not.toMatch(/focus|prune|--production/);
    expect(three.explanation).toMatch(/Yarn 3 project.*built in only from Yarn 4/);
  });

  it('pnpm: corepack and the install go to the builder, pnpm prune --prod, distroless runtime', () => {
    const text = df(
      'FROM node:20',
      'RUN corepack enable',
      'WORKDIR /app',
      'COPY package.json pnpm-lock.yaml ./',
      'RUN pnpm install --frozen-lockfile',
      'COPY . .',
      'RUN pnpm run build',
      'CMD ["node", "dist/server.js"]',
    );
    const p = project({
      files: ['package.json', 'pnpm-lock.yaml', 'src/server.ts'],
      manifests: { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" },
    });
    const { builder, runtime } = run(text, p);
    expect(builder).toContain('RUN corepack enable');
    expect(builder).toContain('RUN pnpm prune --prod');
    expect(runtime).toMatch(/^FROM gcr\.io\/distroless\/nodejs20-debian12/);
    expect(runtime).not.toContain('corepack');
    // Started through pnpm: the runtime keeps corepack's pnpm and a shell.
    const viaPnpm = run(text.replace('CMD ["node", "dist/server.js"]', 'CMD ["pnpm", "start"]'), p);
    expect(viaPnpm.runtime).toMatch(/^FROM node:20-slim/);
    expect(viaPnpm.runtime).toContain('RUN corepack enable');
  });

  it('never moves a global tool the start runs (npm i -g pm2) out of the final image', () => {
    const text = NPM.replace('COPY . .', 'RUN npm install -g pm2\nCOPY . .').replace(
      'CMD ["node", "dist/server.js"]',
      'CMD ["pm2-runtime", "dist/server.js"]',
    );
    const { runtime } = run(text, project());
    expect(runtime).toContain('RUN npm install -g pm2');
    expect(runtime).not.toContain('distroless');
  });

  it('pnpm lockfiles of format 5–8 name packages that build (requiresBuild)', () => {
    const lock =
      "lockfileVersion: '6.0'\n\npackages:\n\n  /odd-addon@1.0.0:\n    resolution: {integrity: x}\n    requiresBuild: true\n    dev: false\n\n  /jest@29.0.0:\n    requiresBuild: true\n    dev: true\n";
    const text = df(
      'FROM node:20',
      'WORKDIR /app',
      'COPY . .',
      'RUN npm i -g pnpm && pnpm install',
      'CMD ["node", "index.js"]',
    );
    const p = project({
      files: ['package.json', 'pnpm-lock.yaml', 'index.js'],
      manifests: { 'pnpm-lock.yaml': lock },
    });
    expect(run(text, p).explanation).toMatch(/native addons \(odd-addon\)/);
  });
});

describe('Node recipe: what is already there', () => {
  it('adds no second prune when the build already prunes after its install (npm, pnpm)', () => {
    for (const [pm, line] of [
      ['npm', 'RUN npm ci && npm run build && npm prune --omit=dev'],
      ['npm', 'RUN npm ci\nRUN npm run build && npm prune --production'],
      ['pnpm', 'RUN pnpm install --frozen-lockfile && pnpm run build && pnpm prune --prod'],
    ] as const) {
      const text = df(
        'FROM node:20',
        'WORKDIR /usr/src/app',
        'COPY . .',
        line,
        'EXPOSE 3000',
        'CMD ["node", "dist/server.js"]',
      );
      const files = ['package.json', pm === 'pnpm' ? 'pnpm-lock.yaml' : 'package-lock.json', 'src/server.ts'];
      const { builder, explanation } = run(text, project({ files }));
      expect(builder.match(/prune/g), builder).toHaveLength(1);
      expect(explanation).toMatch(/already prunes/);
    }
  });

  it('still prunes when the prune comes before a later install', () => {
    const text = df(
      'FROM node:20',
      'WORKDIR /usr/src/app',
      'COPY . .',
      'RUN npm prune --omit=dev && npm ci && npm run build',
      'CMD ["node", "dist/server.js"]',
    );
    expect(run(text, project()).builder).toMatch(/^RUN npm prune --omit=dev$/m);
  });

  it('WH012 stays quiet when package.json declares no devDependencies, unless another package.json may', () => {
    const text = df(
      'FROM node:20',
      'WORKDIR /app',
      'COPY . .',
      'RUN npm install',
      'CMD ["node", "server.js"]',
    );
    const ids = (p: ProjectContext) => optimize(text, p).findings.map((f) => f.ruleId);
    const none = project(
      { files: ['package.json', 'package-lock.json', 'server.js'] },
      { devDependencies: [] },
    );
    expect(ids(none)).not.toContain('WH012');
    const workspace = project(
      { files: ['package.json', 'package-lock.json', 'server.js', 'packages/ui/package.json'] },
      { devDependencies: [] },
    );
    expect(ids(workspace)).toContain('WH012');
    expect(
      ids(project({ files: ['package.json', 'node_modules/x/package.json'] }, { devDependencies: [] })),
    ).not.toContain('WH012');
    expect(ids(project())).toContain('WH012');
    // Unknown package.json (not read): the finding stays.
    expect(ids({ ...project(), packageJson: undefined })).toContain('WH012');
  });
});
