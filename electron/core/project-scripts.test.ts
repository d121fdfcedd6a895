/** `ProjectContext.scripts`: which project files readProjectContext hands the recipes (review gap D2). */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProjectContext } from './project';

let dir: string;
const files: Record<string, string> = {
  'start.sh': 'exec gunicorn app:app\n',
  'run.py': '#!/usr/local/bin/python\nimport app\n',
  'app.py': 'import flask\n',
  'bin/serve': '#!/bin/sh\nexec python app.py\n',
  LICENSE: 'MIT\n',
  Makefile: 'run:\n\tgcc -o app app.c && ./app\n',
  'deploy/supervisord.conf': '[program:web]\ncommand=gunicorn app:app\n',
  'node_modules/x/install.sh': '#!/bin/sh\n',
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'whittle-scripts-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  await writeFile(path.join(dir, 'big.sh'), `#!/bin/sh\n${'x'.repeat(70 * 1024)}\n`);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readProjectContext: scripts', () => {
  it('reads shebang files, shell scripts, Makefiles and configs; not plain sources, vendored trees or big files', async () => {
    const ctx = await readProjectContext(dir);
    expect(Object.keys(ctx.scripts ?? {}).sort()).toEqual([
      'Makefile',
      'bin/serve',
      'deploy/supervisord.conf',
      'run.py',
      'start.sh',
    ]);
    expect(ctx.scripts!['run.py']).toBe(files['run.py']);
  });
});
