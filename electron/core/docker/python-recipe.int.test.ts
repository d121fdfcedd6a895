/**
 * The Python recipe (WH010) on real images with an old pip (issue 11 A and B4): a
 * `python:3.8.8-slim` app (pip 21.0.1) installs libpq-dev and build-essential in its own RUN and
 * compiles psycopg2 from PyPI. The optimized image must build, import psycopg2 against libpq5 in
 * the runtime and carry no compiler. The control case uses the lean venv
 * (`--without-pip` + `PIP_PYTHON`, which pip < 22.3 ignores): it builds, but the venv is empty
 * and the app fails with ModuleNotFoundError — the fault the resolver's pip fact prevents.
 */
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { optimize } from '../../../shared/optimizer/index';
import { readProjectContext } from '../project';
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

const ORIGINAL = [
  'FROM python:3.8.8-slim',
  'WORKDIR /app',
  'RUN apt-get update && apt-get install -y libpq-dev build-essential',
  'COPY requirements.txt .',
  'RUN pip install -r requirements.txt',
  'COPY . .',
  'CMD ["python", "app.py"]',
  '',
].join('\n');

describeDocker('Python recipe on an image with pip 21', () => {
  let docker: Dockerode;
  let dir = '';
  const images = new Set<string>();
  const mark = nonce();

  beforeAll(async () => {
    docker = dockerClient();
    dir = await makeContext(
      {
        'requirements.txt': 'psycopg2==2.9.9\n',
        'app.py': `import psycopg2\nprint("libpq", psycopg2.__libpq_version__, "${mark}")\n`,
        '.dockerignore': '.git\n',
      },
      'whittle-test-py-facts-',
    );
  });
  afterAll(async () => {
    await removeImages(docker, images);
    await removeDir(dir);
  });

  const build = (text: string, variant: 'original' | 'optimized') =>
    buildOnHost(docker, { dir, text, variant, buildId: `py-facts-${variant}` }, images);

  const run = (image: string, cmd?: string[]) => runToExit(docker, image, cmd);

  it('builds with a venv that has its own pip, imports psycopg2 with libpq5, ships no compiler', async () => {
    const ctx = await readProjectContext(dir);
    const text = optimize(ORIGINAL, ctx).text;
    expect(text).toMatch(/AS builder/);
    expect(text).toContain('RUN python3 -m venv /opt/venv');
    expect(text).not.toContain('PIP_PYTHON');
    expect(text).toContain('libpq5');

    const original = await build(ORIGINAL, 'original');
    expect((await run(original)).out).toContain(mark);
    const optimized = await build(text, 'optimized');
    const started = await run(optimized);
    expect(started.out).toContain(mark);
    expect(started.code).toBe(0);
    expect((await run(optimized, ['sh', '-c', 'command -v gcc cc make || echo none'])).out.trim()).toBe(
      'none',
    );
    const [o, s] = await Promise.all([original, optimized].map((id) => docker.getImage(id).inspect()));
    expect(s!.Size).toBeLessThan(o!.Size);

    // Control: the lean venv needs pip ≥ 22.3; pip 21 ignores PIP_PYTHON and leaves it empty.
    const lean = text.replace(
      'RUN python3 -m venv /opt/venv',
      'RUN python3 -m venv --without-pip /opt/venv\nENV PIP_PYTHON=/opt/venv/bin/python',
    );
    expect(lean).toContain('PIP_PYTHON');
    const broken = await run(await build(lean, 'optimized'));
    expect(broken.code).not.toBe(0);
    expect(broken.out).toMatch(/ModuleNotFoundError: No module named 'psycopg2'/);
  }, 2_400_000);
});
