import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../../api/contract';
import { finalStage } from '../../dockerfile/model';
import { parseDockerfile } from '../../dockerfile/parse';
import { optimize } from '../../optimizer/index';
import { ctx, df, onlyFix } from '../../test/helpers';

const files = ['requirements.txt', 'app.py'];
const project = (extra: Partial<ProjectContext> = {}): ProjectContext => ({ ...ctx(files), ...extra });

/** A python Dockerfile whose dependencies compile: apt build packages in their own RUN, then pip. */
const compiling = (from: string, apt: string, pip = 'RUN pip install -r requirements.txt') =>
  df(
    `FROM ${from}`,
    'WORKDIR /app',
    `RUN apt-get update && apt-get install -y ${apt}`,
    'COPY requirements.txt .',
    pip,
    'COPY . .',
    'CMD ["python", "app.py"]',
  );

/** The builder and runtime stages of the WH010 fix. */
function split(text: string, p = project()) {
  const out = onlyFix('WH010', text, p);
  const model = parseDockerfile(out);
  expect(model.stages.length, out).toBe(2);
  const [builder, runtime] = model.stages.map((s) =>
    model.lines.slice(s.from.startLine, (s.instructions.at(-1) ?? s.from).endLine + 1).join('\n'),
  );
  return { out, builder: builder!, runtime: runtime! };
}

const risk = (text: string, p = project()) =>
  optimize(text, p).findings.find((f) => f.ruleId === 'WH010')?.risk ?? null;

