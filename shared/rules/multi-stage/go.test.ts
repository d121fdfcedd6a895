/**
 * Go recipe (WH010): cgo (issue 11 B5) and base images named through ARG (B6). Each case is
 * optimized twice to check idempotence.
 */
import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../../api/contract';
import { parseDockerfile } from '../../dockerfile/parse';
import { optimize } from '../../optimizer/index';
import { ctx, df } from '../../test/helpers';
import { cgoModuleIn } from './go-cgo';

const GOMOD = 'module example.com/app\n\ngo 1.21\n';
const project = (gomod: string | null = GOMOD, extra: Partial<ProjectContext> = {}): ProjectContext => ({
  ...ctx(['go.mod', 'go.sum', 'main.go']),
  ...(gomod !== null ? { manifests: { 'go.mod': gomod } } : {}),
  cgo: false,
  ...extra,
});
const withReq = (mod: string, go = '1.21') =>
  `module example.com/app\n\ngo ${go}\n\nrequire (\n\t${mod} v1.2.3\n\tgithub.com/gorilla/mux v1.8.1\n)\n`;

/** Optimizes, checks the output parses and is a fixed point, and returns text and WH010's finding. */
function run(text: string, p: ProjectContext) {
  const res = optimize(text, p);
  parseDockerfile(res.text);
  expect(optimize(res.text, p).text).toBe(res.text);
  const runtime = res.text.split(/^FROM /m).slice(-1)[0]!;
  return { out: res.text, runtime, wh010: res.findings.find((f) => f.ruleId === 'WH010') };
}

const BUILD = [
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN go mod download',
  'COPY . .',
  'RUN go build -o /app/server ./cmd/server',
  'CMD ["/app/server"]',
];

