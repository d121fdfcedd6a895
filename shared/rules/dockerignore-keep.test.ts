/**
 * The proposed .dockerignore (WH040) and the added entries (WH041) leave in the context what the
 * build or the app reads: `.git` for a build that runs git or a version plugin, `node_modules`
 * when no RUN installs the dependencies, a virtualenv the Dockerfile runs, and docs/test folders
 * that hold code the build compiles.
 */
import { describe, expect, it } from 'vitest';
import type { PackageJsonFacts, ProjectContext } from '../api/contract';
import { optimize } from '../optimizer/index';
import { df } from '../test/helpers';

const project = (files: string[], extra: Partial<ProjectContext> = {}): ProjectContext => ({
  files,
  dockerignore: null,
  ...extra,
});
const proposed = (text: string, p: ProjectContext): string[] =>
  (optimize(text, p).dockerignore ?? '').split('\n').filter((l) => l && !l.startsWith('#'));
const explanation = (text: string, p: ProjectContext): string =>
  optimize(text, p).fixes.find((f) => f.ruleId === 'WH040' || f.ruleId === 'WH041')?.explanation ?? '';

const GO = ['go.mod', 'main.go', '.git/'];
const GO_DF = df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /app .', 'CMD ["/app"]');
const NODE = ['package.json', 'server.js', 'node_modules/ms/index.js', '.git/'];
const pj = (extra: Partial<PackageJsonFacts> = {}): PackageJsonFacts => ({
  scripts: {},
  devDependencies: [],
  ...extra,
});

