/**
 * Size won: every example project built twice through the Docker service's `compare` — the
 * original Dockerfile (the baseline) and Whittle's optimized one with its proposed
 * .dockerignore — plus, where the project carries a hand-written `Dockerfile.reference`, that
 * too, so Whittle is measured against what a careful engineer wrote, not only against the
 * worst case. The compare also smoke-tests the optimized image (the example's whittle.json check).
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { CompareReport, ImageReport, SmokeTestResult } from '../shared/api/contract';
import { optimize } from '../shared/optimizer/index';
import { DockerService } from '../electron/core/docker/service';
import { smokeTest } from '../electron/core/docker/smoke';
import { readProjectContext } from '../electron/core/project';
import { resolveDockerHost, removeImage } from './lib/docker';
import { EXAMPLES_DIR, exampleDirs, smokeCheck } from './lib/examples';
import { mb, pct, ratio, verdict } from './lib/format';
import { copyProject } from './lib/project-copy';
import type { Benchmark, Section } from './lib/report';
import { DEVELOPER_SETUP, type DeveloperSetup, makeWorkingCopy } from './lib/working-copy';

/** Per-example reduction targets (percent smaller than the original). */
const REDUCTION_TARGETS: Record<string, number> = { 'flask-api': 75 };
const REFERENCE_TARGET = 0.85;
const SMOKE_EXAMPLE = 'flask-api';

interface Measured {
  name: string;
  /** The folder the images were built from: the checkout, or a developer's working copy of it. */
  basis: 'checkout' | 'working copy';
  report: CompareReport;
  reference: ImageReport | null;
  /** The same smoke test on the original image: the baseline that says whether a failure is new. */
  originalSmoke: SmokeTestResult;
  fixes: number;
}

async function measure(
  service: DockerService,
  dir: string,
  buildkit: boolean,
  setup?: DeveloperSetup,
): Promise<Measured> {
  // A temp copy gives the images their own tags: other engineers build the same examples
  // concurrently, and the service removes its images by id when the compare ends.
  const copy = await copyProject(dir);
  try {
    if (setup) await makeWorkingCopy(service.docker, copy.dir, setup);
    const text = await fs.readFile(path.join(copy.dir, 'Dockerfile'), 'utf8');
    const context = await readProjectContext(copy.dir);
    const opt = optimize(text, context, { buildkit });
    const report = await service.compare(
      {
        dir: copy.dir,
        originalText: text,
        optimizedText: opt.text,
        compareId: `bench-size-${path.basename(dir)}`,
        optimizedDockerignore: opt.dockerignore ?? context.dockerignore,
        keepImages: true,
      },
      () => undefined,
    );
    // Kept just long enough to smoke-test the original the same way, then removed.
    let originalSmoke: SmokeTestResult;
    try {
      const check = report.smokeTest.checkCommand ?? (await smokeCheck(copy.dir));
      originalSmoke = await smokeTest(service.docker, report.original.imageId, check ? { check } : {});
    } finally {
      await removeImage(service.docker, report.original.imageId);
      await removeImage(service.docker, report.optimized.imageId);
    }
    let reference: ImageReport | null = null;
    const refFile = path.join(copy.dir, 'Dockerfile.reference');
    if (existsSync(refFile)) {
      // The service's build gives the same report as compare (size, base size, layers); the
      // folder's own .dockerignore applies, as it would for the team that wrote the reference.
      reference = await service.build(
        {
          dir: copy.dir,
          dockerfileText: await fs.readFile(refFile, 'utf8'),
          variant: 'original',
          buildId: `bench-size-${path.basename(dir)}-reference`,
        },
        () => undefined,
      );
      await removeImage(service.docker, reference.imageId);
    }
    return {
      name: path.basename(dir),
      basis: setup ? 'working copy' : 'checkout',
      report,
      reference,
      originalSmoke,
      fixes: new Set(opt.fixes.map((f) => f.ruleId)).size,
    };
  } finally {
    await copy.dispose();
  }
}

const smokeCell = (t: SmokeTestResult): string =>
  `${t.passed ? '✓' : '✗'} ${t.outcome}${t.checkCommand && t.outcome === 'stayed-up' ? ' + check' : ''}`;