describe('Go with cgo (B5)', () => {
  it.each([
    'github.com/mattn/go-sqlite3',
    'github.com/confluentinc/confluent-kafka-go/v2',
    'gopkg.in/gographics/imagick.v3',
    'github.com/tecbot/gorocksdb',
    'github.com/DataDog/zstd',
    'github.com/marcboeker/go-duckdb',
  ])('keeps cgo and runs on a glibc runtime when go.mod requires %s', (mod) => {
    const { out, runtime, wh010 } = run(df('FROM golang:1.21', ...BUILD), project(withReq(mod)));
    expect(out).not.toMatch(/CGO_ENABLED=0/);
    expect(out).toMatch(/^FROM golang:1.21 AS builder$/m);
    expect(runtime).toMatch(/^gcr\.io\/distroless\/cc-debian12\n/);
    expect(runtime).toContain('COPY --from=builder /app/server /app/server');
    expect(wh010?.fixed).toBe(true);
  });

  it('reads a single-line require and an indirect requirement', () => {
    expect(cgoModuleIn('module x\ngo 1.21\nrequire github.com/mattn/go-sqlite3 v1.14.22\n')).toBe(
      'github.com/mattn/go-sqlite3',
    );
    expect(cgoModuleIn(withReq('github.com/mattn/go-sqlite3 v1.14.22 // indirect'))).toBeTruthy();
    expect(cgoModuleIn(withReq('github.com/mattn/go-sqlite3x'))).toBeNull();
    expect(cgoModuleIn('github.com/mattn/go-sqlite3 v1.14.22/go.mod h1:abc=\n')).toBeNull();
  });

  it('sees a cgo module in go.sum (a dependency of a dependency)', () => {
    const p = project(withReq('gorm.io/gorm'), {
      manifests: {
        'go.mod': withReq('gorm.io/gorm'),
        'go.sum':
          'github.com/mattn/go-sqlite3 v1.14.22 h1:abc=\ngithub.com/mattn/go-sqlite3 v1.14.22/go.mod h1:x=\n',
      },
    });
    const { out, runtime } = run(df('FROM golang:1.21', ...BUILD), p);
    expect(out).not.toMatch(/CGO_ENABLED=0/);
    expect(runtime).toMatch(/^gcr\.io\/distroless\/cc-debian12/);
  });

  it('keeps cgo when a Go file imports "C"', () => {
    const { out, runtime } = run(df('FROM golang:1.21', ...BUILD), project(GOMOD, { cgo: true }));
    expect(out).not.toMatch(/CGO_ENABLED=0/);
    expect(runtime).toMatch(/^gcr\.io\/distroless\/cc-debian12/);
  });

  it.each([
    ['ENV', ['ENV CGO_ENABLED=1']],
    ['ENV legacy form', ['ENV CGO_ENABLED 1']],
    ['ARG', ['ARG CGO_ENABLED=1']],
    ['export', ['RUN export CGO_ENABLED=1 && go build -o /app/server .']],
  ])('never writes CGO_ENABLED=0 when the Dockerfile sets CGO_ENABLED=1 (%s)', (_n, lines) => {
    const body = lines[0]!.startsWith('RUN')
      ? ['WORKDIR /src', 'COPY . .', lines[0]!, 'CMD ["/app/server"]']
      : ['WORKDIR /src', lines[0]!, 'COPY . .', 'RUN go build -o /app/server .', 'CMD ["/app/server"]'];
    const { out, runtime } = run(df('FROM golang:1.21', ...body), project());
    expect(out).not.toMatch(/CGO_ENABLED=0/);
    expect(runtime).toMatch(/^gcr\.io\/distroless\/cc-debian12/);
  });

  it('keeps an inline CGO_ENABLED=1 on the build', () => {
    const { out, runtime } = run(
      df(
        'FROM golang:1.21',
        'WORKDIR /src',
        'COPY . .',
        'RUN CGO_ENABLED=1 go build -o /app/server .',
        'CMD ["/app/server"]',
      ),
      project(),
    );
    expect(out).not.toMatch(/CGO_ENABLED=0/);
    expect(out).toContain('RUN CGO_ENABLED=1 go build -o /app/server .');
    expect(runtime).toMatch(/^gcr\.io\/distroless\/cc-debian12/);
  });

  it('matches the runtime to the builder Debian release (trixie builders get debian13)', () => {
    const p = project(withReq('github.com/mattn/go-sqlite3'));
    expect(run(df('FROM golang:1.24-trixie', ...BUILD), p).runtime).toMatch(
      /^gcr\.io\/distroless\/cc-debian13/,
    );
    expect(run(df('FROM golang:1.25', ...BUILD), p).runtime).toMatch(/^gcr\.io\/distroless\/cc-debian13/);
    expect(run(df('FROM golang:1.21-bullseye', ...BUILD), p).runtime).toMatch(
      /^gcr\.io\/distroless\/cc-debian12/,
    );
    const daemon = project(withReq('github.com/mattn/go-sqlite3'), {
      baseImages: { 'golang:1.30': { osId: 'debian', osRelease: 'bookworm' } },
    });
    expect(run(df('FROM golang:1.30', ...BUILD), daemon).runtime).toMatch(
      /^gcr\.io\/distroless\/cc-debian12/,
    );
  });

  it('holds back distroless when the Go sources start other programs (WH010 split and WH013 move)', () => {
    const starts = project(GOMOD, { goSubprocess: true });
    const res = optimize(df('FROM golang:1.21', ...BUILD), starts);
    expect(res.text).not.toMatch(/distroless/);
    expect(res.findings.find((f) => f.ruleId === 'WH010')?.risk).toMatch(/start other programs/);
    const twoStage = df(
      'FROM golang:1.21 AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'FROM golang:1.21',
      'COPY --from=build /out/app /usr/local/bin/app',
      'CMD ["app"]',
    );
    const moved = optimize(twoStage, starts);
    expect(moved.text).not.toMatch(/distroless/);
    expect(moved.findings.find((f) => f.ruleId === 'WH013')?.risk).toMatch(/start other programs/);
    // Without the fact (false), both go to distroless as before.
    expect(optimize(twoStage, project(GOMOD, { goSubprocess: false })).text).toMatch(/distroless\/static/);
  });

  it('does not take the catalog release for a daemon reading when the daemon read only the config', () => {
    // A project load inspects the image config (WORKDIR, ENV), not /etc/os-release: golang:1.22
    // is bookworm or older, so the runtime is debian12 — not the catalog's newest line release.
    const configOnly = project(withReq('github.com/mattn/go-sqlite3', '1.22'), {
      baseImages: { 'golang:1.22': { workdir: '/go', env: ['GOLANG_VERSION=1.22.12'] } },
    });
    const res = optimize(df('FROM golang:1.22', ...BUILD), configOnly);
    expect(res.text.split(/^FROM /m).slice(-1)[0]).toMatch(/^gcr\.io\/distroless\/cc-debian12/);
    expect(res.fixes.find((f) => f.ruleId === 'WH010')?.explanation).not.toMatch(/daemon reports/);
    const read = project(withReq('github.com/mattn/go-sqlite3', '1.22'), {
      baseImages: { 'golang:1.22': { osId: 'debian', osRelease: 'bookworm' } },
    });
    expect(
      optimize(df('FROM golang:1.22', ...BUILD), read).fixes.find((f) => f.ruleId === 'WH010')?.explanation,
    ).toMatch(/daemon reports bookworm/);
  });

  it.each([
    ['an alpine builder (musl)', 'FROM golang:1.21-alpine', /musl/],
    ['a Go version Whittle has no release for', 'FROM golang:1.30', /Debian release/],
    ['golang:latest', 'FROM golang', /Debian release/],
  ])('holds back a cgo build on %s', (_n, from, why) => {
    const { out, wh010 } = run(df(from, ...BUILD), project(withReq('github.com/mattn/go-sqlite3')));
    expect(out).not.toMatch(/CGO_ENABLED=0|distroless/);
    expect(wh010?.fixed).toBe(false);
    expect(wh010?.risk).toMatch(why);
  });

  it('holds back a cgo build that installs C headers (their libraries are not in distroless)', () => {
    const text = df(
      'FROM golang:1.21',
      'RUN apt-get update && apt-get install -y libmagickwand-dev',
      ...BUILD,
    );
    const { out, wh010 } = run(text, project(withReq('gopkg.in/gographics/imagick.v3')));
    expect(out).not.toMatch(/CGO_ENABLED=0|distroless/);
    expect(wh010?.risk).toMatch(/headers/);
  });

  it('treats apk add gcc musl-dev on an alpine builder as cgo and holds back', () => {
    const text = df('FROM golang:1.21-alpine', 'RUN apk add --no-cache gcc musl-dev', ...BUILD);
    const { out, wh010 } = run(text, project());
    expect(out).not.toMatch(/CGO_ENABLED=0|distroless/);
    expect(wh010?.risk).toMatch(/musl/);
  });

  it('holds back when go.mod was not given (unknown), and says how to decide', () => {
    const { out, wh010 } = run(df('FROM golang:1.21', ...BUILD), project(null));
    expect(out).not.toMatch(/CGO_ENABLED=0|distroless/);
    expect(wh010?.risk).toMatch(/go\.mod/);
    expect(wh010?.risk).toMatch(/Set CGO_ENABLED/);
  });

  it('holds back when the Go files were not read (cgo hint unknown)', () => {
    const { wh010 } = run(df('FROM golang:1.21', ...BUILD), project(GOMOD, { cgo: undefined }));
    expect(wh010?.risk).toMatch(/import/);
  });

  it('holds back on a pre-1.17 go.mod with requirements and no go.sum', () => {
    const { wh010 } = run(
      df('FROM golang:1.16', ...BUILD),
      project(withReq('github.com/gorilla/handlers', '1.16')),
    );
    expect(wh010?.risk).toMatch(/1\.17/);
  });

  it('splits statically without go.mod when the build already sets CGO_ENABLED=0 (no extra ENV)', () => {
    for (const line of [
      'RUN CGO_ENABLED=0 go build -o /app/server .',
      'RUN CGO_ENABLED=0 GOOS=linux go build -o /app/server .',
      'RUN env CGO_ENABLED=0 go build -o /app/server .',
    ]) {
      const { out, runtime } = run(
        df('FROM golang:1.21', 'WORKDIR /src', 'COPY . .', line, 'CMD ["/app/server"]'),
        project(null),
      );
      expect(out).not.toContain('ENV CGO_ENABLED=0');
      expect(runtime).toMatch(/^gcr\.io\/distroless\/static-debian12/);
    }
    const env = run(
      df(
        'FROM golang:1.21',
        'ENV CGO_ENABLED=0',
        'WORKDIR /src',
        'COPY . .',
        'RUN go build -o /app/server .',
        'CMD ["/app/server"]',
      ),
      project(null),
    );
    expect(env.runtime).toMatch(/^gcr\.io\/distroless\/static-debian12/);
  });

  it('still builds statically when nothing needs cgo', () => {
    const { out, runtime } = run(
      df('FROM golang:1.21', ...BUILD),
      project(withReq('github.com/gorilla/mux')),
    );
    expect(out).toContain('ENV CGO_ENABLED=0');
    expect(runtime).toMatch(/^gcr\.io\/distroless\/static-debian12/);
  });
});

