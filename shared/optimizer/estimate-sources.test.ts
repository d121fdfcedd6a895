/**
 * Estimates say where they come from, and base-swap estimates use the daemon's sizes when the
 * context carries them (ProjectContext.baseImages), never the catalog's; a layer-only finding in a
 * stage the multi-stage split leaves in the builder claims nothing of its own.
 */
import { describe, expect, it } from 'vitest';
import type { BaseImageFacts, ProjectContext } from '../api/contract';
import { FAMILIES } from '../catalog/base-images';
import { parseDockerfile } from '../dockerfile/parse';
import type { Finding } from '../rules/types';
import { ctx, df } from '../test/helpers';
import { optimize } from './index';
import { baseImageBytes, imageEstimate } from './savings';

const MB = 1_000_000;
/** Sizes of the stand-in images on the test engine (docker image inspect … Size). */
const SIZES: Record<string, number> = {
  'python:3.9': 877_001_299,
  'python:3.9-slim': 125_961_372,
  'debian:bookworm': 89_649_181,
  'debian:bookworm-slim': 74_026_256,
  'node:20': 837_000_000,
  'node:20-slim': 198_000_000,
  'golang:1.22': 780_000_000,
  'gcr.io/distroless/static-debian12': 1_540_000,
  'eclipse-temurin:17-jdk': 431_000_000,
  'eclipse-temurin:17-jre': 332_000_000,
};
const facts = (...refs: string[]): Record<string, BaseImageFacts> =>
  Object.fromEntries(refs.map((r) => [r, { sizeBytes: SIZES[r]! }]));
const withFacts = (project: ProjectContext, ...refs: string[]): ProjectContext => ({
  ...project,
  baseImages: facts(...refs),
});
const catalog = (repo: string) => {
  const f = FAMILIES.find((x) => x.repository === repo)!;
  return f.fatBytes - f.slimBytes!;
};
const find = (fs: Finding[], id: string, line?: number) =>
  fs.find((f) => f.ruleId === id && (line === undefined || f.line === line));

const PY = df(
  'FROM python:3.9',
  'WORKDIR /app',
  'COPY requirements.txt .',
  'RUN pip install -r requirements.txt',
  'COPY . .',
  'CMD ["python", "app.py"]',
);
const pyProject = ctx(['requirements.txt', 'app.py']);

describe('base-swap estimates: daemon sizes when known, else a catalog estimate said as such', () => {
  it('WH010 without daemon facts is the catalog figure, labelled catalog (Docker Hub)', () => {
    const wh010 = find(optimize(PY, pyProject).findings, 'WH010')!;
    expect(wh010.estimatedBytes).toBe(catalog('python'));
    expect(wh010.estimate?.source).toBe('catalog');
    expect(wh010.estimate?.note).toMatch(/Docker Hub/);
  });

  it('WH010 with daemon facts is the daemon size of python:3.9 minus python:3.9-slim', () => {
    const fs = optimize(PY, withFacts(pyProject, 'python:3.9', 'python:3.9-slim')).findings;
    const wh010 = find(fs, 'WH010')!;
    expect(wh010.estimatedBytes).toBe(SIZES['python:3.9']! - SIZES['python:3.9-slim']!);
    expect(wh010.estimate).toMatchObject({
      source: 'daemon',
      images: { from: 'python:3.9', to: 'python:3.9-slim' },
    });
    // No finding keeps a catalog figure when the daemon priced the swap.
    expect(fs.filter((f) => f.estimate?.source === 'catalog')).toEqual([]);
  });

  it('a daemon size of one image only is not mixed with a catalog size of the other', () => {
    const wh010 = find(optimize(PY, withFacts(pyProject, 'python:3.9')).findings, 'WH010')!;
    expect(wh010.estimate?.source).toBe('catalog');
    expect(wh010.estimatedBytes).toBe(catalog('python'));
  });

  it('WH001 on debian:bookworm: 15.6 MB from the daemon instead of the catalog 42 MB', () => {
    const text = df('FROM debian:bookworm', 'RUN echo hi > /hi', 'CMD ["cat", "/hi"]');
    const without = find(optimize(text, ctx()).findings, 'WH001')!;
    expect(without.estimatedBytes).toBe(42 * MB);
    expect(without.estimate?.source).toBe('catalog');
    const withD = find(
      optimize(text, withFacts(ctx(), 'debian:bookworm', 'debian:bookworm-slim')).findings,
      'WH001',
    )!;
    expect(withD.estimatedBytes).toBe(SIZES['debian:bookworm']! - SIZES['debian:bookworm-slim']!);
    expect(withD.estimate?.source).toBe('daemon');
  });

  it('Go split onto distroless static: priced by the daemon sizes of golang and distroless', () => {
    const text = df(
      'FROM golang:1.22',
      'WORKDIR /src',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/app .',
      'CMD ["/out/app"]',
    );
    const project = ctx(['go.mod', 'main.go']);
    const cat = find(optimize(text, project).findings, 'WH010')!;
    expect(cat.estimate?.source).toBe('catalog');
    const wh010 = find(
      optimize(text, withFacts(project, 'golang:1.22', 'gcr.io/distroless/static-debian12')).findings,
      'WH010',
    )!;
    expect(wh010.estimate?.source).toBe('daemon');
    expect(wh010.estimatedBytes).toBe(SIZES['golang:1.22']! - SIZES['gcr.io/distroless/static-debian12']!);
  });

  it('WH013 (a toolchain final stage that only runs a copied jar) is priced by the JRE on the daemon', () => {
    const text = df(
      'FROM eclipse-temurin:17-jdk AS build',
      'WORKDIR /src',
      'COPY . .',
      'RUN javac -d out Main.java && jar cfe app.jar Main -C out .',
      'FROM eclipse-temurin:17-jdk',
      'COPY --from=build /src/app.jar /app.jar',
      'CMD ["java", "-jar", "/app.jar"]',
    );
    const fs = optimize(text, withFacts(ctx(), 'eclipse-temurin:17-jdk', 'eclipse-temurin:17-jre')).findings;
    const claim = fs.find((f) => ['WH004', 'WH013'].includes(f.ruleId) && f.estimatedBytes)!;
    expect(claim.estimate?.source).toBe('daemon');
    expect(claim.estimatedBytes).toBe(SIZES['eclipse-temurin:17-jdk']! - SIZES['eclipse-temurin:17-jre']!);
  });

  it('the base size behind the totals is the daemon one when known', () => {
    const model = parseDockerfile(PY);
    expect(baseImageBytes(model)).toBe(FAMILIES.find((f) => f.repository === 'python')!.fatBytes);
    expect(baseImageBytes(model, facts('python:3.9'))).toBe(SIZES['python:3.9']);
  });

  it('every finding with an estimate says its source', () => {
    const text = df(
      'FROM debian:bookworm',
      'RUN apt-get update',
      'RUN apt-get install -y curl',
      'RUN apk add curl',
      'CMD ["curl"]',
    );
    for (const f of optimize(text, ctx()).findings)
      if (f.estimatedBytes !== undefined) expect(f.estimate?.source, f.ruleId).toBeDefined();
  });
});

