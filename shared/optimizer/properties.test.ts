/**
 * The optimizer's guarantees, checked with fast-check over generated Dockerfiles and the
 * example projects: the output parses, optimizing twice changes nothing, the final stage keeps
 * its runtime contract and its comments, and every fix can be turned off alone. Every re-parse
 * the optimizer makes after a fix (only the edited lines) is checked against a full parse.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ProjectContext } from '../api/contract';
import { finalStage, type DockerfileModel } from '../dockerfile/model';
import { parseDockerfile } from '../dockerfile/parse';
import { commandWords } from '../dockerfile/shell';
import { applyEdits, type Edit } from '../dockerfile/printer';
import * as reparse from '../dockerfile/reparse';
import { optimize } from './index';

const reparses = { partial: 0, full: 0 };
vi.mock('../dockerfile/reparse', async (importOriginal) => {
  const real = await importOriginal<typeof reparse>();
  return {
    ...real,
    reparseEdited: (m: DockerfileModel, edits: Edit[], text?: string) => {
      const fast = real.reparseEdited(m, edits, text);
      expect(fast).toEqual(parseDockerfile(applyEdits(m, edits)));
      reparses[real.reusesParse(m, edits) ? 'partial' : 'full']++;
      return fast;
    },
  };
});

const BASES = [
  'python:3.9',
  'python:3.11-slim',
  'node:20',
  'node:20-slim',
  'golang:1.19',
  'eclipse-temurin:17-jdk',
  'debian:bookworm',
  'ubuntu:22.04',
  'ruby:3.2',
];
const BODY = [
  'RUN apt-get update',
  'RUN apt-get install -y gcc libpq-dev',
  'RUN apt-get update && apt-get install -y curl',
  'RUN pip install -r requirements.txt',
  'RUN pip install gunicorn',
  'RUN npm install',
  'RUN npm run build',
  'RUN go build -o /app/server .',
  'RUN javac -d out Main.java && jar cfe app.jar Main -C out .',
  'RUN mkdir -p /data',
  'RUN useradd --uid 1000 app',
  'RUN chown -R app:app /app',
  'RUN echo built > /tmp/marker',
  'RUN rm -f /tmp/marker',
  'RUN cd /tmp && echo hi',
  'COPY . .',
  'COPY requirements.txt .',
  'COPY package.json package-lock.json ./',
  'ADD config.yaml /etc/app/config.yaml',
  'WORKDIR /app',
  'ENV APP_ENV=production',
  'ARG VERSION=1',
  'EXPOSE 8080',
  'LABEL org.opencontainers.image.title=demo',
  '# a comment that must survive',
  '',
];
const TAIL = [
  'USER app',
  'USER 1000',
  'HEALTHCHECK CMD ["true"]',
  'CMD ["app", "--serve"]',
  'ENTRYPOINT ["/app/server"]',
  'CMD java -jar app.jar',
];
const FILES = [
  'requirements.txt',
  'package.json',
  'package-lock.json',
  'go.mod',
  'main.go',
  'Main.java',
  'config.yaml',
  '.git/',
  '.env',
];

const dockerfileArb = fc
  .record({
    base: fc.constantFrom(...BASES),
    body: fc.array(fc.constantFrom(...BODY), { maxLength: 14 }),
    tail: fc.subarray(TAIL, { maxLength: 3 }),
  })
  .map(({ base, body, tail }) => [`FROM ${base}`, ...body, ...tail].join('\n') + '\n');
const contextArb: fc.Arbitrary<ProjectContext> = fc.record({
  files: fc.subarray(FILES),
  dockerignore: fc.constantFrom(null, '.git\n'),
});

/** The runtime contract of the final stage: what `docker run` sees. */
function contract(m: DockerfileModel) {
  const s = finalStage(m);
  const pick = (kw: string) =>
    s.instructions.filter((i) => i.keyword === kw).map((i) => (i.jsonArgs ?? commandWords(i.args)).join(' '));
  return {
    cmd: pick('CMD').slice(-1),
    entrypoint: pick('ENTRYPOINT').slice(-1),
    expose: pick('EXPOSE').sort(),
    env: pick('ENV').sort(),
    label: pick('LABEL').sort(),
    healthcheck: pick('HEALTHCHECK').slice(-1),
  };
}

