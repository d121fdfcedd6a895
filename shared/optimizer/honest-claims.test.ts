/**
 * Honest claims: savings are counted once and stay within the image, a finding is fixed only when
 * its cause is gone, and the optimizer's own output raises no finding the input did not have.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProjectContext } from '../api/contract';
import { parseDockerfile } from '../dockerfile/parse';
import { isManifestName } from '../project/manifests';
import { packageJsonFacts } from '../project/package-json';
import { RULES } from '../rules/index';
import { ctx, df } from '../test/helpers';
import { analyze, optimize } from './index';
import { baseImageBytes, imageEstimate } from './savings';

const examplesDir = path.resolve(__dirname, '..', '..', 'examples');
const listFiles = (dir: string, rel = ''): string[] =>
  readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return ['.git', 'node_modules'].includes(e.name) ? [`${p}/`] : listFiles(dir, p);
    return [p];
  });
/** The example projects as the CLI loads them (files, manifests, .dockerignore, package.json facts). */
const examples = readdirSync(examplesDir)
  .filter((d) => existsSync(path.join(examplesDir, d, 'Dockerfile')))
  .map((name) => {
    const dir = path.join(examplesDir, name);
    const files = listFiles(dir);
    const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
    const project: ProjectContext = {
      files,
      manifests: Object.fromEntries(files.filter(isManifestName).map((f) => [f, read(f)])),
      dockerignore: files.includes('.dockerignore') ? read('.dockerignore') : null,
      ...(files.includes('package.json') ? { packageJson: packageJsonFacts(read('package.json')) } : {}),
    };
    return { name, text: read('Dockerfile'), project };
  });

const total = (text: string, project: ProjectContext) =>
  optimize(text, project).findings.reduce((s, f) => s + (f.estimatedBytes ?? 0), 0);

/** Fixtures beyond the examples: the kinds of input the issue names (and the fixes they trigger). */
const FIXTURES: { name: string; text: string; project?: ProjectContext }[] = [
  {
    name: 'node builder, nginx runtime',
    text: df(
      'FROM node:20 AS build',
      'WORKDIR /app',
      'COPY package*.json ./',
      'RUN npm install',
      'RUN npm run build',
      'FROM nginx:1.25-alpine',
      'COPY --from=build /app/dist /usr/share/nginx/html',
    ),
    project: ctx(['package.json', 'package-lock.json']),
  },
  {
    name: 'apt nginx on debian',
    text: df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y nginx',
      'EXPOSE 8080',
      'CMD ["nginx","-g","daemon off;"]',
    ),
  },
  {
    name: 'go on the full toolchain',
    text: df(
      'FROM golang:1.22',
      'WORKDIR /src',
      'COPY . .',
      'RUN go build -o /out/app .',
      'CMD ["/out/app"]',
    ),
    project: ctx(['go.mod', 'main.go']),
  },
  {
    name: 'python with compilers on a full base',
    text: df(
      'FROM python:3.11',
      'RUN apt-get update && apt-get install -y build-essential libpq-dev',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'COPY . .',
      'CMD ["python", "app.py"]',
    ),
    project: ctx(['requirements.txt', 'app.py']),
  },
  {
    name: 'node with npm start running ts-node',
    text: df(
      'FROM node:20',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      'COPY . .',
      'CMD ["npm", "start"]',
    ),
    project: {
      ...ctx(['package.json', 'package-lock.json']),
      packageJson: { scripts: { start: 'ts-node src/index.ts' }, devDependencies: ['ts-node', 'typescript'] },
    },
  },
  {
    name: 'a jar on a JDK',
    text: df(
      'FROM eclipse-temurin:17-jdk',
      'WORKDIR /app',
      'COPY . .',
      'RUN javac -d out Main.java && jar cfe app.jar Main -C out .',
      'CMD ["java", "-jar", "app.jar"]',
    ),
  },
  {
    name: 'a distroless runtime without a tag',
    text: df(
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /app .',
      'FROM gcr.io/distroless/static-debian12',
      'COPY --from=build /app /app',
      'USER nonroot',
      'CMD ["/app"]',
    ),
  },
];

const inputs = [
  ...examples.filter((e) => e.name !== 'broken'),
  ...FIXTURES.map((f) => ({ ...f, project: f.project ?? ctx() })),
];