describe('Go base images named through ARG (B6)', () => {
  const p = project();
  it('keeps --platform=$BUILDPLATFORM on the builder only and leaves the toolchain', () => {
    const text = df(
      'ARG GO_VERSION=1.21',
      'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}',
      'WORKDIR /src',
      'COPY go.mod ./',
      'RUN go mod download',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /app/server .',
      'CMD ["/app/server"]',
    );
    const res = optimize(text, p);
    const { out, runtime } = run(text, p);
    expect(out).toMatch(/^FROM --platform=\$BUILDPLATFORM golang:\$\{GO_VERSION\} AS builder$/m);
    expect(out.match(/BUILDPLATFORM/g)).toHaveLength(1);
    expect(runtime).toMatch(/^gcr\.io\/distroless\/static-debian12\n/);
    expect(runtime).not.toMatch(/golang/);
    expect(res.fixes.find((f) => f.ruleId === 'WH010')?.explanation).toMatch(/GOOS=\$TARGETOS/);
  });

  it.each([
    ['a default in the tag', ['ARG GO_VERSION=1.21', 'FROM golang:${GO_VERSION}']],
    ['a default in the repository', ['ARG IMAGE=golang', 'FROM ${IMAGE}:1.21']],
    ['the whole image', ['ARG BASE=golang:1.21', 'FROM ${BASE}']],
    ['a nested default', ['ARG GO=1.21', 'ARG BASE=golang:${GO}', 'FROM $BASE']],
    ['a :- default', ['ARG GO_VERSION', 'FROM golang:${GO_VERSION:-1.21}']],
    ['no default (tag unknown)', ['ARG GO_VERSION', 'FROM golang:${GO_VERSION}']],
  ])('moves the runtime off the toolchain with %s', (_n, head) => {
    const text = df(
      ...head,
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /app/server .',
      'CMD ["/app/server"]',
    );
    const { out, runtime } = run(text, p);
    expect(out).toMatch(
      new RegExp(`^FROM ${head[head.length - 1]!.slice(5).replace(/[$.{}:-]/g, '\\$&')} AS builder$`, 'm'),
    );
    expect(runtime).toMatch(/^gcr\.io\/distroless\/static-debian12\n/);
  });

  it('keeps a target platform on the runtime and cross-compiles as the original did', () => {
    const text = df(
      'FROM --platform=$BUILDPLATFORM golang:1.21',
      'ARG TARGETOS TARGETARCH',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app/server .',
      'CMD ["/app/server"]',
    );
    const res = optimize(text, p);
    const { out, runtime } = run(text, p);
    expect(out).toContain('ARG TARGETOS TARGETARCH');
    expect(runtime).toMatch(/^gcr\.io\/distroless\/static-debian12\n/);
    expect(res.fixes.find((f) => f.ruleId === 'WH010')?.explanation).toMatch(/cross-compiles/);
    const target = run(text.replace('$BUILDPLATFORM', '$TARGETPLATFORM'), p).runtime;
    expect(target).toMatch(/^--platform=\$TARGETPLATFORM gcr\.io\/distroless\/static-debian12\n/);
  });

  it('holds back a cgo build whose Debian release comes from a build arg', () => {
    const text = df('ARG GO_VERSION=1.21', 'FROM golang:${GO_VERSION}', ...BUILD);
    const { out, wh010 } = run(text, project(withReq('github.com/mattn/go-sqlite3')));
    expect(out).not.toMatch(/distroless|CGO_ENABLED=0/);
    expect(wh010?.risk).toMatch(/build arg/);
    const named = df('ARG GO_VERSION=1.21', 'FROM golang:${GO_VERSION}-bookworm', ...BUILD);
    expect(run(named, project(withReq('github.com/mattn/go-sqlite3'))).runtime).toMatch(/cc-debian12/);
  });
});

