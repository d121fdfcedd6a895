/**
 * The multi-stage split with copies from elsewhere in the final stage (issue 11 B7): `COPY
 * --from=<index|stage|image>` no longer switches the split off silently; the copy goes to the
 * builder when a build step follows it, and stays in the runtime unless only the build runs it.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../../api/contract';
import { parseDockerfile } from '../../dockerfile/parse';
import { optimize } from '../../optimizer/index';
import { ctx, df } from '../../test/helpers';

const goProject: ProjectContext = {
  ...ctx(['go.mod', 'main.go']),
  manifests: { 'go.mod': 'module x\n\ngo 1.21\n' },
  cgo: false,
};
const pyProject = ctx(['requirements.txt', 'app.py']);

function run(text: string, p: ProjectContext) {
  const res = optimize(text, p);
  parseDockerfile(res.text);
  expect(optimize(res.text, p).text).toBe(res.text);
  const parts = res.text.split(/^(?=FROM )/m);
  return {
    out: res.text,
    builder: parts[parts.length - 2] ?? '',
    runtime: parts[parts.length - 1]!,
    wh010: res.findings.find((f) => f.ruleId === 'WH010'),
  };
}

describe('final stage with COPY --from (B7)', () => {
  it('names uv as the reason instead of skipping silently (COPY --from=<image>)', () => {
    const text = df(
      'FROM python:3.11',
      'COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN uv pip install --system -r requirements.txt',
      'COPY . .',
      'CMD ["python", "app.py"]',
    );
    const { wh010 } = run(text, pyProject);
    expect(wh010?.fixed).toBe(false);
    expect(wh010?.risk).toMatch(/uv/);
  });

  it('splits a pip build and keeps an image copy the build does not run in both stages', () => {
    const text = df(
      'FROM python:3.11',
      'COPY --from=ghcr.io/astral-sh/uv:0.4 /uv /uvx /bin/',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'COPY . .',
      'CMD ["python", "app.py"]',
    );
    const { builder, runtime, wh010 } = run(text, pyProject);
    expect(wh010?.fixed).toBe(true);
    expect(builder).toContain('COPY --from=ghcr.io/astral-sh/uv:0.4 /uv /uvx /bin/');
    expect(runtime).toContain('COPY --from=ghcr.io/astral-sh/uv:0.4 /uv /uvx /bin/');
  });

  it.each([
    ['a stage index', 'COPY --from=0 /web/dist /app/static'],
    ['a stage name', 'COPY --from=web /web/dist /app/static'],
    ['a stage name with --chown', 'COPY --from=web --chown=1000:1000 /web/dist /app/static'],
  ])('splits a Python build that copies assets from %s; the runtime keeps them', (_n, copy) => {
    const text = df(
      'FROM node:20 AS web',
      'WORKDIR /web',
      'RUN echo built > dist',
      '',
      'FROM python:3.11',
      'WORKDIR /app',
      copy,
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'COPY . .',
      'CMD ["python", "app.py"]',
    );
    const { runtime, builder, wh010 } = run(text, pyProject);
    expect(wh010?.fixed).toBe(true);
    expect(runtime).toContain(copy);
    // In the builder without --chown (its user may not exist there).
    expect(builder).toContain(copy.replace(' --chown=1000:1000', ''));
  });

  it('keeps a stage copy the Go build reads (go:embed) in both stages', () => {
    const text = df(
      'FROM node:20 AS web',
      'WORKDIR /web',
      'RUN mkdir dist && echo hi > dist/index.html',
      'FROM golang:1.21',
      'WORKDIR /src',
      'COPY . .',
      'COPY --from=web /web/dist ./web/dist',
      'RUN go build -o /app/server .',
      'CMD ["/app/server"]',
    );
    const { builder, runtime, wh010 } = run(text, goProject);
    expect(wh010?.fixed).toBe(true);
    expect(builder).toContain('COPY --from=web /web/dist ./web/dist');
    expect(runtime).toContain('COPY --from=web /web/dist ./web/dist');
    expect(runtime).toMatch(/^FROM gcr\.io\/distroless\/static-debian12/);
  });

  it('gives a tool only the build runs to the builder alone, and to both when the CMD runs it too', () => {
    const build = (cmd: string) =>
      df(
        'FROM golang:1.21',
        'COPY --from=bufbuild/buf:1.30.0 /usr/local/bin/buf /usr/local/bin/buf',
        'WORKDIR /src',
        'COPY . .',
        'RUN buf generate && go build -o /app/server .',
        cmd,
      );
    const only = run(build('CMD ["/app/server"]'), goProject);
    expect(only.builder).toContain('COPY --from=bufbuild/buf:1.30.0');
    expect(only.runtime).not.toContain('buf');
    const both = run(build('ENTRYPOINT ["/usr/local/bin/buf", "lint"]'), goProject);
    expect(both.runtime).toContain('COPY --from=bufbuild/buf:1.30.0');
  });

  it('leaves a copy after the build to the runtime only', () => {
    const text = df(
      'FROM golang:1.21 AS tools',
      'RUN echo x > /grpc_health_probe',
      'FROM golang:1.21',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /app/server .',
      'COPY --from=tools /grpc_health_probe /bin/grpc_health_probe',
      'CMD ["/app/server"]',
    );
    const { builder, runtime } = run(text, goProject);
    expect(builder).not.toContain('grpc_health_probe');
    expect(runtime).toContain('COPY --from=tools /grpc_health_probe /bin/grpc_health_probe');
  });

  it('names a builder that does not clash with a stage already called builder', () => {
    const text = df(
      'FROM node:20 AS builder',
      'RUN echo x > /x',
      'FROM python:3.11',
      'WORKDIR /app',
      'COPY --from=builder /x /app/x',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'CMD ["python", "app.py"]',
    );
    const { out, runtime } = run(text, pyProject);
    expect(out).toMatch(/AS build$/m);
    expect(runtime).toContain('COPY --from=builder /x /app/x');
    expect(runtime).toContain('COPY --from=build /opt/venv /opt/venv');
  });

  it('says why a final stage built on another stage is not split (no silent skip)', () => {
    const text = df(
      'FROM python:3.11 AS base',
      'WORKDIR /app',
      'FROM base',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'CMD ["python", "app.py"]',
    );
    const { wh010 } = run(text, pyProject);
    expect(wh010?.risk).toMatch(/stage base/);
    const viaArg = text
      .replace('FROM base\n', 'FROM ${STAGE}\n')
      .replace('FROM python', 'ARG STAGE=base\nFROM python');
    expect(run(viaArg, pyProject).wh010?.risk).toMatch(/stage \$\{STAGE\}/);
  });
});

/**
 * An install the split moves to the builder may rely on package lists a separate RUN fetched
 * (`RUN apt-get update` then `RUN apt-get install …`). With WH020 off (a toggle in the UI, or
 * `--disable`) the builder got the install without the update and failed with exit 100 on the
 * engine (python-cext's measuring rebuild). The update RUN now goes to the builder too.
 */
