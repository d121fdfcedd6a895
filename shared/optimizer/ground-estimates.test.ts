/**
 * Grounded estimates: once the original is built, a cache/lists finding claims exactly the bytes
 * under its cache's paths in its own layer, a recommends/compilers finding at most what its layer
 * adds, a base swap at most the base layers; totals stay within the built image.
 */
import { describe, expect, it } from 'vitest';
import type { LayerInfo, ProjectContext } from '../api/contract';
import { parseDockerfile } from '../dockerfile/parse';
import { cacheBytesOf } from '../layers/cache-bytes';
import type { LayerEntry } from '../layers/layer-entry';
import type { Finding } from '../rules/types';
import { ctx, df } from '../test/helpers';
import { groundEstimates } from './ground-estimates';
import { optimize } from './index';
import { savingsSummary } from './savings-summary';

const MB = 1_000_000;
const file = (path: string, size: number): LayerEntry => ({
  path,
  type: 'file',
  size,
  mode: 0o644,
  uid: 0,
  gid: 0,
});

/** A built layer for a Dockerfile line: its files (path → bytes), its size their sum. */
function layer(index: number, line: number | null, files: Record<string, number>): LayerInfo {
  const entries = Object.entries(files).map(([p, s]) => file(p, s));
  return {
    index,
    instruction: `line ${line}`,
    line,
    sizeBytes: entries.reduce((s, e) => s + e.size, 0),
    isBase: line === null,
    cacheBytes: cacheBytesOf(entries),
  };
}
const base = (bytes: number) => layer(0, null, { '/usr/lib/base.so': bytes });
const built = (layers: LayerInfo[]) => ({
  layers,
  baseSizeBytes: layers.filter((l) => l.isBase).reduce((s, l) => s + l.sizeBytes, 0),
});
const ground = (text: string, layers: LayerInfo[], project: ProjectContext = ctx()) =>
  groundEstimates(optimize(text, project).findings, built(layers));
const find = (fs: Finding[], id: string, line: number) => fs.find((f) => f.ruleId === id && f.line === line);
/** Every grounded claim is at most the bytes its layer holds. */
const withinLayers = (fs: Finding[], layers: LayerInfo[]) => {
  for (const f of fs) {
    if (f.estimate?.source !== 'layer' || !f.estimatedBytes) continue;
    const l = layers.find((x) => x.line === f.line)!;
    expect(f.estimatedBytes, `${f.ruleId} L${f.line}`).toBeLessThanOrEqual(l.sizeBytes);
  }
};

