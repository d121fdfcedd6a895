import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../dockerfile/parse';
import { optimize } from '../optimizer/index';
import { ctx, df } from '../test/helpers';
import { shippedStages } from './shipped-stages';

const findings = (text: string, files: string[] = []) => optimize(text, ctx(files)).findings;
/** Rule ids found on lines first..last (1-based). */
const idsIn = (text: string, first: number, last: number, files: string[] = []) =>
  findings(text, files)
    .filter((f) => f.line >= first && f.line <= last)
    .map((f) => f.ruleId);

describe('shippedStages', () => {
  const stages = (...lines: string[]) => [...shippedStages(parseDockerfile(df(...lines)))].sort();
  it('ships the final stage and the stages it builds FROM, not those only copied from', () => {
    expect(stages('FROM node:20 AS build', 'RUN true', 'FROM nginx:1.25', 'COPY --from=build /a /b')).toEqual(
      [1],
    );
    expect(stages('FROM debian AS base', 'RUN true', 'FROM base AS app', 'RUN true', 'FROM app')).toEqual([
      0, 1, 2,
    ]);
    expect(
      stages(
        'FROM golang AS b',
        'RUN true',
        'FROM b AS t',
        'RUN true',
        'FROM scratch',
        'COPY --from=t /x /x',
      ),
    ).toEqual([2]);
  });
  it('reads stages named by index, in any case, and through RUN --mount from=', () => {
    expect(stages('FROM golang', 'RUN true', 'FROM scratch', 'COPY --from=0 /x /x')).toEqual([1]);
    expect(stages('FROM golang AS Build', 'RUN true', 'FROM scratch', 'COPY --from=build /x /x')).toEqual([
      1,
    ]);
    expect(
      stages(
        'FROM python:3.12 AS wheels',
        'RUN pip wheel x',
        'FROM python:3.12-slim',
        'RUN --mount=type=bind,from=wheels,target=/w pip install /w/*',
      ),
    ).toEqual([1]);
  });
  it('keeps stages nothing reads (a --target may ship them) and stages whose whole root is copied', () => {
    expect(stages('FROM node:20 AS dev', 'RUN true', 'FROM node:20-slim', 'CMD ["node"]')).toEqual([0, 1]);
    expect(stages('FROM debian AS b', 'RUN true', 'FROM scratch', 'COPY --from=b / /')).toEqual([0, 1]);
  });
});

describe('layer-only findings skip stages that are never shipped', () => {
  const nodeBuild = df(
    'FROM node:20 AS build',
    'WORKDIR /app',
    'COPY package*.json ./',
    'RUN npm install',
    'RUN npm run build',
    'FROM nginx:1.25-alpine',
    'COPY --from=build /app/dist /usr/share/nginx/html',
  );

  it('reports neither the npm cache nor merged RUNs in a node builder, and leaves its cache layers apart', () => {
    const ids = idsIn(nodeBuild, 1, 5, ['package.json']);
    expect(ids).not.toContain('WH025');
    expect(ids).not.toContain('WH032');
    const out = optimize(nodeBuild, ctx(['package.json'])).text;
    expect(out).toMatch(/RUN npm install\nRUN npm run build/);
    expect(out).not.toContain('npm cache clean');
  });

  it('keeps the findings that matter in a builder too (cache order, npm ci)', () => {
    const text = df(
      'FROM node:20 AS build',
      'WORKDIR /app',
      'COPY . .',
      'RUN npm install',
      'FROM nginx:1.25-alpine',
      'COPY --from=build /app/dist /usr/share/nginx/html',
    );
    const ids = idsIn(text, 1, 4, ['package.json', 'package-lock.json']);
    expect(ids).toContain('WH033');
    expect(ids).toContain('WH024');
  });

  const builders: [string, string[], string[]][] = [
    [
      'apt in a builder',
      [
        'FROM debian:bookworm AS build',
        'RUN apt-get update && apt-get install -y gcc',
        'RUN gcc -o /out/app app.c',
      ],
      ['WH021', 'WH022', 'WH032'],
    ],
    [
      'pip in a builder',
      ['FROM python:3.12 AS build', 'RUN pip wheel -w /w flask', 'RUN pip install --target /out flask'],
      ['WH023', 'WH032'],
    ],
    [
      'apk in a builder',
      ['FROM alpine:3.19 AS build', 'RUN apk add gcc musl-dev', 'RUN gcc -o /out/app app.c'],
      ['WH026'],
    ],
    [
      'dnf in a builder',
      ['FROM fedora:40 AS build', 'RUN dnf install -y gcc', 'RUN gcc -o /out/app app.c'],
      ['WH027'],
    ],
    [
      'yarn in a builder named by index',
      ['FROM node:20', 'WORKDIR /app', 'COPY . .', 'RUN yarn install', 'RUN yarn build'],
      ['WH025', 'WH032'],
    ],
    [
      'a builder that a second builder is based on',
      [
        'FROM debian:bookworm AS deps',
        'RUN apt-get update && apt-get install -y gcc',
        'FROM deps AS build',
        'RUN gcc -o /out/app app.c',
        'RUN strip /out/app',
      ],
      ['WH021', 'WH022', 'WH032'],
    ],
  ];
  for (const [name, lines, gone] of builders) {
    it(name, () => {
      const from = lines.some((l) => /AS build$/.test(l)) ? 'build' : '0';
      const text = df(
        ...lines,
        'FROM gcr.io/distroless/static-debian12:nonroot',
        `COPY --from=${from} /out /out`,
        'CMD ["/out/app"]',
      );
      const ids = idsIn(text, 1, lines.length);
      for (const id of gone) expect(ids).not.toContain(id);
      // And the optimizer leaves the builder's layers as written.
      const out = optimize(text, ctx()).text;
      expect(out.split('FROM gcr.io')[0]).toBe(df(...lines));
    });
  }

  it('still reports them in the final stage and in stages it builds on', () => {
    const text = df(
      'FROM debian:bookworm-slim AS base',
      'RUN apt-get update && apt-get install -y curl',
      'FROM base',
      'RUN apt-get update && apt-get install -y jq',
      'CMD ["jq"]',
    );
    const ids = findings(text).map((f) => `${f.ruleId}@${f.line}`);
    expect(ids).toEqual(expect.arrayContaining(['WH021@2', 'WH022@2', 'WH021@4', 'WH022@4']));
  });
});
