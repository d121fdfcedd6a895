/**
 * The venv recipe must not leave the app on the image's own Python (review gap D2): absolute
 * interpreter paths in the start lines are rewritten to the venv's; shebangs, scripts, PATH
 * resets and console scripts at /usr/local/bin hold the split back with the reason.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../../api/contract';
import { parseDockerfile } from '../../dockerfile/parse';
import { optimize } from '../../optimizer/index';
import { ctx, df } from '../../test/helpers';

const project = (scripts: Record<string, string> = {}, extra: string[] = []): ProjectContext => ({
  ...ctx(['requirements.txt', 'app.py', ...Object.keys(scripts), ...extra]),
  scripts,
});

/** python:3.9 with pip into the image's Python, then `lines` at the end of the stage. */
const app = (...lines: string[]) =>
  df(
    'FROM python:3.9',
    'WORKDIR /app',
    'COPY requirements.txt .',
    'RUN pip install -r requirements.txt',
    'COPY . .',
    ...lines,
  );

const wh010 = (text: string, p = project()) => {
  const res = optimize(text, p);
  return { res, f: res.findings.find((f) => f.ruleId === 'WH010')! };
};
/** The split happened and the final stage reads as `expected` lines. */
function splitWith(text: string, p: ProjectContext, ...expected: string[]) {
  const { res, f } = wh010(text, p);
  expect(f.risk, res.text).toBeUndefined();
  expect(f.fixed).toBe(true);
  const model = parseDockerfile(res.text);
  expect(model.stages).toHaveLength(2);
  for (const e of expected) expect(res.text).toContain(e);
  expect(optimize(res.text, p).text).toBe(res.text);
  return res.text;
}
function heldBack(text: string, p: ProjectContext, reason: RegExp) {
  const { res, f } = wh010(text, p);
  expect(f.fixed).toBe(false);
  expect(f.risk).toMatch(reason);
  expect(parseDockerfile(res.text).stages).toHaveLength(1);
}

