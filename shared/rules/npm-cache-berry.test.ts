/**
 * WH025 on Yarn Berry: with Plug'n'Play the cache's zip archives are the installed packages, so
 * `yarn cache clean` is never appended to a Berry install (advice with the reason, no bytes
 * claimed); Yarn classic and npm are cleaned as before.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../api/contract';
import { optimize } from '../optimizer/index';
import { df, onlyFix } from '../test/helpers';

const TEXT = df(
  'FROM node:20-slim',
  'WORKDIR /app',
  'COPY . .',
  'RUN yarn install --immutable',
  'CMD ["node", "server.js"]',
);
const base: ProjectContext = { files: ['package.json', 'yarn.lock', 'server.js'], dockerignore: '.git\n' };
const wh025 = (p: ProjectContext, text = TEXT) =>
  optimize(text, p).findings.find((f) => f.ruleId === 'WH025');

describe('WH025 and Yarn Berry', () => {
  it.each<[string, ProjectContext]>([
    ['a Berry lockfile', { ...base, manifests: { 'yarn.lock': '__metadata:\n  version: 8\n' } }],
    ['.yarnrc.yml', { ...base, files: [...base.files, '.yarnrc.yml'] }],
    [
      'packageManager yarn@4',
      { ...base, packageJson: { scripts: {}, devDependencies: [], packageManager: 'yarn@4.1.1' } },
    ],
    ['a Yarn 3 release file', { ...base, files: [...base.files, '.yarn/releases/yarn-3.6.4.cjs'] }],
  ])('holds back the clean for %s and claims no bytes', (_, p) => {
    const f = wh025(p);
    expect(f?.risk).toMatch(/Plug'n'Play/);
    expect(f?.estimatedBytes).toBeUndefined();
    expect(onlyFix('WH025', TEXT, p)).not.toContain('yarn cache clean');
  });

  it('cleans Yarn classic and npm installs as before', () => {
    const classic = { ...base, manifests: { 'yarn.lock': '# yarn lockfile v1\n' } };
    const text = TEXT.replace('--immutable', '--frozen-lockfile');
    expect(wh025(classic, text)?.risk).toBeUndefined();
    expect(onlyFix('WH025', text, classic)).toContain('yarn cache clean');
    const npm = TEXT.replace('yarn install --immutable', 'npm ci');
    expect(onlyFix('WH025', npm, { ...base, files: ['package.json', 'package-lock.json'] })).toContain(
      'npm cache clean --force',
    );
  });
});
