/**
 * Yarn Berry with Plug'n'Play and the global cache (Yarn 4's default) keeps the packages in
 * root's home, outside the app folder: the Node split (WH010) and a non-root USER (WH050) are
 * held back with the reason; node-modules/pnpm linkers, a project cache and Yarn 2/3 defaults
 * keep them inside and the fixes apply. Seen on the engine: the split image never answered.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../../api/contract';
import { optimize } from '../../optimizer/index';
import { df } from '../../test/helpers';

const text = (...env: string[]) =>
  df(
    'FROM node:20',
    'WORKDIR /app',
    ...env,
    'COPY . .',
    'RUN yarn install --immutable',
    'EXPOSE 3000',
    'CMD ["node", "server.js"]',
  );
const project = (yarnrc: string | null, extra: Partial<ProjectContext> = {}): ProjectContext => ({
  files: ['package.json', 'yarn.lock', 'server.js', ...(yarnrc !== null ? ['.yarnrc.yml'] : [])],
  dockerignore: '.git\n',
  packageJson: { scripts: {}, devDependencies: ['typescript'], packageManager: 'yarn@4.1.1' },
  manifests: {
    'yarn.lock': '__metadata:\n  version: 8\n',
    ...(yarnrc !== null ? { '.yarnrc.yml': yarnrc } : {}),
  },
  nodeSubprocess: false,
  ...extra,
});
const risks = (t: string, p: ProjectContext) => {
  const res = optimize(t, p);
  const risk = (id: string) => res.findings.find((f) => f.ruleId === id)?.risk ?? null;
  return { text: res.text, wh010: risk('WH010'), wh050: risk('WH050') };
};

describe("Yarn Berry's Plug'n'Play packages outside the app folder", () => {
  it.each<[string, string | null, string[]]>([
    ['Yarn 4 with no .yarnrc.yml', null, []],
    ['Yarn 4 with only yarnPath', 'yarnPath: .yarn/releases/yarn-4.1.1.cjs\n', []],
    ['nodeLinker: pnp said outright', 'nodeLinker: "pnp"\n', []],
    ['enableGlobalCache: true', 'nodeLinker: pnp\nenableGlobalCache: true\n', []],
    ['an absolute cacheFolder', 'enableGlobalCache: false\ncacheFolder: /var/cache/yarn\n', []],
  ])('holds back the split and the user: %s', (_, yarnrc, env) => {
    const r = risks(text(...env), project(yarnrc));
    expect(r.wh010).toMatch(/Plug'n'Play/);
    expect(r.wh050).toMatch(/Plug'n'Play/);
    expect(r.text).not.toMatch(/AS builder|^USER /m);
  });

  it.each<[string, string | null, string[], Partial<ProjectContext>]>([
    ['nodeLinker: node-modules', 'nodeLinker: node-modules\n', [], {}],
    ['nodeLinker: pnpm', 'nodeLinker: pnpm\n', [], {}],
    ['enableGlobalCache: false', 'enableGlobalCache: false\n', [], {}],
    ['ENV YARN_NODE_LINKER=node-modules', null, ['ENV YARN_NODE_LINKER=node-modules'], {}],
    [
      'Yarn 3 (project cache by default)',
      'yarnPath: .yarn/releases/yarn-3.6.4.cjs\n',
      [],
      { packageJson: { scripts: {}, devDependencies: ['typescript'], packageManager: 'yarn@3.6.4' } },
    ],
  ])('splits and adds a user: %s', (_, yarnrc, env, extra) => {
    const r = risks(text(...env), project(yarnrc, extra));
    expect(r.wh010).toBeNull();
    expect(r.wh050).toBeNull();
    expect(r.text).toMatch(/AS builder/);
  });

  it('leaves npm and Yarn classic alone', () => {
    const npm = text().replace('yarn install --immutable', 'npm ci');
    const p = {
      ...project(null),
      packageJson: { scripts: {}, devDependencies: ['typescript'] },
      manifests: {},
    };
    expect(risks(npm, { ...p, files: ['package.json', 'package-lock.json', 'server.js'] }).wh010).toBeNull();
    const classic = text().replace('--immutable', '--frozen-lockfile');
    expect(risks(classic, { ...p, manifests: { 'yarn.lock': '# yarn lockfile v1\n' } }).wh010).toBeNull();
  });
});