describe('venv recipe: the app stays on the interpreter that has the packages (D2)', () => {
  it.each([
    ['CMD ["/usr/local/bin/python", "app.py"]', 'CMD ["/opt/venv/bin/python", "app.py"]'],
    ['CMD /usr/local/bin/python3 app.py', 'CMD /opt/venv/bin/python3 app.py'],
    ['ENTRYPOINT ["/usr/local/bin/python3.9", "-u"]', 'ENTRYPOINT ["/opt/venv/bin/python3.9", "-u"]'],
    ['CMD ["sh", "-c", "/usr/local/bin/python app.py"]', 'CMD ["sh", "-c", "/opt/venv/bin/python app.py"]'],
    [
      'HEALTHCHECK CMD /usr/local/bin/python -c "import requests"',
      'HEALTHCHECK CMD /opt/venv/bin/python -c "import requests"',
    ],
  ])('rewrites %s to the venv interpreter', (line, expected) => {
    const out = splitWith(app(line), project(), expected);
    expect(out).not.toMatch(/\/usr\/local\/bin\/python/);
  });

  it.each([
    [
      'CMD ["/usr/local/bin/python3.11", "app.py"]',
      /cannot tell that it is the Python the venv is made from \(3\.9\)/,
    ],
    ['CMD ["/usr/bin/python3", "app.py"]', /\/usr\/bin\/python3, the distribution's Python/],
    [
      'CMD ["/usr/local/bin/gunicorn", "app:app"]',
      /\/usr\/local\/bin\/gunicorn, which pip installs into the venv/,
    ],
    ['ENTRYPOINT /root/.local/bin/celery -A app worker', /\/root\/\.local\/bin\/celery/],
    ['ENV PATH=/usr/local/bin:$PATH\nCMD ["python", "app.py"]', /puts \/usr\/local\/bin before `\$PATH`/],
    ['ENV PATH=/usr/local/bin:/usr/bin:/bin\nCMD ["python", "app.py"]', /sets PATH without `\$PATH`/],
    [
      'RUN /usr/local/bin/gunicorn --check-config app:app\nCMD ["gunicorn", "app:app"]',
      /runs \/usr\/local\/bin\/gunicorn/,
    ],
    [
      'RUN printf \'#!/usr/local/bin/python\\nimport app\\napp.main()\\n\' > /usr/local/bin/serve && chmod +x /usr/local/bin/serve\nCMD ["serve"]',
      /names \/usr\/local\/bin\/python \(a shebang it writes\)/,
    ],
    [
      'COPY <<EOF /usr/local/bin/serve\n#!/usr/local/bin/python\nimport app\nEOF\nCMD ["serve"]',
      /names \/usr\/local\/bin\/python \(a shebang it writes\)/,
    ],
    [
      'RUN ln -sf /usr/bin/python3 /usr/local/bin/app-python\nCMD ["app-python", "app.py"]',
      /\/usr\/bin\/python3/,
    ],
  ])('holds back: %s', (lines, reason) => {
    heldBack(app(...lines.split('\n')), project(), reason);
  });

  it('python3.X is rewritten only when it is the image version (read from the daemon when given)', () => {
    const p = { ...project(), baseImages: { 'python:3.9': { languageVersion: '3.11.4' } } };
    splitWith(app('CMD ["/usr/local/bin/python3.11", "app.py"]'), p, '/opt/venv/bin/python3.11');
  });

  describe('project scripts the start runs', () => {
    const entry = (text: string) => ({ 'docker-entrypoint.sh': text });
    const withEntry = (...cmd: string[]) =>
      app(
        'COPY docker-entrypoint.sh /usr/local/bin/',
        'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]',
        ...cmd,
      );

    it('an entrypoint copied to /usr/local/bin that only execs its arguments is fine', () => {
      splitWith(withEntry('CMD ["gunicorn", "app:app"]'), project(entry('#!/bin/sh\nset -e\nexec "$@"\n')));
    });

    it.each([
      [
        '#!/bin/sh\nexec /usr/local/bin/gunicorn app:app\n',
        /docker-entrypoint\.sh names \/usr\/local\/bin\/gunicorn/,
      ],
      [
        '#!/bin/sh\n/usr/local/bin/python manage.py migrate\nexec "$@"\n',
        /docker-entrypoint\.sh runs \/usr\/local\/bin\/python/,
      ],
      ['#!/bin/bash\nexport PATH=/usr/local/bin:/usr/bin:/bin\nexec "$@"\n', /sets PATH without `\$PATH`/],
      ['#!/bin/sh\nPATH="/usr/local/bin:$PATH" exec "$@"\n', /puts \/usr\/local\/bin before/],
      ['#!/bin/sh\nexec su - app -c "python app.py"\n', /runs `su -`, which starts with the system's PATH/],
      ['#!/bin/sh\nexec sudo -u app python app.py\n', /sudo/],
      ['#!/bin/sh\nexec env -i python app.py\n', /env -i/],
      ['#!/bin/sh\nexec ./serve.py\n', /serve\.py starts with `#!\/usr\/local\/bin\/python`/],
    ])('holds back when the entrypoint reads %j', (text, reason) => {
      const scripts = { ...entry(text), 'serve.py': '#!/usr/local/bin/python\nimport app\n' };
      heldBack(withEntry('CMD ["gunicorn", "app:app"]'), project(scripts), reason);
    });

    it.each([
      ['#!/usr/local/bin/python\nimport app\n', /run\.py starts with `#!\/usr\/local\/bin\/python`/],
      ['#!/usr/local/bin/python3.9 -u\nimport app\n', /#!\/usr\/local\/bin\/python3\.9/],
      ['#!/usr/bin/python3\nimport app\n', /#!\/usr\/bin\/python3/],
    ])('a script run by its shebang %j holds back', (text, reason) => {
      heldBack(app('CMD ["./run.py"]'), project({ 'run.py': text }), reason);
      heldBack(app('CMD ["/app/run.py", "--serve"]'), project({ 'run.py': text }), reason);
    });

    it('#!/usr/bin/env python3 finds the venv first on PATH', () => {
      splitWith(app('CMD ["./run.py"]'), project({ 'run.py': '#!/usr/bin/env python3\nimport app\n' }));
    });

    it('a shebang does not matter when python runs the file', () => {
      splitWith(
        app('CMD ["python", "run.py"]'),
        project({ 'run.py': '#!/usr/local/bin/python\nimport app\n' }),
      );
    });

    it('a process manager config the start names is read too', () => {
      const conf = { 'supervisord.conf': '[program:web]\ncommand=/usr/local/bin/gunicorn app:app\n' };
      heldBack(
        app('CMD ["supervisord", "-c", "/app/supervisord.conf"]'),
        project(conf),
        /supervisord\.conf names \/usr\/local\/bin\/gunicorn/,
      );
    });

    it('a start script Whittle was not given is unknown: held back', () => {
      heldBack(
        app('CMD ["./start.sh"]'),
        { ...ctx(['requirements.txt', 'start.sh']) },
        /start\.sh, a project file Whittle was not given/,
      );
    });

    it('scripts named by scripts are followed', () => {
      const scripts = {
        'start.sh': '#!/bin/sh\nsh bin/boot.sh\nexec gunicorn app:app\n',
        'bin/boot.sh': '#!/bin/sh\n/usr/bin/python3 -m app.migrate\n',
      };
      heldBack(app('CMD ["./start.sh"]'), project(scripts), /bin\/boot\.sh runs \/usr\/bin\/python3/);
    });
  });
});