describe('python recipe: slim original with compiling dependencies (issue 11 B4)', () => {
  it('python:3.9.6-slim-buster + libpq-dev build-essential: compilers and pip in the builder, libpq5 and the venv in the runtime, a venv that works with pip 21', () => {
    const { builder, runtime } = split(compiling('python:3.9.6-slim-buster', 'libpq-dev build-essential'));
    expect(builder).toMatch(/^FROM python:3\.9\.6-slim-buster AS builder/);
    expect(builder).toContain('libpq-dev build-essential');
    // pip 21 ignores PIP_PYTHON: the venv gets its own pip, first on PATH.
    expect(builder).toContain(
      'RUN python3 -m venv /opt/venv\nENV PATH="/opt/venv/bin:$PATH"\nRUN pip install',
    );
    expect(builder).not.toContain('PIP_PYTHON');
    expect(builder).not.toContain('--without-pip');
    expect(runtime).toMatch(/^FROM python:3\.9\.6-slim-buster\n/);
    expect(runtime).toMatch(/install -y --no-install-recommends libpq5\b/);
    expect(runtime).not.toMatch(/build-essential|libpq-dev|pip install/);
    expect(runtime).toContain('COPY --from=builder /opt/venv /opt/venv');
  });

  it('keeps the lean venv only where every build has pip ≥ 22.3 and no setuptools (3.13)', () => {
    const { builder } = split(compiling('python:3.13-slim-bookworm', 'libpq-dev gcc'));
    expect(builder).toContain('python3 -m venv --without-pip /opt/venv');
    expect(builder).toContain('ENV PIP_PYTHON=/opt/venv/bin/python');
  });

  it('uses the pip read from the local image when the daemon gave it', () => {
    const p = project({
      baseImages: { 'python:3.9-slim': { osId: 'debian', osRelease: 'bookworm', pipVersion: '21.2.4' } },
    });
    expect(split(compiling('python:3.9-slim', 'libpq-dev gcc'), p).builder).toContain(
      'python3 -m venv /opt/venv\n',
    );
    const p13 = project({
      baseImages: { 'python:3.13-slim': { osRelease: 'bookworm', pipVersion: '21.2.4' } },
    });
    expect(split(compiling('python:3.13-slim', 'libpq-dev gcc'), p13).builder).not.toContain('PIP_PYTHON');
  });

  it('lxml: libxml2-dev libxslt1-dev → libxml2 libxslt1.1', () => {
    const { runtime } = split(compiling('python:3.9-slim-bullseye', 'gcc libxml2-dev libxslt1-dev'));
    expect(runtime).toMatch(/--no-install-recommends libxml2 libxslt1\.1\b/);
    expect(runtime).not.toMatch(/gcc|-dev\b/);
  });

  it('cryptography/cffi: libffi-dev libssl-dev need no install on a python image, on bullseye and bookworm alike', () => {
    for (const from of ['python:3.9-slim-bullseye', 'python:3.11-slim-bookworm', 'python:3.10-slim']) {
      const { runtime } = split(compiling(from, 'build-essential libffi-dev libssl-dev'));
      expect(runtime, from).not.toMatch(/apt-get|libssl3|libffi8|libssl1\.1/);
    }
  });

  it('mysqlclient: default-libmysqlclient-dev → libmariadb3', () => {
    const { runtime } = split(
      compiling('python:3.9.6-slim-buster', 'gcc default-libmysqlclient-dev pkg-config'),
    );
    expect(runtime).toMatch(/--no-install-recommends libmariadb3\b/);
    expect(runtime).not.toMatch(/pkg-config|gcc/);
  });

  it('Pillow: libjpeg-dev zlib1g-dev → libjpeg62-turbo', () => {
    const { runtime } = split(compiling('python:3.11-slim', 'gcc libjpeg-dev zlib1g-dev'));
    expect(runtime).toMatch(/--no-install-recommends libjpeg62-turbo\n|libjpeg62-turbo && /);
    expect(runtime).not.toContain('zlib1g');
  });

  it('holds back when the runtime name differs between the releases a floating tag has been on', () => {
    // python:3.9 has been buster (libtiff5) and bookworm (libtiff6).
    const r = risk(compiling('python:3.9-slim', 'gcc libtiff-dev'));
    expect(r).toMatch(/libtiff5 on buster.*libtiff6 on bookworm/);
    expect(r).toMatch(/pin the release/);
    // Pinned: fine.
    expect(split(compiling('python:3.9-slim-bookworm', 'gcc libtiff-dev')).runtime).toContain('libtiff6');
    // Unknown name on that release: hold back rather than guess.
    expect(risk(compiling('python:3.12-slim-trixie', 'gcc libldap2-dev'))).toMatch(/libldap2-dev on trixie/);
    // Unknown release (pre-release tag).
    expect(risk(compiling('python:3.14.0rc1-slim', 'gcc libtiff-dev'))).toMatch(/Debian release/);
  });

  it('a full image known from the daemon still allows for the release of the slim runtime WH001 picks', () => {
    const text = compiling('python:3.9', 'gcc libtiff-dev');
    const local = { osId: 'debian', osRelease: 'bookworm', pipVersion: '23.0.1' };
    // python:3.9-slim is not local: it may be any release python:3.9-slim has had.
    expect(risk(text, project({ baseImages: { 'python:3.9': local } }))).toMatch(/libtiff5 on buster/);
    const both = project({ baseImages: { 'python:3.9': local, 'python:3.9-slim': local } });
    expect(risk(text, both)).toBeNull();
    expect(optimize(text, both).text).toMatch(/--no-install-recommends libtiff6\b/);
  });

  it('pip install --user: the venv takes the install, without --user', () => {
    const { builder, runtime } = split(
      compiling('python:3.8.8-slim', 'gcc libpq-dev', 'RUN pip install --user -r requirements.txt'),
    );
    expect(builder).toMatch(/RUN pip install( --no-cache-dir)? -r requirements\.txt/);
    expect(builder).not.toContain('--user');
    expect(runtime).toContain('COPY --from=builder /opt/venv /opt/venv');
  });

  it('python -m pip stays as written with the venv pip (old pip), becomes the image pip in the lean form', () => {
    const old = split(
      compiling('python:3.8.8-slim', 'gcc libpq-dev', 'RUN python -m pip install -r requirements.txt'),
    );
    expect(old.builder).toContain('RUN python -m pip install');
    const lean = split(
      compiling('python:3.13-slim', 'gcc libpq-dev', 'RUN python3 -m pip install -r requirements.txt'),
    );
    expect(lean.builder).toMatch(/RUN pip install/);
    const abs = split(
      compiling('python:3.8.8-slim', 'gcc libpq-dev', 'RUN /usr/local/bin/pip install -r requirements.txt'),
    );
    expect(abs.builder).toMatch(/RUN pip install/);
  });

  it('a cache mount stays on the pip install', () => {
    const text =
      '# syntax=docker/dockerfile:1\n' +
      compiling(
        'python:3.9.6-slim-buster',
        'gcc libpq-dev',
        'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
      );
    const out = optimize(text, project(), { buildkit: true }).text;
    expect(out).toContain('RUN --mount=type=cache,target=/root/.cache/pip pip install');
    expect(out).toContain('RUN python3 -m venv /opt/venv');
  });

  it('holds back installs that leave the venv (--target, --prefix, PIP_USER)', () => {
    expect(
      risk(compiling('python:3.9', 'gcc', 'RUN pip install --target=/deps -r requirements.txt')),
    ).toMatch(/--target/);
    expect(
      risk(compiling('python:3.9', 'gcc', 'RUN pip install --prefix /install -r requirements.txt')),
    ).toMatch(/--prefix/);
    const env = compiling('python:3.9', 'gcc').replace('WORKDIR /app', 'WORKDIR /app\nENV PIP_USER=1');
    expect(risk(env)).toMatch(/PIP_USER/);
  });

  it('is idempotent', () => {
    const text = compiling('python:3.9.6-slim-buster', 'libpq-dev build-essential');
    const once = optimize(text, project()).text;
    expect(optimize(once, project()).text).toBe(once);
    expect(finalStage(parseDockerfile(once)).image.raw).toBe('python:3.9.6-slim-buster');
  });
});
