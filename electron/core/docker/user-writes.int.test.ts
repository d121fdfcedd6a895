/**
 * WH050 on the daemon: when Whittle adds a non-root user, the app can still write what its
 * repository ships into the WORKDIR (an uploads/ folder kept by a .gitkeep, an SQLite-like data
 * file it updates in place), on the classic-free BuildKit path, for an added system user and for
 * node's image user. Without `COPY --chown` these runs end with "Permission denied".
 */
import { afterAll, describe, expect, it } from 'vitest';
import { optimize } from '../../../shared/optimizer/index';
import { ctx } from '../../../shared/test/helpers';
import {
  buildOnHost,
  describeDocker,
  dockerClient,
  makeContext,
  nonce,
  removeDir,
  removeImages,
  runToExit,
} from './test-kit';

/** The app: appends to the shipped data file and writes into the shipped uploads/ folder, then reports who it is. */
const SCRIPT =
  'set -e; echo row >> data.db; echo x > uploads/new.txt; mkdir -p instance/cache; echo "ok $(id -u) $(cat data.db | wc -l)"';

describeDocker('WH050 hands the copied project to the user it adds', () => {
  const docker = dockerClient();
  const images = new Set<string>();
  const dirs: string[] = [];
  afterAll(async () => {
    await removeImages(docker, images);
    for (const d of dirs) await removeDir(d);
  });

  describe.each([
    ['an added system user on debian', 'debian:bookworm-slim', /^ok 10001 2$/m],
    ['node, the image user', 'node:20-slim', /^ok 1000 2$/m],
  ])('%s', (_what, base, expected) => {
    it('the optimized image runs as non-root and writes its shipped folder and file', async () => {
      const files = {
        'run.sh': SCRIPT,
        'data.db': 'header\n',
        'uploads/.gitkeep': '',
        'instance/.gitkeep': '',
      };
      const original = `FROM ${base}\nWORKDIR /srv/app\nCOPY . .\nCMD ["sh", "run.sh"]\n`;
      const out = optimize(original, ctx(Object.keys(files))).text;
      expect(out).toMatch(/^USER (app|node)$/m);
      const dir = await makeContext({ ...files, Dockerfile: out }, 'whittle-test-user-writes-');
      dirs.push(dir);
      const id = await buildOnHost(
        docker,
        { dir, text: out, variant: 'optimized', buildId: nonce() },
        images,
      );
      const run = await runToExit(docker, id);
      expect(run.out).toMatch(expected);
      expect(run.code).toBe(0);
    }, 240_000);
  });

  it('a Node split (app folder copied from the builder) still writes its shipped uploads/ folder', async () => {
    const lock = {
      name: 'w',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: { '': { name: 'w', version: '1.0.0' } },
    };
    const files = {
      'package.json': JSON.stringify({ name: 'w', version: '1.0.0', scripts: { build: 'node build.js' } }),
      'package-lock.json': JSON.stringify(lock),
      'build.js': "require('fs').writeFileSync('built.txt', 'b')",
      'server.js':
        "const fs = require('fs'); fs.writeFileSync('uploads/new.txt', 'x'); fs.appendFileSync('data.db', 'row\\n'); console.log('ok ' + process.getuid());",
      'data.db': 'header\n',
      'uploads/.gitkeep': '',
    };
    const original = [
      'FROM node:20',
      'WORKDIR /usr/src/app',
      'COPY package*.json ./',
      'RUN npm ci',
      'COPY . .',
      'RUN npm run build',
      'CMD ["node", "server.js"]',
      '',
    ].join('\n');
    const out = optimize(original, ctx(Object.keys(files))).text;
    expect(out).toMatch(/AS builder/);
    expect(out).toMatch(/^COPY --from=builder --chown=\S+ \/usr\/src\/app \/usr\/src\/app$/m);
    const dir = await makeContext({ ...files, Dockerfile: out }, 'whittle-test-user-writes-');
    dirs.push(dir);
    const id = await buildOnHost(docker, { dir, text: out, variant: 'optimized', buildId: nonce() }, images);
    const run = await runToExit(docker, id);
    expect(run.out).toMatch(/^ok [1-9]\d*$/m);
    expect(run.code).toBe(0);
  }, 240_000);
});