describe('package index updates that a moved install relies on', () => {
  const builderOf = (text: string) => {
    const parts = text.split(/^(?=FROM )/m);
    return parts[parts.length - 2] ?? '';
  };
  it.each([
    ['apt-get', 'RUN apt-get update', 'RUN apt-get install -y build-essential libpq-dev', /apt-get update/],
    ['apt', 'RUN apt update -qq', 'RUN apt install -y gcc libpq-dev', /apt update -qq/],
    [
      'apt-get with a comment between',
      'RUN apt-get update\n# compilers for the wheels',
      'RUN apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev',
      /apt-get update/,
    ],
  ])('%s: the builder fetches the lists before its install (WH020 off)', (_w, update, install, want) => {
    const text = df(
      'FROM python:3.9',
      update,
      install,
      'WORKDIR /app',
      'COPY . .',
      'RUN pip install -r requirements.txt',
      'CMD ["python", "app.py"]',
    );
    const res = optimize(text, pyProject, { disabled: ['WH020'] });
    const builder = builderOf(res.text);
    expect(builder, res.text).toMatch(want);
    expect(builder.indexOf('update')).toBeLessThan(builder.search(/ install /));
  });

  it('adds nothing when the moved install fetches its own lists', () => {
    const text = df(
      'FROM python:3.9',
      'RUN apt-get update && apt-get install -y gcc libpq-dev',
      'WORKDIR /app',
      'COPY . .',
      'RUN pip install -r requirements.txt',
      'CMD ["python", "app.py"]',
    );
    const builder = builderOf(optimize(text, pyProject, { disabled: ['WH020'] }).text);
    expect(builder.match(/apt-get update/g)).toHaveLength(1);
  });
});