const user = (m: DockerfileModel): string => {
  const users = finalStage(m).instructions.filter((i) => i.keyword === 'USER');
  return users.length ? users[users.length - 1]!.args : '';
};
const workdir = (m: DockerfileModel): string => {
  const w = finalStage(m).instructions.filter((i) => i.keyword === 'WORKDIR');
  return w.length ? w[w.length - 1]!.args : '/';
};

function checkGuarantees(text: string, project: ProjectContext): void {
  const res = optimize(text, project);
  const before = parseDockerfile(text);
  const after = parseDockerfile(res.text); // 1. the output parses
  expect(optimize(res.text, project).text).toBe(res.text); // 2. idempotent
  // 3. runtime contract kept (ENV may gain entries, e.g. a venv on PATH, but loses none)
  const [a, b] = [contract(after), contract(before)];
  expect({ ...a, env: [] }).toEqual({ ...b, env: [] });
  for (const e of b.env) expect(a.env).toContain(e);
  if (workdir(before) !== '/') expect(workdir(after)).toBe(workdir(before));
  // USER: a non-root user is kept (distroless names it nonroot), root may become non-root.
  const u = user(before);
  if (u && !/^(root|0)(:|$)/.test(u)) expect([u, 'nonroot:nonroot']).toContain(user(after));
  for (const c of before.comments) expect(res.text).toContain(c.text); // 4. comments survive
  // 5. every fix can be turned off alone, and the others still apply.
  const applied = new Set(res.fixes.map((f) => f.ruleId));
  for (const id of applied) {
    const without = optimize(text, project, { disabled: [id] });
    parseDockerfile(without.text);
    const still = new Set(without.fixes.map((f) => f.ruleId));
    expect(still.has(id)).toBe(false);
    for (const other of applied) {
      if (other === id || DEPENDS[other]?.includes(id) || DEPENDS[other]?.includes('*')) continue;
      expect(still, `disabling ${id} stopped ${other}`).toContain(other);
    }
  }
}

/**
 * Fixes that exist only because another one ran first: the slim base is safe once the
 * multi-stage split moved the compile out; merges and user/cache fixes may find their
 * targets rewritten or moved by the split.
 */
const DEPENDS: Record<string, string[]> = {
  WH001: ['WH010'],
  // Merging runs over whatever RUNs the other fixes leave adjacent.
  WH032: ['*'],
  WH025: ['WH010'],
  WH050: ['WH010'],
};

afterAll(() => {
  // The optimizer's edits re-parse incrementally almost always (else this check proves little).
  expect(reparses.partial).toBeGreaterThan(10 * reparses.full);
});

describe('optimizer guarantees (generated Dockerfiles)', () => {
  it('hold for 300 generated Dockerfiles', () => {
    fc.assert(
      fc.property(dockerfileArb, contextArb, (text, project) => {
        checkGuarantees(text, project);
      }),
      { numRuns: 300, seed: 20261128 },
    );
  }, 120_000);
});

const examplesDir = path.resolve(__dirname, '..', '..', 'examples');
const examples = existsSync(examplesDir)
  ? readdirSync(examplesDir).filter(
      (d) => existsSync(path.join(examplesDir, d, 'Dockerfile')) && d !== 'broken',
    )
  : [];

describe('optimizer guarantees (example projects)', () => {
  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  it.each(examples)('%s', (name) => {
    const dir = path.join(examplesDir, name);
    const files = listFiles(dir);
    const dockerignore = existsSync(path.join(dir, '.dockerignore'))
      ? readFileSync(path.join(dir, '.dockerignore'), 'utf8')
      : null;
    checkGuarantees(readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), { files, dockerignore });
  });
});

function listFiles(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, p) : [p];
  });
}