describe('Go: what a whole-context COPY brings besides sources stays in the runtime', () => {
  const text = df(
    'FROM golang:1.22',
    ...BUILD.slice(0, -1),
    'CMD ["/app/server", "--config", "/src/config.yaml"]',
  );
  const withFiles = (files: string[], dockerignore?: string): ProjectContext => ({
    ...project(),
    files: ['go.mod', 'go.sum', 'cmd/server/main.go', ...files],
    ...(dockerignore !== undefined ? { dockerignore } : {}),
  });
  const keeps = /^COPY (--chown=\S+ )?\. \.$/m;

  it.each([
    ['a top-level config file the CMD names', ['config.yaml']],
    ['a templates/ folder', ['templates/index.html']],
    ['a TLS certificate', ['certs/server.pem']],
    ['a Makefile (a start command may run it)', ['Makefile']],
  ])('%s: the copy is kept', (_what, files) => {
    const { runtime, wh010 } = run(text, withFiles(files));
    expect(wh010?.fixed).toBe(true);
    expect(runtime).toMatch(keeps);
  });

  it.each([
    ['only sources, module files and tests', ['cmd/server/main_test.go', 'internal/db/db.go']],
    [
      'plus docs, CI and VCS files',
      ['README.md', 'LICENSE', '.github/workflows/ci.yml', '.gitignore', 'docs/api.md'],
    ],
    [
      "plus Whittle's own files and the Dockerfile",
      ['whittle.json', '.whittle.yaml', 'Dockerfile', '.dockerignore'],
    ],
  ])('%s: the copy goes', (_what, files) => {
    const { runtime } = run(text, withFiles(files));
    expect(runtime).not.toMatch(keeps);
  });

  it('a file the .dockerignore keeps out of the context does not count', () => {
    expect(run(text, withFiles(['config.yaml'], 'config.yaml\n')).runtime).not.toMatch(keeps);
    expect(run(text, withFiles(['config.yaml'], '*.md\n')).runtime).toMatch(keeps);
  });

  it('an unknown file list keeps the copy', () => {
    expect(run(text, { ...project(), files: [] }).runtime).toMatch(keeps);
  });
});
