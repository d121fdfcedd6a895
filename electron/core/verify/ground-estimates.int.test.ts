/**
 * Grounded estimates on a real build: a small original (apt lists in their own RUN, installs with
 * recommends, pip with its cache) is built on the engine, its layers analysed as compare does,
 * and every grounded estimate is at most the bytes its layer holds — a cache claim at most the
 * bytes under that cache in its layer — and the total at most the image. The base-swap facts the
 * daemon gives (image sizes) are the inspect sizes. Images are tagged `whittle-test-estimates-*`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ImageReport } from '../../../shared/api/contract';
import { parseDockerfile } from '../../../shared/dockerfile/parse';
import { groundEstimates } from '../../../shared/optimizer/ground-estimates';
import { optimize } from '../../../shared/optimizer/index';
import { LAYER_CLAIMS } from '../../../shared/optimizer/layer-claims';
import { savingsSummary } from '../../../shared/optimizer/savings-summary';
import type { Finding } from '../../../shared/rules/types';
import { readImageConfigFacts } from '../docker/base-image-facts';
import { imageReport, withLayerCaches } from '../docker/layers';
import {
  buildOnHost,
  describeDocker,
  dockerClient,
  makeContext,
  nonce,
  removeDir,
  removeImages,
} from '../docker/test-kit';
import { analyzeImage } from '../layers/analyze-image';

const TEXT = [
  'FROM python:3.9-slim',
  'RUN apt-get update',
  'RUN apt-get install -y jq',
  // Host CA bundle, bind-mounted so HTTPS to PyPI works without storing it in a layer.
  'RUN --mount=type=bind,source=ca.crt,target=/ca.crt pip install --cert /ca.crt six==1.16.0 itsdangerous==2.1.2',
  'RUN apt-get install -y curl',
  'CMD ["python", "-c", "import six"]',
  '',
].join('\n');

describeDocker('estimates grounded in the built original', () => {
  let docker: Dockerode;
  let dir = '';
  const images = new Set<string>();
  let report: ImageReport;
  let findings: Finding[];
  let raw: Finding[];

  beforeAll(async () => {
    docker = dockerClient();
    dir = await makeContext({}, 'whittle-test-estimates-');
    await fs.copyFile('/etc/ssl/certs/ca-certificates.crt', path.join(dir, 'ca.crt'));
    const id = await buildOnHost(
      docker,
      {
        dir,
        text: TEXT.replace('import six', `import six  # ${nonce()}`),
        variant: 'original',
        buildId: 'estimates-int',
      },
      images,
    );
    const tag = `whittle-test-estimates-${nonce()}:original`;
    await docker.getImage(id).tag({ repo: tag.split(':')[0]!, tag: 'original' });
    const plain = await imageReport(docker, id, tag, TEXT);
    const contents = await analyzeImage(docker, id);
    report = { ...plain, layers: withLayerCaches(plain.layers, contents) };
    const project = { files: ['ca.crt'], dockerignore: null };
    raw = optimize(TEXT, project).findings;
    findings = groundEstimates(raw, report);
  }, 900_000);
  afterAll(async () => {
    await removeImages(docker, images);
    await removeDir(dir);
  });

  it('every grounded estimate is at most the bytes its layer holds (a cache: the bytes under it)', () => {
    const grounded = findings.filter((f) => f.estimate?.source === 'layer');
    expect(grounded.map((f) => `${f.ruleId}@${f.line}`).sort()).toEqual(
      expect.arrayContaining(['WH020@2', 'WH021@3', 'WH023@4']),
    );
    for (const f of grounded) {
      const layer = report.layers.find((l) => l.line === f.line)!;
      expect(layer, `${f.ruleId} L${f.line} has its layer`).toBeDefined();
      expect(f.estimatedBytes ?? 0, `${f.ruleId} L${f.line}`).toBeLessThanOrEqual(layer.sizeBytes);
      const claim = LAYER_CLAIMS[f.ruleId]!;
      if (claim.kind === 'cache') {
        const under = claim.caches.reduce((s, c) => s + (layer.cacheBytes?.[c] ?? 0), 0);
        expect(f.estimatedBytes ?? 0, `${f.ruleId} L${f.line} cache`).toBe(under);
      }
    }
  });

  it('the lists and the pip cache are real bytes of their layers, the typical figures replaced', () => {
    const lists = findings.find((f) => f.ruleId === 'WH020' && f.line === 2)!;
    expect(lists.estimatedBytes).toBeGreaterThan(1_000_000);
    expect(lists.estimatedBytes).not.toBe(raw.find((f) => f.ruleId === 'WH020')!.estimatedBytes);
    const pip = findings.find((f) => f.ruleId === 'WH023' && f.line === 4)!;
    expect(pip.estimatedBytes).toBeGreaterThan(0);
    expect(pip.estimate?.note).toMatch(/pip cache/);
  });

  it('the total is within the built image', () => {
    const s = savingsSummary(parseDockerfile(TEXT), findings, undefined, report.sizeBytes);
    const sum = findings.reduce((t, f) => t + (f.estimatedBytes ?? 0), 0);
    expect(sum).toBeLessThanOrEqual(report.sizeBytes);
    expect(s.totalBytes).toBe(sum);
  });

  it("the daemon's facts carry the image size base-swap estimates use", async () => {
    const facts = await readImageConfigFacts(docker, 'python:3.9-slim');
    const inspect = await docker.getImage('python:3.9-slim').inspect();
    expect(facts?.sizeBytes).toBe(inspect.Size);
  });
});