/** Why a smoke test failed, from its exit code, check output and first log lines. */
const smokeWhy = (t: SmokeTestResult): string =>
  [
    t.exitCode !== null ? `exit ${t.exitCode}` : null,
    t.checkOutput ? `check said "${t.checkOutput.split('\n')[0]!.slice(0, 160)}"` : null,
    t.logs.length ? `log: "${t.logs.slice(0, 2).join(' / ').slice(0, 200)}"` : null,
  ]
    .filter(Boolean)
    .join('; ');

const efficiencyCell = (r: CompareReport): string => {
  const [a, b] = [r.original.efficiency, r.optimized.efficiency];
  return a !== undefined && b !== undefined ? `${(a * 100).toFixed(1)}% → ${(b * 100).toFixed(1)}%` : 'n/a';
};

export const sizeBenchmark: Benchmark = {
  name: 'size',
  async run({ smoke, log }): Promise<Section> {
    resolveDockerHost();
    const service = new DockerService();
    const status = await service.status();
    if (!status.reachable) throw new Error(status.message ?? 'Docker is not reachable');
    const all = await exampleDirs();
    const dirs = smoke ? [path.join(EXAMPLES_DIR, SMOKE_EXAMPLE)] : all;
    // An example with a developer set-up is measured in the folder a developer has (its main
    // row) and, in full runs, also as a bare checkout (the floor table), so neither hides the other.
    const jobs = dirs.flatMap((dir) => {
      const setup = DEVELOPER_SETUP[path.basename(dir)];
      return setup ? [{ dir, setup }, ...(smoke ? [] : [{ dir }])] : [{ dir }];
    });
    const results: Measured[] = [];
    const failed: string[] = [];
    for (const { dir, setup } of jobs) {
      const t0 = Date.now();
      const label = `${path.basename(dir)}${setup ? ' (working copy)' : ''}`;
      try {
        const m = await measure(service, dir, status.buildkit, setup);
        results.push(m);
        log(
          `${label}: ${mb(m.report.original.sizeBytes)} → ${mb(m.report.optimized.sizeBytes)} (${pct(m.report.reductionPercent)}) in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
        );
      } catch (err) {
        // One example that fails to build is a finding about that example, not a crash of the suite.
        const msg = (err as Error).message.split('\n')[0]!;
        failed.push(`${label}: ${msg}`);
        log(`${label} FAILED: ${msg}`);
      }
    }
    const main = results.filter(
      (m) =>
        m.basis === 'working copy' || !results.some((o) => o.name === m.name && o.basis === 'working copy'),
    );

    const rows = main.map(({ name, basis, report: r, reference, originalSmoke, fixes }) => {
      const referenceBytes = reference?.sizeBytes ?? null;
      const reduction = (1 - r.optimized.sizeBytes / r.original.sizeBytes) * 100;
      const target = REDUCTION_TARGETS[name];
      const vsRef = referenceBytes ? r.optimized.sizeBytes / referenceBytes : null;
      const targets = [
        target !== undefined ? `≥ ${target}% smaller: ${verdict(reduction >= target)}` : null,
        vsRef !== null ? `÷ reference ≤ ${REFERENCE_TARGET}: ${verdict(vsRef <= REFERENCE_TARGET)}` : null,
      ].filter(Boolean);
      return [
        name,
        basis,
        mb(r.original.sizeBytes),
        mb(r.optimized.sizeBytes),
        referenceBytes ? mb(referenceBytes) : '–',
        vsRef !== null ? ratio(vsRef) : '–',
        String(fixes),
        efficiencyCell(r),
        `${smokeCell(originalSmoke)} → ${smokeCell(r.smokeTest)}`,
        targets.join('; ') || '–',
        pct(reduction),
      ];
    });
    // The final stage's base image is a floor neither Dockerfile can go below; comparing what
    // each adds on top shows whether a missed ratio is Whittle's doing or the base's.
    const refRows = results
      .filter((m) => m.reference)
      .map(({ name, basis, report: r, reference }) => {
        const ref = reference!;
        const own = (x: ImageReport) => x.sizeBytes - x.baseSizeBytes;
        return [
          name,
          basis,
          `${mb(r.optimized.baseSizeBytes)} / ${mb(ref.baseSizeBytes)}`,
          mb(own(r.optimized)),
          mb(own(ref)),
          ratio(own(r.optimized) / own(ref)),
          ratio(r.optimized.sizeBytes / ref.sizeBytes),
        ];
      });
    const notes = [
      `Builder: ${status.buildkit ? 'BuildKit' : 'classic'} (${status.endpoint}). Sizes are the daemon's image sizes (decimal MB, as \`docker images\` prints them); a build of the same text on the same base images gives the same bytes, so each image is built once rather than repeatedly.`,
      "Base images are the test engine's stand-ins for the official ones (built from Debian bookworm), so absolute sizes differ from Docker Hub's; original and optimized use the same stand-ins, so the reduction is comparable.",
      "Smoke test (the service's): each image runs as it would in production (its CMD/USER, no network); \"stayed-up + check\" means it stayed up and the example's whittle.json check command passed inside it. The original is the baseline: a failure only there is not Whittle's.",
      "Efficiency is dive's score over the image's layers (original → optimized).",
      ...Object.entries(DEVELOPER_SETUP)
        .filter(([name]) => results.some((m) => m.name === name && m.basis === 'working copy'))
        .map(
          ([name, s]) =>
            `${name} is built from a developer's working copy: a copy of the checkout in which the set-up its README lists ran for real inside \`${s.image}\` (\`${s.script}\`), leaving ${s.leaves} — files its .gitignore keeps out of git and nothing keeps out of \`COPY . .\`.${smoke ? '' : ' The bare checkout is measured too (below, and in the second table).'}`,
        ),
      // The bare checkouts measured besides a working copy: their figures, in full.
      ...results
        .filter((m) => !main.includes(m))
        .map(
          ({ name, basis, report: r, reference, originalSmoke }) =>
            `${name} (${basis}): ${mb(r.original.sizeBytes)} → ${mb(r.optimized.sizeBytes)} (${pct((1 - r.optimized.sizeBytes / r.original.sizeBytes) * 100)} smaller)${reference ? `, reference ${mb(reference.sizeBytes)} (Whittle ÷ reference ${ratio(r.optimized.sizeBytes / reference.sizeBytes)})` : ''}; smoke test ${smokeCell(originalSmoke)} → ${smokeCell(r.smokeTest)}.`,
        ),
      ...results
        .filter((m) => m.reference)
        .map(
          ({ name, basis, report: r, reference }) =>
            `${name} (${basis}): both final stages are \`FROM\` the same base, so no Dockerfile's whole-image ratio can go below base ÷ reference = ${ratio(r.optimized.baseSizeBytes / reference!.sizeBytes)}; what each adds on top of it is in the second table.`,
        ),
      ...results
        .filter((m) => !m.report.smokeTest.passed)
        .map(
          (m) =>
            `${m.name} (${m.basis}): the optimized image fails its smoke test (${smokeWhy(m.report.smokeTest)})${m.originalSmoke.passed ? ' while the original passes — a regression Whittle introduced' : '; the original fails too'}.`,
        ),
      ...failed.map((f) => `Could not measure ${f}`),
    ];
    return {
      title: 'Size won',
      intro:
        "Every example project (except `broken`, which does not parse by design) built through the Docker service's `compare`: the original Dockerfile (baseline) and `optimize(text, context, { buildkit })`'s output with its proposed .dockerignore; the hand-written `Dockerfile.reference` where a project has one. Targets: flask-api ≥ 75% smaller than its original; Whittle ÷ reference ≤ 0.85.",
      tables: [
        {
          header: [
            'Example',
            'Built from',
            'Original',
            'Whittle',
            'Reference',
            'Whittle ÷ reference',
            'Fixes applied',
            'Efficiency (dive)',
            'Smoke test (original → optimized)',
            'Target',
            'Reduction',
          ],
          rows,
        },
        ...(refRows.length
          ? [
              {
                caption: 'Against the hand-written reference: the base image is the floor',
                header: [
                  'Example',
                  'Built from',
                  'Final base image (Whittle / reference)',
                  'Whittle: own layers',
                  'Reference: own layers',
                  'Own layers ratio',
                  'Whole image ratio',
                ],
                rows: refRows,
              },
            ]
          : []),
      ],
      notes,
    };
  },
};
