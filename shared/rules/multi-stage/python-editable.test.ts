/**
 * An editable install of a local folder (`pip install -e .`) cannot move to a builder stage: the
 * venv points at that folder, and the runtime's own copy of the sources lacks what the install
 * wrote there in the builder (legacy `setup.py develop` egg-info with the entry points, C
 * extensions built in place, setuptools-scm version files). Red-team trial: a Flask package with
 * `pip install -e ./plugins` was split and lost plug.egg-info. Held back, in every spelling;
 * VCS editables (cloned into the venv's own src/) and plain `pip install .` still split.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../../api/contract';
import { optimize } from '../../optimizer/index';
import { ctx, df } from '../../test/helpers';
import { editableLocalTarget } from '../../catalog/pypi-sdist-libs';

const project = (manifests: Record<string, string> = {}): ProjectContext => ({
  ...ctx(['requirements.txt', 'setup.py', 'app.py', ...Object.keys(manifests)]),
  manifests,
});
const app = (...pip: string[]) =>
  df('FROM python:3.9', 'WORKDIR /srv', 'COPY . .', ...pip, 'CMD ["python", "-m", "myapp"]');
const wh010 = (text: string, p = project()) => {
  const res = optimize(text, p);
  return { res, f: res.findings.find((x) => x.ruleId === 'WH010')! };
};

describe('python recipe: editable installs of local folders hold the split back', () => {
  it.each([
    ['-e .', ['RUN pip install -e .']],
    ['--editable=./lib', ['RUN pip install --no-cache-dir --editable=./lib']],
    ['-e after other packages', ['RUN pip install gunicorn -e /srv/plugins']],
    [
      'python -m pip, after a plain install',
      ['RUN pip install -r requirements.txt', 'RUN python -m pip install -e .[dev]'],
    ],
  ])('%s', (_what, pip) => {
    const { res, f } = wh010(app(...pip));
    expect(res.text).not.toMatch(/AS builder/);
    expect(f.fixed).toBe(false);
    expect(f.risk).toMatch(/in place \(editable\)/);
  });

  it('an editable line in the requirements file', () => {
    const p = project({ 'requirements.txt': 'flask==3.0.0\n-e ./vendor/mylib  # ours\n' });
    const { f } = wh010(app('RUN pip install -r requirements.txt'), p);
    expect(f.risk).toMatch(/\.\/vendor\/mylib in place/);
  });

  it('VCS editables and non-editable local installs still split', () => {
    for (const pip of [
      'RUN pip install -e git+https://github.com/pallets/click@8.1.7#egg=click',
      'RUN pip install .',
    ]) {
      const { res, f } = wh010(app(pip));
      expect(res.text, pip).toMatch(/AS builder/);
      expect(f.fixed).toBe(true);
    }
    const p = project({
      'requirements.txt': '-e git+https://github.com/pallets/click@8.1.7#egg=click\n# -e ./old\n',
    });
    expect(wh010(app('RUN pip install -r requirements.txt'), p).f.fixed).toBe(true);
  });

  it('reads the target the way pip does', () => {
    expect(editableLocalTarget(['pip', 'install', '-e', '.'], {})).toBe('.');
    expect(editableLocalTarget(['pip', 'install', '-e.'], {})).toBe('.');
    expect(
      editableLocalTarget(['pip', 'install', '-r', 'req/dev.txt'], { 'dev.txt': '--editable=../x' }),
    ).toBe('../x');
    expect(editableLocalTarget(['pip', 'install', '-e', 'git+ssh://git@host/r.git#egg=r'], {})).toBeNull();
  });
});
