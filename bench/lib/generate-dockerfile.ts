/**
 * Deterministic, realistic Dockerfiles of a requested length for the analyzer benchmark:
 * several stages, apt/pip/npm installs over continuation lines, COPY, ENV, comments — the
 * constructs the rules actually look at, so the timing reflects real work, not a best case.
 * A fixed seed makes every run analyse exactly the same text.
 */
import type { ProjectContext } from '../../shared/api/contract';

/** mulberry32: a tiny seeded PRNG; quality is irrelevant, repeatability is the point. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASES = ['python:3.9', 'node:20', 'debian:bookworm', 'python:3.9-slim', 'golang:1.19'];
const APT = [
  'curl',
  'ca-certificates',
  'build-essential',
  'libpq-dev',
  'git',
  'jq',
  'gcc',
  'make',
  'libssl-dev',
];
const PIP = ['flask', 'requests', 'gunicorn', 'psycopg2', 'numpy', 'pydantic', 'click'];
const NPM = ['express', 'typescript', 'lodash', 'zod', 'pino'];

/** The files a generated Dockerfile's COPY lines refer to, as the optimizer's project context. */
export const GENERATED_CONTEXT: ProjectContext = {
  files: [
    'app.py',
    'requirements.txt',
    'package.json',
    'package-lock.json',
    'src/server.ts',
    'main.go',
    'go.mod',
  ],
  dockerignore: null,
};

/** One stage's worth of instructions; `n` keeps names and ports distinct between stages. */
function stage(pick: <T>(xs: readonly T[]) => T, r: () => number, n: number, last: boolean): string[] {
  const some = <T>(xs: readonly T[], k: number): T[] => xs.filter(() => r() < k / xs.length);
  const apt = some(APT, 4);
  const out = [
    `# stage ${n}: ${last ? 'runtime' : 'build'} step`,
    `FROM ${pick(BASES)}${last ? '' : ` AS stage${n}`}`,
    `ENV APP_HOME=/srv/app${n} \\`,
    `    PYTHONUNBUFFERED=1`,
    `WORKDIR /srv/app${n}`,
    `RUN apt-get update`,
    `RUN apt-get install -y \\`,
    ...apt.map((p, i) => `    ${p}${i < apt.length - 1 ? ' \\' : ''}`),
    `COPY requirements.txt .`,
    `RUN pip install ${some(PIP, 3).join(' ') || 'flask'} && \\`,
    `    pip install -r requirements.txt`,
    `COPY package.json package-lock.json ./`,
    `RUN npm install ${some(NPM, 2).join(' ')}`,
    `COPY . .`,
    `RUN chown -R www-data:www-data /srv/app${n}`,
    `ADD app.py /srv/app${n}/app.py`,
    `LABEL stage="${n}" version="1.${n}"`,
  ];
  if (n > 0 && r() < 0.5) out.push(`COPY --from=stage${n - 1} /srv/app${n - 1} /opt/prev${n}`);
  if (last) out.push(`EXPOSE ${5000 + (n % 1000)}`, `CMD ["python", "app.py"]`);
  out.push('');
  return out;
}

/** A Dockerfile of about `lines` lines (within one stage's length), identical on every call. */
export function generateDockerfile(lines: number, seed = 42): string {
  const r = rng(seed + lines);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  if (lines <= 12) {
    // Too short for a full stage: a single-stage file with the classic problems.
    return [
      '# small service',
      'FROM python:3.9',
      'WORKDIR /app',
      'RUN apt-get update',
      'RUN apt-get install -y curl gcc',
      'COPY . .',
      'RUN pip install -r requirements.txt',
      'ENV PORT=8000',
      'EXPOSE 8000',
      'CMD ["python", "app.py"]',
      '',
    ].join('\n');
  }
  const out: string[] = ['# syntax=docker/dockerfile:1', ''];
  for (let n = 0; out.length < lines; n++) {
    const next = stage(pick, r, n, false);
    if (out.length + next.length >= lines) {
      out.push(...stage(pick, r, n, true));
      break;
    }
    out.push(...next);
  }
  return out.join('\n');
}
