/**
 * Source-only PyPI packages built on a full python image link libraries the slim runtime lacks
 * (uWSGI → libxml2.so.2: the seed project's failure). The runtime stage installs them.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../../api/contract';
import { optimize } from '../../optimizer/index';
import { ctx, df } from '../../test/helpers';
import { pipInstallNames, requirementNames } from '../../catalog/pypi-sdist-libs';

const project = (manifests: Record<string, string> = {}): ProjectContext => ({
  ...ctx(['requirements.txt', 'app.py', ...Object.keys(manifests)]),
  manifests,
});
const dockerfile = (from: string, ...pip: string[]) =>
  df(
    `FROM ${from}`,
    'WORKDIR /app',
    'COPY requirements.txt .',
    ...pip,
    'COPY . .',
    'CMD ["uwsgi", "app.ini"]',
  );
/** The runtime stage's text (after the last FROM). */
const runtimeOf = (text: string) => text.slice(text.lastIndexOf('\nFROM '));

describe('python recipe: libraries that source-only packages link on a full builder', () => {
  it.each([
    [
      'a pip argument',
      dockerfile('python:3.9', 'RUN pip install -r requirements.txt', 'RUN pip install uwsgi'),
      {},
    ],
    [
      'a pinned, mixed-case pip argument',
      dockerfile('python:3.9-bookworm', 'RUN pip install "uWSGI==2.0.23"'),
      {},
    ],
    [
      'a requirements file',
      dockerfile('python:3.11', 'RUN pip install --no-cache-dir -r requirements.txt'),
      { 'requirements.txt': 'flask==2.0.3  # web\nuwsgi>=2.0 ; sys_platform == "linux"\n' },
    ],
    [
      'python -m pip and --requirement=',
      dockerfile('python:3.10-bullseye', 'RUN python -m pip install --requirement=requirements.txt'),
      { 'requirements.txt': 'UWSGI\n' },
    ],
  ])('uWSGI from %s: the slim runtime installs libxml2', (_what, text, manifests) => {
    const out = optimize(text, project(manifests));
    const runtime = runtimeOf(out.text);
    expect(runtime, out.text).toMatch(/-slim/);
    expect(runtime).toMatch(/apt-get install -y --no-install-recommends libxml2 &&/);
    // Once, and before the venv arrives; and the optimizer's output is a fixed point.
    expect(runtime.match(/libxml2/g)).toHaveLength(1);
    expect(runtime.indexOf('libxml2')).toBeLessThan(runtime.indexOf('COPY --from='));
    expect(optimize(out.text, project(manifests)).text).toBe(out.text);
  });

  it('adds nothing when no such package is installed, or the builder is slim (it links what the Dockerfile installs)', () => {
    const plain = optimize(dockerfile('python:3.9', 'RUN pip install flask'), project());
    expect(plain.text).not.toMatch(/libxml2/);
    const slim = optimize(
      dockerfile(
        'python:3.9-slim',
        'RUN apt-get update && apt-get install -y build-essential',
        'RUN pip install uwsgi',
      ),
      project(),
    );
    expect(slim.text).not.toMatch(/libxml2/);
  });

  it('reads names the way pip does', () => {
    expect(requirementNames('# c\n-r other.txt\nFoo_Bar.baz[extra]>=1\n\nuWSGI==2 # x\n')).toEqual([
      'foo-bar-baz',
      'uwsgi',
    ]);
    expect(
      pipInstallNames(['pip', 'install', '-r', 'req/base.txt', './pkg', 'gunicorn'], { 'base.txt': 'uwsgi' }),
    ).toEqual({
      names: ['uwsgi', 'gunicorn'],
      unknown: [],
    });
    expect(pipInstallNames(['pip', 'install', '-r', 'missing.txt'], {}).unknown).toEqual(['missing.txt']);
  });
});