describe('counted once: the split and the findings it makes moot', () => {
  it('WH001 on the same base as the split claims nothing and names WH010', () => {
    const fs = optimize(PY, pyProject).findings;
    const wh001 = find(fs, 'WH001')!;
    expect(wh001.estimatedBytes).toBeUndefined();
    expect(wh001.estimate?.note).toMatch(/WH010/);
  });

  it('pip without --no-cache-dir in a stage the split leaves in the builder: no saving of its own', () => {
    const fs = optimize(PY, pyProject).findings;
    expect(find(fs, 'WH010')?.fixed).toBe(true);
    const wh023 = find(fs, 'WH023')!;
    expect(wh023.estimatedBytes).toBeUndefined();
    expect(wh023.estimate?.note).toMatch(/WH010/);
  });

  it('pip on a slim base (no split): WH023 keeps its estimate', () => {
    const fs = optimize(PY.replace('python:3.9', 'python:3.9-slim'), pyProject).findings;
    expect(find(fs, 'WH010')).toBeUndefined();
    expect(find(fs, 'WH023')?.estimatedBytes).toBeGreaterThan(0);
  });

  it('the split turned off: WH023 keeps its estimate (its own fix is what saves the cache)', () => {
    const fs = optimize(PY, pyProject, { disabled: ['WH010'] }).findings;
    expect(find(fs, 'WH023')?.estimatedBytes).toBeGreaterThan(0);
  });

  it('npm install (cache kept) on node:20 split into a builder: WH025 claims nothing of its own', () => {
    const text = df(
      'FROM node:20',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      'COPY . .',
      'RUN npm run build',
      'CMD ["node", "dist/index.js"]',
    );
    const project: ProjectContext = {
      ...ctx(['package.json', 'package-lock.json']),
      packageJson: { scripts: { build: 'tsc' }, devDependencies: ['typescript'] },
    };
    const res = optimize(text, project);
    expect(find(res.findings, 'WH010')?.fixed).toBe(true);
    const wh025 = find(res.findings, 'WH025')!;
    expect(wh025.estimatedBytes).toBeUndefined();
    expect(wh025.estimate?.note).toMatch(/builder/);
    // devDependencies (no fix of their own) stay the split's extra bytes.
    expect(find(res.findings, 'WH012')?.estimatedBytes).toBeGreaterThan(0);
  });

  it('apt in a python split: the lists and recommends of the moved RUN claim nothing of their own', () => {
    const text = df(
      'FROM python:3.9',
      'RUN apt-get update && apt-get install -y libpq-dev gcc',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'COPY . .',
      'CMD ["python", "app.py"]',
    );
    const res = optimize(text, pyProject);
    expect(find(res.findings, 'WH010')?.fixed).toBe(true);
    for (const id of ['WH021', 'WH022', 'WH023']) {
      const f = find(res.findings, id);
      if (f) expect(f.estimatedBytes, id).toBeUndefined();
    }
  });

  it('the total stays within the image estimate, with and without daemon facts', () => {
    for (const project of [pyProject, withFacts(pyProject, 'python:3.9', 'python:3.9-slim')]) {
      const fs = optimize(PY, project).findings;
      const total = fs.reduce((s, f) => s + (f.estimatedBytes ?? 0), 0);
      expect(total).toBeLessThanOrEqual(imageEstimate(parseDockerfile(PY), fs, project.baseImages));
    }
  });
});
