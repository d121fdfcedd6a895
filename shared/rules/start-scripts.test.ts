/**
 * Build tools the start runs stay in the runtime (review gap: make/cmake/gcc assumed build-only
 * even when `CMD make run` needs them): the split, the slim base and the lean toolchain runtime
 * hold back with the reason, and WH011 claims no saving.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../api/contract';
import { parseDockerfile } from '../dockerfile/parse';
import { optimize } from '../optimizer/index';
import { ctx, df } from '../test/helpers';

const py = (...tail: string[]) =>
  df(
    'FROM python:3.9',
    'WORKDIR /app',
    'RUN apt-get update && apt-get install -y build-essential cmake libpq-dev',
    'COPY requirements.txt .',
    'RUN pip install -r requirements.txt',
    'COPY . .',
    ...tail,
  );
const project = (extra: Partial<ProjectContext> = {}): ProjectContext => ({
  ...ctx(['requirements.txt', 'app.py', 'Makefile', ...Object.keys(extra.scripts ?? {})]),
  ...extra,
});
const of = (text: string, p: ProjectContext, id: string) => {
  const res = optimize(text, p);
  return { res, f: res.findings.filter((x) => x.ruleId === id) };
};

describe('a build tool the start runs stays in the runtime', () => {
  it('baseline: without it the python split and the slim runtime apply', () => {
    const { res, f } = of(py('CMD ["python", "app.py"]'), project(), 'WH010');
    expect(f[0]!.fixed).toBe(true);
    expect(res.text).toContain('FROM python:3.9-slim');
  });

  it.each([
    ['CMD make run', /runs make when it starts/],
    ['CMD ["make", "serve"]', /runs make/],
    ['CMD ["sh", "-c", "cmake --build build && ./build/app"]', /runs cmake/],
    ['CMD exec gcc -O2 -o /tmp/app app.c && /tmp/app', /runs gcc/],
    ['ENTRYPOINT ["tini", "--"]\nCMD ["make", "run"]', /runs make/],
    ['CMD pip install -r requirements.txt && python app.py', /runs pip install/],
    ['CMD python setup.py build_ext --inplace && python app.py', /runs python setup\.py/],
  ])('%s: split, slim base and WH011 saving held back', (tail, reason) => {
    const text = py(...tail.split('\n'));
    const { res } = of(text, project(), 'WH010');
    const find = (id: string) => res.findings.find((x) => x.ruleId === id)!;
    expect(find('WH010')).toMatchObject({ fixed: false });
    expect(find('WH010').risk).toMatch(reason);
    expect(find('WH010').estimatedBytes).toBeUndefined();
    expect(find('WH001').fixed).toBe(false);
    expect(find('WH011').risk).toMatch(reason);
    expect(find('WH011').estimatedBytes).toBeUndefined();
    expect(parseDockerfile(res.text).stages).toHaveLength(1);
    expect(res.text).toMatch(/^FROM python:3\.9\n/);
    expect(res.text).toContain('build-essential cmake libpq-dev');
    expect(optimize(res.text, project()).text).toBe(res.text);
  });

  it('reads the scripts the start runs: an entrypoint that compiles, a Makefile target through a script', () => {
    const entry = { 'entrypoint.sh': '#!/bin/sh\nset -e\ngcc -o /tmp/ext ext.c\nexec "$@"\n' };
    const text = py(
      'COPY entrypoint.sh /usr/local/bin/',
      'ENTRYPOINT ["entrypoint.sh"]',
      'CMD ["python", "app.py"]',
    );
    expect(of(text, project({ scripts: entry }), 'WH010').f[0]!.risk).toMatch(/runs gcc .*in entrypoint\.sh/);
    const boot = { 'start.sh': '#!/bin/bash\nmake -C native && exec python app.py\n' };
    expect(of(py('CMD ["./start.sh"]'), project({ scripts: boot }), 'WH010').f[0]!.risk).toMatch(/runs make/);
    // A script that only starts the app: the split goes ahead.
    const plain = { 'start.sh': '#!/bin/sh\nexec gunicorn app:app\n' };
    expect(of(py('CMD ["./start.sh"]'), project({ scripts: plain }), 'WH010').f[0]!.fixed).toBe(true);
  });

  it('a script the start runs that Whittle was not given is unknown: held back', () => {
    const p = ctx(['requirements.txt', 'app.py', 'bin/serve']);
    expect(of(py('CMD ["/app/bin/serve"]'), p, 'WH010').f[0]!.risk).toMatch(
      /bin\/serve, a project file Whittle was not given/,
    );
  });

  it('npm start that runs node-gyp keeps the node toolchain', () => {
    const text = df('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["npm", "start"]');
    const packageJson = { scripts: { start: 'node-gyp rebuild && node index.js' }, devDependencies: [] };
    const { f } = of(
      text,
      { ...ctx(['package.json', 'package-lock.json', 'index.js']), packageJson },
      'WH010',
    );
    expect(f[0]!.risk).toMatch(/runs node-gyp/);
  });

  it('go run at start: no distroless runtime', () => {
    const text = df(
      'FROM golang:1.21',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /bin/app .',
      'CMD ["go", "run", "."]',
    );
    const go = {
      ...ctx(['go.mod', 'main.go']),
      manifests: { 'go.mod': 'module x\n\ngo 1.21\n' },
      cgo: false,
    };
    const { res, f } = of(text, go, 'WH010');
    expect(of(text.replace('CMD ["go", "run", "."]', 'CMD ["/bin/app"]'), go, 'WH010').f[0]!.fixed).toBe(
      true,
    );
    expect(f[0]!.risk).toMatch(/runs go when it starts/);
    expect(res.text).not.toContain('distroless');
  });

  it('a final stage on a toolchain image that copies a binary but starts with make keeps the image (WH013)', () => {
    const text = df(
      'FROM golang:1.21 AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /out/app .',
      'FROM golang:1.21',
      'COPY --from=build /out/app /usr/local/bin/app',
      'COPY Makefile .',
      'CMD ["make", "serve"]',
    );
    const { res, f } = of(text, ctx(['go.mod', 'main.go', 'Makefile']), 'WH013');
    expect(f[0]!.fixed).toBe(false);
    expect(f[0]!.risk).toMatch(/runs make/);
    expect(res.text).not.toContain('distroless');
  });

  it.each(['CMD ["python", "make_report.py"]', 'CMD ["gunicorn", "--config", "gcc.conf.py", "app:app"]'])(
    'a file name that only looks like a tool is no tool: %s',
    (tail) => {
      expect(of(py(tail), project(), 'WH010').f[0]!.fixed).toBe(true);
    },
  );
});
