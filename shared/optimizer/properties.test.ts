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
import { analyze, optimize } from './index';
import { fuzzParams, fuzzTimeout } from '../test/fuzz';

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
  // Base images named through an ARG default and a builder platform (issue 11 B6).
  'golang:${GO_VERSION:-1.19}',
  '--platform=$BUILDPLATFORM golang:1.19',
  'eclipse-temurin:17-jdk',
  'debian:bookworm',
  'ubuntu:22.04',
  'ruby:3.2',
  // A `#` after FROM is arguments, not a comment (review gap D8: WH005 reports it, nothing fixes it).
  'python:3.9 # base',
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
  // Copies from an image or another stage in the final stage (issue 11 B7), cgo said outright (B5).
  'COPY --from=ghcr.io/astral-sh/uv:0.4 /uv /bin/uv',
  'ENV CGO_ENABLED=0',
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
  // Trailing comments, comment lines inside continuations, `#` that is no comment.
  'RUN mkdir -p /data # scratch space',
  'RUN apt-get update # refresh',
  'RUN apt-get install -y postgresql-client # pinned',
  'RUN pip install flask # web',
  'RUN npm install # deps',
  'RUN apt-get update && apt-get install -y curl # tools',
  'RUN apt-get install -y curl # pinned \\\n    && echo swallowed',
  'RUN apt-get update && \\\n    # refresh the lists first\n    apt-get install -y wget',
  'RUN echo "#" a#b && mkdir -p /srv/x#y',
  // `#` after non-shell instructions: arguments to Docker (WH005), kept as written.
  'EXPOSE 8080 # web',
  'WORKDIR /app # code',
  'ENV APP_MODE prod # legacy form',
  'COPY config.yaml /etc/app/ # conf',
  'VOLUME ["/data"] # state',
  // Heredocs: shell scripts, another interpreter, files, mounts, tabs.
  'RUN <<EOF\napt-get update\napt-get install -y curl # in a script\nEOF',
  'RUN <<-EOT\n\tpip install requests\n\t# a note\n\tEOT',
  'RUN <<EOF python3\nprint("apt-get install -y x")\nEOF',
  "COPY <<'EOF' /etc/app.conf\nkey=value # not a comment\nEOF",
  'RUN --mount=type=cache,target=/root/.cache <<EOF\npip install flask\nEOF',
  'RUN bash <<"EOF" && echo after # done\nset -e\nnpm install\nEOF',
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
const contextArb: fc.Arbitrary<ProjectContext> = fc
  .record({
    files: fc.subarray(FILES),
    dockerignore: fc.constantFrom(null, '.git\n'),
    // go.mod unknown, plain, or requiring a cgo module (issue 11 B5).
    gomod: fc.constantFrom(
      null,
      'module x\n\ngo 1.21\n',
      'module x\n\ngo 1.21\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n',
    ),
  })
  .map(({ files, dockerignore, gomod }) => ({
    files,
    dockerignore,
    ...(gomod ? { manifests: { 'go.mod': gomod }, cgo: false } : {}),
  }));

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

const norm = (c: string) => c.replace(/^#\s*/, '# ').replace(/\s+/g, ' ').trim();

/**
 * The shell comment at the end of one line of a RUN (`#` beginning a word, outside quotes), or
 * null: written here apart from the parser's own, so that the test does not trust what it tests.
 */
function trailingComment(line: string): string | null {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '\\') i++;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /[\s;&|()<>]/.test(line[i - 1]!)))
      return line.slice(i).replace(/\\$/, '');
  }
  return null;
}

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
  // 5. no command ends up inside a comment: every comment of the output (a line of its own or
  // the tail of an instruction) is one the input had, and every trailing comment survives.
  const comments = (m: DockerfileModel, joined = false) => [
    ...m.comments.map((c) => norm(`# ${c.text}`)),
    ...m.instructions
      .filter((i) => i.keyword === 'RUN' && !i.heredoc)
      .flatMap((i) => [...i.raw.split(/\r?\n/), ...(joined ? [i.raw.replace(/\\\r?\n\s*/g, ' ')] : [])])
      .flatMap((line) => {
        const c = trailingComment(line);
        return c ? [norm(c)] : [];
      }),
  ];
  // (A comment that runs on over a continuation is one comment to the shell: `# a \` + `b`.)
  const known = new Set(comments(before, true));
  for (const c of comments(after)) expect(known, `new comment in the output: ${c}`).toContain(c);
  for (const c of comments(before)) expect(norm(res.text)).toContain(c);
  // 6. a finding is fixed only when re-analysis agrees: no more of a rule's findings are left
  // than were not fixed.
  const left = analyze(res.text, { ...project, dockerignore: res.dockerignore ?? project.dockerignore });
  for (const id of new Set(res.findings.filter((f) => f.fixed).map((f) => f.ruleId))) {
    const open = res.findings.filter((f) => f.ruleId === id && !f.fixed).length;
    expect(left.filter((f) => f.ruleId === id).length, `${id} claimed fixed`).toBeLessThanOrEqual(open);
  }
  // 7. every fix can be turned off alone, and the others still apply.
  const applied = new Set(res.fixes.map((f) => f.ruleId));
  for (const id of applied) {
    const without = optimize(text, project, { disabled: [id] });
    parseDockerfile(without.text);
    const still = new Set(without.fixes.map((f) => f.ruleId));
    expect(still.has(id)).toBe(false);
    for (const other of applied) {
      if (other === id || DEPENDS[other]?.includes(id) || DEPENDS[other]?.includes('*')) continue;
      if (ENABLERS.has(id)) continue;
      expect(still, `disabling ${id} stopped ${other}`).toContain(other);
    }
  }
}

/**
 * Fixes that exist only because another one ran first: the slim base is safe once the
 * multi-stage split moved the compile out; merges and user/cache fixes may find their
 * targets rewritten or moved by the split.
 */
/**
 * Fixes that change which instructions there are: a merge of RUNs can put `apt-get update` next
 * to its install (WH020), make the RUN that `COPY . .` may move past (WH033) or the build step a
 * split recipe reads (WH010). Turned off alone, any other fix may lose its target.
 */
const ENABLERS = new Set(['WH032']);

const DEPENDS: Record<string, string[]> = {
  WH001: ['WH010'],
  // Merging runs over whatever RUNs the other fixes leave adjacent.
  WH032: ['*'],
  // A merge can bring `apt-get update` next to the install it belongs with.

  WH025: ['WH010'],
  WH050: ['WH010'],
  // The runtime linked from the builder's JDK needs a builder stage and a jar on the JRE first.
  WH014: ['WH010', 'WH013'],
  // The split's `COPY --from=builder` can be the copy a later `chown -R` follows.
  WH029: ['WH010'],
};

afterAll(() => {
  // The optimizer's edits re-parse incrementally almost always (else this check proves little).
  expect(reparses.partial).toBeGreaterThan(10 * reparses.full);
});

describe('optimizer guarantees (generated Dockerfiles)', () => {
  // 80 runs take about 10 s on a busy machine: a 180 s timeout leaves room for a busy one.
  it(
    'hold for generated Dockerfiles',
    () => {
      fc.assert(
        fc.property(dockerfileArb, contextArb, (text, project) => {
          checkGuarantees(text, project);
        }),
        fuzzParams(80, 20261128),
      );
    },
    fuzzTimeout(180_000, 80),
  );
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