describe('.git stays when the build reads the repository', () => {
  it.each([
    ['a git command', 'RUN git rev-parse HEAD > /version'],
    ['git in $(…)', 'RUN go build -ldflags "-X main.v=$(git describe --tags)" -o /app .'],
    ['git in backticks', 'RUN echo `git log -1 --format=%h` > /v'],
    ['git after cd', 'RUN cd /src && git describe > /v'],
    ['a heredoc script', 'RUN <<EOF\nset -e\ngit describe > /v\nEOF'],
    ['-buildvcs=true', 'RUN go build -buildvcs=true -o /app .'],
    ['a bind mount of .git', 'RUN --mount=type=bind,source=.git,target=/src/.git go build -o /app .'],
  ])('%s', (_, line) => {
    const text = df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', line, 'CMD ["/app"]');
    expect(proposed(text, project(GO))).not.toContain('.git');
    expect(explanation(text, project(GO))).toMatch(/Kept in the context: \.git \(/);
  });

  it.each([
    [
      'pyproject.toml',
      'pyproject.toml',
      '[build-system]\nrequires = ["setuptools>=64", "setuptools_scm>=8"]\n',
    ],
    ['pyproject.toml (hatch-vcs)', 'pyproject.toml', '[tool.hatch.version]\nsource = "vcs"\n'],
    ['setup.py (pbr)', 'setup.py', 'setuptools.setup(setup_requires=["pbr"], pbr=True)\n'],
    ['pom.xml', 'pom.xml', '<artifactId>git-commit-id-maven-plugin</artifactId>'],
    ['build.gradle.kts', 'build.gradle.kts', 'plugins { id("com.gorylenko.gradle-git-properties") }'],
    ['Cargo.toml', 'Cargo.toml', '[build-dependencies]\nvergen = { version = "8", features = ["git"] }\n'],
    ['Cargo.toml (git-version)', 'Cargo.toml', '[dependencies]\ngit-version = "0.3"\n'],
  ])('a version plugin in %s', (_, name, text) => {
    const dockerfile = df('FROM python:3.11', 'WORKDIR /app', 'COPY . .', 'RUN pip install .', 'CMD ["app"]');
    const p = project([name, '.git/', 'app.py'], { manifests: { [name]: text } });
    expect(proposed(dockerfile, p)).not.toContain('.git');
  });

  it('a package.json script or dependency that runs git', () => {
    const text = df(
      'FROM node:20',
      'WORKDIR /app',
      'COPY . .',
      'RUN npm ci && npm run build',
      'CMD ["node", "dist/index.js"]',
    );
    const byScript = project(NODE, {
      packageJson: pj({ scripts: { build: 'VERSION=$(git rev-parse HEAD) tsc' } }),
    });
    expect(proposed(text, byScript)).not.toContain('.git');
    const byDep = project(NODE, { packageJson: pj({ dependencies: ['git-rev-sync'] }) });
    expect(proposed(text, byDep)).not.toContain('.git');
  });

  it('a Makefile the Dockerfile runs', () => {
    const text = df('FROM golang:1.22', 'WORKDIR /src', 'COPY . .', 'RUN make build', 'CMD ["/app"]');
    const p = project([...GO, 'Makefile'], {
      scripts: { Makefile: 'VERSION := $(shell git describe)\nbuild:\n\tgo build\n' },
    });
    expect(proposed(text, p)).not.toContain('.git');
    // A Makefile the Dockerfile does not run does not count.
    expect(proposed(GO_DF, p)).toContain('.git');
  });

  it('is still excluded when nothing reads it (installing git is not reading the repository)', () => {
    const text = df(
      'FROM golang:1.22',
      'RUN apt-get update && apt-get install -y git curl',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -buildvcs=false -o /app .',
      'CMD ["/app"]',
    );
    expect(proposed(text, project(GO))).toContain('.git');
    expect(proposed(GO_DF, project(GO, { manifests: { 'go.mod': 'module x\n' } }))).toContain('.git');
  });
});

describe('node_modules stays when no RUN installs the dependencies', () => {
  const prebuilt = df('FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'CMD ["node", "server.js"]');

  it('is kept for a Dockerfile that runs the context node_modules (WH040 and WH041)', () => {
    expect(proposed(prebuilt, project(NODE))).not.toContain('**/node_modules');
    expect(explanation(prebuilt, project(NODE))).toMatch(/node_modules \(no RUN installs/);
    const leaky = optimize(prebuilt, project(NODE, { dockerignore: '.git\n' }));
    expect(leaky.findings.map((f) => f.ruleId)).not.toContain('WH041');
  });

  it.each([
    ['a global install only', 'RUN npm install -g pm2'],
    ['a package install', 'RUN npm install left-pad'],
  ])('%s does not install the project', (_, line) => {
    const text = df('FROM node:20-slim', 'WORKDIR /app', 'COPY . .', line, 'CMD ["node", "server.js"]');
    expect(proposed(text, project(NODE))).not.toContain('**/node_modules');
  });

  it.each([
    'RUN npm ci',
    'RUN npm install',
    'RUN yarn install --frozen-lockfile',
    'RUN yarn',
    'RUN pnpm install --frozen-lockfile',
    'RUN bun install',
    'RUN <<EOF\nnpm ci --omit=dev\nEOF',
  ])('is excluded when the Dockerfile installs: %s', (line) => {
    const text = df('FROM node:20', 'WORKDIR /app', 'COPY . .', line, 'CMD ["node", "server.js"]');
    expect(proposed(text, project(NODE))).toContain('**/node_modules');
  });
});

describe('a virtualenv the Dockerfile runs stays', () => {
  it('keeps .venv named by CMD when nothing creates it, excludes it when uv sync does', () => {
    const files = ['app.py', '.venv/bin/python'];
    const runsIt = df(
      'FROM python:3.11-slim',
      'WORKDIR /app',
      'COPY . .',
      'CMD [".venv/bin/python", "app.py"]',
    );
    expect(proposed(runsIt, project(files))).not.toContain('.venv');
    const creates = df(
      'FROM python:3.11-slim',
      'WORKDIR /app',
      'COPY . .',
      'RUN uv sync',
      'CMD [".venv/bin/python", "app.py"]',
    );
    expect(proposed(creates, project(files))).toContain('.venv');
    const unnamed = df('FROM python:3.11-slim', 'WORKDIR /app', 'COPY . .', 'CMD ["python", "app.py"]');
    expect(proposed(unnamed, project(['app.py', 'venv/bin/python']))).toContain('venv');
  });
});

describe('docs and test folders that hold build inputs stay', () => {
  it('keeps docs/ with Go source (swag) and says why', () => {
    const p = project([...GO, 'docs/docs.go', 'docs/swagger.json']);
    expect(proposed(GO_DF, p)).not.toContain('docs');
    expect(explanation(GO_DF, p)).toMatch(/docs \(docs\/docs\.go is Go source/);
  });

  it('keeps docs/ that holds an OpenAPI file or HTML, excludes prose and images', () => {
    const text = df('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "server.js"]');
    expect(proposed(text, project([...NODE, 'docs/openapi.yaml']))).not.toContain('docs');
    expect(proposed(text, project([...NODE, 'docs/index.html']))).not.toContain('docs');
    expect(proposed(text, project([...NODE, 'docs/guide.md', 'docs/img/arch.png']))).toContain('docs');
  });

  it('keeps test/ with Go packages, TypeScript beside a tsconfig, or a folder a manifest names', () => {
    expect(proposed(GO_DF, project([...GO, 'test/e2e/helpers.go']))).not.toContain('test');
    const ts = df(
      'FROM node:20',
      'WORKDIR /app',
      'COPY . .',
      'RUN npm ci && npx tsc',
      'CMD ["node", "dist/index.js"]',
    );
    expect(proposed(ts, project([...NODE, 'tsconfig.json', 'test/app.test.ts']))).not.toContain('test');
    const rust = df(
      'FROM rust:1.75',
      'WORKDIR /app',
      'COPY . .',
      'RUN cargo build --release',
      'CMD ["/app/target/release/x"]',
    );
    const cargo = '[package]\nname = "x"\n[[test]]\nname = "it"\npath = "tests/it.rs"\n';
    expect(
      proposed(
        rust,
        project(['Cargo.toml', 'src/main.rs', 'tests/it.rs'], { manifests: { 'Cargo.toml': cargo } }),
      ),
    ).not.toContain('tests');
    const py = df('FROM python:3.11', 'WORKDIR /app', 'COPY . .', 'RUN pip install .', 'CMD ["app"]');
    const setup = 'from setuptools import setup\nsetup(name="x", packages=["app", "tests"])\n';
    expect(
      proposed(
        py,
        project(['setup.py', 'app/__init__.py', 'tests/test_x.py'], { manifests: { 'setup.py': setup } }),
      ),
    ).not.toContain('tests');
  });

  it('still excludes tests a build never reads', () => {
    const py = df(
      'FROM python:3.11',
      'WORKDIR /app',
      'COPY . .',
      'RUN pip install -r requirements.txt',
      'CMD ["python", "app.py"]',
    );
    expect(proposed(py, project(['requirements.txt', 'app.py', 'tests/test_app.py']))).toContain('tests');
    const js = df('FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN npm ci', 'CMD ["node", "server.js"]');
    expect(proposed(js, project([...NODE, 'test/server.test.js']))).toContain('test');
  });
});