describe('estimated savings are counted once and stay within the image', () => {
  it('flask-api: WH001 and WH010 do not both claim the full → slim bytes', () => {
    const flask = examples.find((e) => e.name === 'flask-api')!;
    const fs = optimize(flask.text, flask.project).findings;
    const claims = fs.filter((f) => ['WH001', 'WH010'].includes(f.ruleId) && f.estimatedBytes);
    expect(claims).toHaveLength(1);
    expect(total(flask.text, flask.project)).toBeLessThanOrEqual(
      imageEstimate(parseDockerfile(flask.text), fs),
    );
  });

  it('WH011 on a full base claims nothing the slim/multi-stage saving already counts', () => {
    const f = FIXTURES.find((x) => x.name.startsWith('python with compilers'))!;
    const fs = optimize(f.text, f.project!).findings;
    const pool = fs.filter((x) => ['WH001', 'WH010', 'WH011'].includes(x.ruleId));
    const sum = pool.reduce((s, x) => s + (x.estimatedBytes ?? 0), 0);
    expect(sum).toBeLessThanOrEqual(Math.max(...pool.map((x) => x.estimatedBytes ?? 0)));
    expect(sum).toBeLessThanOrEqual(baseImageBytes(parseDockerfile(f.text)));
  });

  it('WH020 and WH022 on one RUN claim its apt lists once', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update',
      'RUN apt-get install -y curl',
      'CMD ["curl"]',
    );
    const line2 = optimize(text, ctx()).findings.filter(
      (f) => f.line === 2 && ['WH020', 'WH022'].includes(f.ruleId),
    );
    expect(line2.map((f) => f.ruleId).sort()).toEqual(['WH020', 'WH022']);
    expect(line2.filter((f) => f.estimatedBytes).length).toBe(1);
  });

  for (const x of inputs)
    it(`${x.name}: no finding above the image, and the total within it`, () => {
      const fs = optimize(x.text, x.project).findings;
      const est = imageEstimate(parseDockerfile(x.text), fs);
      for (const f of fs) expect(f.estimatedBytes ?? 0).toBeLessThanOrEqual(est);
      expect(total(x.text, x.project)).toBeLessThanOrEqual(est);
    });
});

describe('a finding is fixed only when its cause is gone', () => {
  it('devDependencies kept for ts-node are advice naming ts-node, also after the split', () => {
    const f = FIXTURES.find((x) => x.name.includes('ts-node'))!;
    const res = optimize(f.text, f.project!);
    const dev = res.findings.find((x) => x.ruleId === 'WH012');
    expect(dev?.fixed).toBe(false);
    expect(dev?.risk).toMatch(/ts-node/);
    // Re-analysis agrees: the runtime copies the unpruned node_modules from the builder.
    expect(analyze(res.text, f.project!).map((x) => x.ruleId)).toContain('WH012');
  });

  it('devDependencies pruned in the builder are fixed', () => {
    const f = FIXTURES.find((x) => x.name.includes('ts-node'))!;
    const project = {
      ...f.project!,
      packageJson: { scripts: { start: 'node dist/index.js' }, devDependencies: ['typescript'] },
    };
    const res = optimize(f.text, project);
    expect(res.findings.find((x) => x.ruleId === 'WH012')?.fixed).toBe(true);
    expect(analyze(res.text, project).map((x) => x.ruleId)).not.toContain('WH012');
  });
});

describe("the optimizer's output raises no finding its input did not", () => {
  for (const x of inputs)
    it(x.name, () => {
      const before = new Set(analyze(x.text, x.project).map((f) => f.ruleId));
      const after = analyze(optimize(x.text, x.project).text, x.project).map(
        (f) => `${f.ruleId} L${f.line}: ${f.message}`,
      );
      expect(after.filter((f) => !before.has(f.split(' ')[0]!))).toEqual([]);
    });

  it("WH050's hand-over of an empty state folder raises no WH029; a folder with files still does", () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN mkdir -p /data',
      'COPY app /usr/local/bin/app',
      'CMD ["app"]',
    );
    const out = optimize(text, ctx()).text;
    expect(out).toContain('chown -R app:app /data');
    expect(analyze(out, ctx()).map((f) => f.ruleId)).not.toContain('WH029');
    const filled = df(
      'FROM debian:bookworm-slim',
      'RUN mkdir -p /data',
      'RUN echo x > /data/f',
      'RUN chown -R 1000 /data',
      'CMD ["app"]',
    );
    expect(analyze(filled, ctx()).map((f) => f.ruleId)).toContain('WH029');
  });

  it('a distroless image named with its Debian release is pinned', () => {
    const text = df(
      'FROM gcr.io/distroless/static-debian12',
      'COPY app /app',
      'USER nonroot',
      'CMD ["/app"]',
    );
    expect(analyze(text, ctx()).map((f) => f.ruleId)).not.toContain('WH002');
    expect(analyze(text.replace('static-debian12', 'static'), ctx()).map((f) => f.ruleId)).toContain('WH002');
  });
});

