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

  it.each([
    ['psycopg2 (no Linux wheel: links libpq)', 'psycopg2==2.9.9', ['libpq5']],
    ['psycopg 3, pure Python (ctypes loads libpq)', 'psycopg[pool]>=3.1', ['libpq5']],
    ['psycopg-c', 'psycopg-c==3.1.18', ['libpq5']],
    ['mysqlclient', 'mysqlclient==2.2.4', ['libmariadb3']],
    ['pycurl', 'pycurl==7.45.2', ['libcurl4']],
    ['python-magic (ctypes)', 'python_magic==0.4.27', ['libmagic1']],
    ['Wand (ctypes)', 'Wand>=0.6', ['libmagickwand-6.q16-6']],
    ['several at once', 'Django==4.2\npsycopg2\npython-magic\n', ['libpq5', 'libmagic1']],
  ])('%s from a requirements file: the slim runtime installs it', (_what, reqs, libs) => {
    const manifests = { 'requirements.txt': `${reqs}\n` };
    // A tag pinned to one Debian release: libcurl4, libmagic1 are named …t64 on trixie.
    const text = dockerfile('python:3.9-bookworm', 'RUN pip install -r requirements.txt');
    const out = optimize(text, project(manifests));
    const runtime = runtimeOf(out.text);
    expect(runtime, out.text).toMatch(/python:3\.9-slim-bookworm/);
    expect(runtime).toMatch(new RegExp(`apt-get install -y --no-install-recommends ${libs.join(' ')} &&`));
    expect(runtime.indexOf(libs[0]!)).toBeLessThan(runtime.indexOf('COPY --from='));
    expect(optimize(out.text, project(manifests)).text).toBe(out.text);
  });

  it('the same packages as pip arguments, on bookworm', () => {
    const text = dockerfile('python:3.11', 'RUN pip install psycopg2 "mysqlclient>=2"');
    expect(runtimeOf(optimize(text, project()).text)).toMatch(
      /--no-install-recommends libpq5 libmariadb3 &&/,
    );
  });

  it.each([
    ['Wand on trixie (no name known)', 'python:3.13-trixie', 'RUN pip install Wand', /libmagickwand-dev/],
    [
      'python-magic on a tag built on several releases',
      'python:3.9',
      'RUN pip install python-magic',
      /libmagic1t64 on trixie/,
    ],
  ])('holds back where Whittle does not know the runtime name: %s', (_what, from, run, why) => {
    const f = optimize(dockerfile(from, run), project()).findings.find((x) => x.ruleId === 'WH010')!;
    expect(f.fixed).toBe(false);
    expect(f.risk).toMatch(why);
  });

  it('installs a library once when the Dockerfile’s own apt RUN already brings it before the venv', () => {
    const text = df(
      'FROM python:3.9-bookworm',
      'RUN apt-get update && apt-get install -y libpq-dev gettext',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'COPY . .',
      'CMD ["gunicorn", "app:app"]',
    );
    const out = optimize(text, project({ 'requirements.txt': 'psycopg2\npython-magic\n' })).text;
    const runtime = runtimeOf(out);
    expect(runtime.match(/libpq5/g), out).toHaveLength(1);
    expect(runtime).toMatch(/--no-install-recommends gettext libpq5 &&/);
    expect(runtime).toMatch(/--no-install-recommends libmagic1 &&/);
  });
});
