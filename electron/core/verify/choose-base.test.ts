/**
 * chooseBase's user rule for distroless candidates, with the builds and checks given as functions
 * (the images and checks themselves are exercised on a real daemon in choose-base.int.test.ts and
 * java-distroless.int.test.ts): a stage that ran as root by default is tried as distroless nonroot
 * first and kept so only when every check passes, writes-as-user included; else it runs as root.
 */
import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import type { CheckId, CheckPair, CheckStatus } from '../../../shared/api/verify';
import { df } from '../../../shared/test/helpers';
import { chooseBase } from './choose-base';

const ORDER: CheckId[] = ['same-config', 'runtime-libraries', 'starts-and-answers', 'writes-as-user'];
const STATIC = 'gcr.io/distroless/static-debian12';

const text = df(
  'FROM golang:1.19 AS build',
  'WORKDIR /src',
  'COPY . .',
  'ENV CGO_ENABLED=0',
  'RUN go build -o /out/server .',
  'FROM debian:bookworm-slim',
  'WORKDIR /app',
  'COPY --from=build /out/server /app/server',
  'EXPOSE 8080',
  'CMD ["/app/server"]',
);

const pair = (id: CheckId, status: CheckStatus): CheckPair => {
  const r = (s: CheckStatus) => ({ id, title: id, status: s, summary: `${id} ${s}`, evidence: [] });
  return { id, title: id, original: r('pass'), optimized: r(status), regression: status === 'fail' };
};

/** Runs chooseBase where the nonroot image's writes-as-user check says `asNonroot`. */
async function run(asNonroot: CheckStatus) {
  const sizes = new Map<string, number>([
    ['static-image', 80_000_000],
    ['debian:bookworm-slim', 74_000_000],
    [STATIC, 2_000_000],
  ]);
  const docker = {
    getImage: (ref: string) => ({
      inspect: async () => {
        if (!sizes.has(ref)) throw Object.assign(new Error('no such image'), { statusCode: 404 });
        return { Size: sizes.get(ref), RootFS: { Layers: [] } };
      },
    }),
  } as unknown as Dockerode;
  const built: string[] = [];
  const out = await chooseBase({
    docker,
    text,
    image: 'static-image',
    checks: ORDER.map((id) => pair(id, 'pass')),
    context: { files: ['Dockerfile'], dockerignore: null, baseImages: {} },
    checkOrder: ORDER,
    build: async (t) => {
      const id = `img-${built.push(t)}`;
      sizes.set(id, 9_000_000 + built.length);
      return id;
    },
    check: async (image, [id]) => {
      const nonroot = built[Number(image.slice(4)) - 1]!.includes('USER nonroot');
      return [pair(id!, id === 'writes-as-user' && nonroot ? asNonroot : 'pass')];
    },
    emit: () => undefined,
    now: () => 0,
    deadline: 600_000,
  });
  return { out, built, row: out.candidates.find((c) => c.image === STATIC)! };
}

describe('chooseBase: distroless nonroot for a stage that ran as root by default', () => {
  it('keeps nonroot when writes-as-user passes on it', async () => {
    const { out, built, row } = await run('pass');
    expect(built).toHaveLength(1);
    expect(built[0]).toContain('USER nonroot:nonroot');
    expect(row).toMatchObject({ status: 'pass', chosen: true });
    expect(row.note).toMatch(/runs as distroless's nonroot/);
    expect(out.chosen?.text).toBe(built[0]);
  });

  it('falls back to root, as the original ran, when writes-as-user fails or cannot tell', async () => {
    for (const status of ['fail', 'skip'] as const) {
      const { out, built, row } = await run(status);
      expect(built).toHaveLength(2);
      expect(built[1]).not.toContain('USER');
      expect(built[1]).toContain(`FROM ${STATIC}\n`);
      expect(row).toMatchObject({ status: 'pass', chosen: true });
      expect(row.note).toMatch(
        /runs as root, as the original: as distroless's nonroot it failed writes-as-user/,
      );
      expect(out.chosen?.text).toBe(built[1]);
    }
  });
});