/** Generated multi-stage Dockerfiles: a builder read through COPY --from, a final stage with daemon, port, volume and user tails. */
const BUILDER_BODY = [
  'RUN apt-get update',
  'RUN apt-get install -y gcc',
  'RUN apt-get update && apt-get install -y make',
  'RUN pip install -r requirements.txt',
  'RUN npm install',
  'RUN npm run build',
  'RUN apk add build-base',
  'RUN dnf install -y gcc',
  'RUN mkdir -p /out && echo x > /out/app',
  'COPY . .',
  'WORKDIR /src',
];
const FINAL_BODY = [
  'RUN apt-get update && apt-get install -y nginx',
  'RUN apt-get install -y curl',
  'RUN pip install --user flask',
  'RUN mkdir -p /data',
  'VOLUME /data',
  'ENV PORT=80',
  'ENV PORT=8080',
  'EXPOSE 8080',
  'EXPOSE 443',
  'WORKDIR /app',
  'COPY . .',
  'RUN useradd app',
];
const FINAL_TAIL = [
  'CMD ["nginx", "-g", "daemon off;"]',
  'CMD ["python", "app.py"]',
  'CMD ["sh", "-c", "python manage.py migrate && gunicorn -b :8000 app:app"]',
  'CMD ["uvicorn", "main:app", "--port", "80"]',
  'ENTRYPOINT ["/start.sh"]',
  'CMD ["/out/app"]',
];
const multiStageArb = fc
  .record({
    builder: fc.constantFrom(
      'node:20',
      'python:3.11',
      'debian:bookworm',
      'golang:1.22',
      'alpine:3.19',
      'fedora:40',
    ),
    bbody: fc.array(fc.constantFrom(...BUILDER_BODY), { maxLength: 6 }),
    final: fc.constantFrom(
      'debian:bookworm-slim',
      'python:3.11-slim',
      'python:3.11',
      'node:20',
      'nginx:1.25',
    ),
    fbody: fc.array(fc.constantFrom(...FINAL_BODY), { maxLength: 6 }),
    tail: fc.constantFrom(...FINAL_TAIL),
  })
  .map(({ builder, bbody, final, fbody, tail }) =>
    df(`FROM ${builder} AS build`, ...bbody, `FROM ${final}`, 'COPY --from=build /out /out', ...fbody, tail),
  );

describe('honest claims on generated multi-stage Dockerfiles', () => {
  it('hold for 150 of them', () => {
    const project = ctx(['requirements.txt', 'package.json', 'app.py']);
    fc.assert(
      fc.property(multiStageArb, (text) => {
        const model = parseDockerfile(text);
        const res = optimize(text, project);
        const builderEnd = model.stages[1]!.from.startLine + 1;
        // Layer-only rules say nothing about the builder, and rewrite none of it.
        const shippedOnly = new Set(RULES.filter((r) => r.shippedOnly).map((r) => r.id));
        expect(res.findings.filter((f) => shippedOnly.has(f.ruleId) && f.line < builderEnd)).toEqual([]);
        // Savings within the image; no new rule fires on the output; idempotent.
        const total = res.findings.reduce((s, f) => s + (f.estimatedBytes ?? 0), 0);
        expect(total).toBeLessThanOrEqual(imageEstimate(model, res.findings));
        const before = new Set(res.findings.map((f) => f.ruleId));
        expect(analyze(res.text, project).filter((f) => !before.has(f.ruleId))).toEqual([]);
        expect(optimize(res.text, project).text).toBe(res.text);
        // A held-back WH050 adds no USER.
        const root = res.findings.find((f) => f.ruleId === 'WH050');
        if (root && !root.fixed) expect(res.text.split(/^FROM /m).pop()).not.toMatch(/^USER /m);
      }),
      { numRuns: 150, seed: 20261130 },
    );
  }, 120_000);
});