describe('cache and list findings claim the bytes under their paths in their own layer', () => {
  it('apt: update in its own RUN (WH020) claims the lists that layer holds; recommends (WH021) at most what its layer adds', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update',
      'RUN apt-get install -y curl jq',
      'CMD ["curl"]',
    );
    const layers = [
      base(74 * MB),
      layer(1, 2, {
        '/var/lib/apt/lists/deb.debian.org_Packages.lz4': 8_600_000,
        '/var/cache/apt/pkgcache.bin': 100,
      }),
      layer(2, 3, {
        '/usr/bin/curl': 300_000,
        '/usr/lib/x86_64-linux-gnu/libcurl.so.4': 700_000,
        '/usr/bin/jq': 200_000,
      }),
    ];
    const fs = ground(text, layers);
    const lists = find(fs, 'WH020', 2)!;
    expect(lists.estimatedBytes).toBe(8_600_000);
    expect(lists.estimate).toMatchObject({ source: 'layer' });
    expect(lists.estimate?.note).toMatch(/apt lists/);
    // Typical 30 MB, but the layer adds 1.2 MB in all.
    const rec = find(fs, 'WH021', 3)!;
    expect(rec.estimatedBytes).toBe(1_200_000);
    expect(rec.estimate?.source).toBe('layer');
    withinLayers(fs, layers);
    // Counted once: WH022 on the update RUN names the same lists and claims nothing.
    expect(find(fs, 'WH022', 2)?.estimatedBytes).toBeUndefined();
  });

  it('apt: lists kept in the install RUN (WH022) are the lists of that layer only', () => {
    const text = df(
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y curl',
      'CMD ["curl"]',
    );
    const layers = [
      base(74 * MB),
      layer(1, 2, { '/var/lib/apt/lists/x_Packages.lz4': 9 * MB, '/usr/bin/curl': 400_000 }),
    ];
    const fs = ground(text, layers);
    expect(find(fs, 'WH022', 2)?.estimatedBytes).toBe(9 * MB);
    withinLayers(fs, layers);
  });

  it('apk add without --no-cache (WH026): the /var/cache/apk bytes of that layer', () => {
    const text = df('FROM alpine:3.19', 'RUN apk add curl', 'CMD ["curl"]');
    const layers = [
      base(7 * MB),
      layer(1, 2, { '/var/cache/apk/APKINDEX.abc.tar.gz': 2_400_000, '/usr/bin/curl': 250_000 }),
    ];
    const f = find(ground(text, layers), 'WH026', 2)!;
    expect(f.estimatedBytes).toBe(2_400_000);
    expect(f.estimate?.source).toBe('layer');
  });

  it('dnf without clean all (WH027): the /var/cache/dnf bytes, not the typical 60 MB', () => {
    const text = df('FROM fedora:40', 'RUN dnf install -y curl', 'CMD ["curl"]');
    const layers = [
      base(150 * MB),
      layer(1, 2, {
        '/var/cache/dnf/fedora-abc/repodata/primary.xml.zst': 31 * MB,
        '/usr/bin/curl': 300_000,
      }),
    ];
    expect(find(ground(text, layers), 'WH027', 2)?.estimatedBytes).toBe(31 * MB);
  });

  it('yum without clean all (WH027): the /var/cache/yum bytes', () => {
    const text = df('FROM rockylinux:9', 'RUN yum install -y curl', 'CMD ["curl"]');
    const layers = [base(170 * MB), layer(1, 2, { '/var/cache/yum/x86_64/9/baseos/repomd.xml': 5 * MB })];
    expect(find(ground(text, layers), 'WH027', 2)?.estimatedBytes).toBe(5 * MB);
  });

  it('pip without --no-cache-dir on a slim base (single stage, WH023): the pip cache of that layer, any user', () => {
    const text = df(
      'FROM python:3.11-slim',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install -r requirements.txt',
      'USER 1000',
      'RUN pip install --user requests',
      'CMD ["python", "app.py"]',
    );
    const layers = [
      base(124 * MB),
      layer(1, 2, {}),
      layer(2, 3, { '/app/requirements.txt': 100 }),
      layer(3, 4, {
        '/root/.cache/pip/http-v2/a/b/c': 3_100_000,
        '/usr/local/lib/python3.11/site-packages/flask/app.py': 900_000,
      }),
      layer(4, 6, { '/home/app/.cache/pip/wheels/x.whl': 700_000, '/home/app/.local/lib/r.py': 10_000 }),
    ];
    const fs = ground(text, layers, ctx(['requirements.txt', 'app.py']));
    expect(find(fs, 'WH023', 4)?.estimatedBytes).toBe(3_100_000);
    expect(find(fs, 'WH023', 6)?.estimatedBytes).toBe(700_000);
    withinLayers(fs, layers);
  });

  it('a cache finding whose layer holds none claims nothing and says so', () => {
    const text = df('FROM python:3.11-slim', 'RUN pip install flask', 'CMD ["flask"]');
    const layers = [
      base(124 * MB),
      layer(1, 2, { '/usr/local/lib/python3.11/site-packages/flask/app.py': 900_000 }),
    ];
    const f = find(ground(text, layers), 'WH023', 2)!;
    expect(f.estimatedBytes).toBeUndefined();
    expect(f.estimate).toMatchObject({ source: 'layer' });
    expect(f.estimate?.note).toMatch(/stores nothing under the pip cache/);
  });

  it('npm and yarn caches (WH025): ~/.npm and /usr/local/share/.cache/yarn of their layers', () => {
    const npm = df(
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci --omit=dev',
      'COPY . .',
      'CMD ["node", "index.js"]',
    );
    const yarn = df(
      'FROM node:20-slim',
      'WORKDIR /app',
      'COPY package.json yarn.lock ./',
      'RUN yarn install --production --frozen-lockfile',
      'COPY . .',
      'CMD ["node", "index.js"]',
    );
    const project = (lock: string): ProjectContext => ({
      ...ctx(['package.json', lock, 'index.js']),
      packageJson: { scripts: {}, devDependencies: [], dependencies: ['express'] },
    });
    const layersFor = (cache: Record<string, number>) => [
      base(198 * MB),
      layer(1, 2, {}),
      layer(2, 3, { '/app/package.json': 500 }),
      layer(3, 4, { ...cache, '/app/node_modules/express/index.js': 2 * MB }),
      layer(4, 5, { '/app/index.js': 1000 }),
    ];
    for (const [text, lock, cache, bytes] of [
      [npm, 'package-lock.json', { '/root/.npm/_cacache/content-v2/sha512/ab': 4_200_000 }, 4_200_000],
      [yarn, 'yarn.lock', { '/usr/local/share/.cache/yarn/v6/npm-express/index.js': 6_300_000 }, 6_300_000],
    ] as const) {
      // The split off (it would leave the install in the builder, where it claims nothing of its own).
      const res = optimize(text, project(lock), { disabled: ['WH010'] });
      expect(find(res.findings, 'WH025', 4)?.estimate?.source, lock).toBe('typical');
      const f = find(groundEstimates(res.findings, built(layersFor(cache))), 'WH025', 4)!;
      expect(f.estimatedBytes, lock).toBe(bytes);
      expect(f.estimate?.source).toBe('layer');
    }
  });
});

describe('multi-stage and base swaps', () => {
  it('findings in a builder (no layer in the final image) keep what they had; the final stage is grounded', () => {
    const text = df(
      'FROM debian:bookworm AS build',
      'RUN apt-get update && apt-get install -y gcc',
      'RUN echo x > /out',
      'FROM debian:bookworm-slim',
      'COPY --from=build /out /out',
      'RUN apt-get update && apt-get install -y curl',
      'CMD ["curl"]',
    );
    const layers = [
      base(74 * MB),
      layer(1, 5, { '/out': 2 }),
      layer(2, 6, { '/var/lib/apt/lists/y_Packages.lz4': 8 * MB, '/usr/bin/curl': 400_000 }),
    ];
    const fs = ground(text, layers);
    expect(fs.filter((f) => f.line <= 3 && f.estimate?.source === 'layer')).toEqual([]);
    expect(find(fs, 'WH022', 6)?.estimatedBytes).toBe(8 * MB);
    expect(find(fs, 'WH021', 6)?.estimatedBytes).toBe(400_000);
    withinLayers(fs, layers);
  });

  it('a catalog base swap never claims more than the built base layers hold (without daemon facts)', () => {
    const text = df('FROM debian:bookworm', 'RUN echo hi > /hi', 'CMD ["cat", "/hi"]');
    const layers = [base(30 * MB), layer(1, 2, { '/hi': 3 })];
    const f = find(ground(text, layers), 'WH001', 1)!;
    expect(f.estimatedBytes).toBe(30 * MB); // the catalog says 42 MB
    expect(f.estimate?.note).toMatch(/base layers/);
  });

  it('a daemon-priced swap within the base stays as it is', () => {
    const text = df('FROM debian:bookworm', 'RUN echo hi > /hi', 'CMD ["cat", "/hi"]');
    const project = {
      ...ctx(),
      baseImages: {
        'debian:bookworm': { sizeBytes: 89_649_181 },
        'debian:bookworm-slim': { sizeBytes: 74_026_256 },
      },
    };
    const layers = [base(89_649_181), layer(1, 2, { '/hi': 3 })];
    const f = find(ground(text, layers, project), 'WH001', 1)!;
    expect(f.estimatedBytes).toBe(89_649_181 - 74_026_256);
    expect(f.estimate?.source).toBe('daemon');
  });

  it('the total against the built original never exceeds it', () => {
    const text = df(
      'FROM debian:bookworm',
      'RUN apt-get update',
      'RUN apt-get install -y curl jq',
      'CMD ["curl"]',
    );
    const layers = [
      base(89 * MB),
      layer(1, 2, { '/var/lib/apt/lists/a': 8_600_000 }),
      layer(2, 3, { '/usr/bin/curl': 1_200_000 }),
    ];
    const fs = ground(text, layers);
    const size = layers.reduce((s, l) => s + l.sizeBytes, 0);
    const s = savingsSummary(parseDockerfile(text), fs, undefined, size);
    expect(s.totalBytes).toBeLessThanOrEqual(size);
    // The typical 30 MB + 20 MB are gone: lists 8.6 MB + recommends ≤ 1.2 MB + the catalog swap.
    expect(s.bySource.layer).toBe(8_600_000 + 1_200_000);
    expect(s.bySource.typical).toBeUndefined();
  });
});
