/**
 * `npm run bench` (every benchmark, or those named as arguments; `--only ex1,ex2` narrows them
 * to those examples) and `npm test`'s `tsx bench/run.ts --smoke` (each benchmark once on its
 * smallest input).
 *
 * Benchmarks are measurements, not tests: a missed target is printed, never a failure. The
 * exit code is non-zero only when something crashes. A full run rewrites BENCHMARKS.md; a smoke
 * run, a partial run (benchmarks named, WHITTLE_BENCH_EXAMPLES set) or `--no-write` writes to
 * bench/results/ (gitignored) instead, so a quick check never replaces the published figures.
 */
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDocker } from './lib/docker';
import { exampleFilter, REPO_ROOT } from './lib/examples';
import { machineInfo } from './lib/machine';
import { renderSection, type Benchmark, type Section } from './lib/report';
import { load, provenance, save } from './lib/result-cache';

/**
 * Loaded lazily: a benchmark whose subject is still missing or broken (the module it measures
 * fails to import) then crashes alone, and the others still report.
 */
const ALL: { name: string; load: () => Promise<Benchmark> }[] = [
  { name: 'size', load: async () => (await import('./size')).sizeBenchmark },
  { name: 'rebuild', load: async () => (await import('./rebuild')).rebuildBenchmark },
  { name: 'analyzer', load: async () => (await import('./analyzer')).analyzerBenchmark },
  { name: 'layers', load: async () => (await import('./layers')).layersBenchmark },
  { name: 'ui', load: async () => (await import('./ui')).uiBenchmark },
  { name: 'cli', load: async () => (await import('./cli')).cliBenchmark },
];

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
// `--only a,b` (or `--only=a,b`): the examples to run on, as WHITTLE_BENCH_EXAMPLES (a partial run).
const onlyAt = args.findIndex((a) => a === '--only' || a.startsWith('--only='));
if (onlyAt >= 0) {
  const value = args[onlyAt]!.includes('=') ? args[onlyAt]!.slice('--only='.length) : args[onlyAt + 1];
  if (!value || value.startsWith('--')) {
    process.stderr.write('--only needs a comma-separated list of example names\n');
    process.exit(2);
  }
  process.env.WHITTLE_BENCH_EXAMPLES = value;
  args.splice(onlyAt, args[onlyAt]!.includes('=') ? 1 : 2);
}
// `--pairs N`, `--verify-budget S`: the size benchmark's timed pairs and verification budget.
for (const flag of ['pairs', 'verify-budget']) {
  const at = args.indexOf(`--${flag}`);
  if (at < 0) continue;
  const value = Number(args[at + 1]);
  if (!Number.isFinite(value) || value < 0) {
    process.stderr.write(`--${flag} needs a number\n`);
    process.exit(2);
  }
  process.env[`WHITTLE_BENCH_${flag.replace('-', '_').toUpperCase()}`] = String(value);
  args.splice(at, 2);
}
// `--reuse`: saved sections and size rows (bench/results/cache) stand in for measuring again.
const reuse = args.includes('--reuse');
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !ALL.some((b) => b.name === n));
if (unknown.length) {
  process.stderr.write(
    `unknown benchmark(s): ${unknown.join(', ')}; known: ${ALL.map((b) => b.name).join(', ')}\n`,
  );
  process.exit(2);
}
const selected = names.length ? ALL.filter((b) => names.includes(b.name)) : ALL;

const started = Date.now();
// Load from other work on the machine moves every timing; recorded so a noisy run can be recognised.
const loadAtStart = os.loadavg()[0]!;
const stamp = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s`;
const logFor = (name: string) => (m: string) => process.stderr.write(`[bench ${stamp()} ${name}] ${m}\n`);

const sections: Section[] = [];
const reused: string[] = [];
let crashed = false;
for (const b of selected) {
  const log = logFor(b.name);
  log(smoke ? 'smoke run (smallest input, once)' : 'starting');
  const t0 = Date.now();
  try {
    const saved = reuse && b.name !== 'size' ? await load<Section>(`section-${b.name}`) : null;
    if (saved) {
      sections.push({
        ...saved.value,
        notes: [...saved.value.notes, `Reused from a run of ${provenance(saved)}.`],
      });
      reused.push(`${b.name} (${provenance(saved)})`);
      log(`reused (${provenance(saved)})`);
      continue;
    }
    const bench = await b.load();
    const section = await bench.run({ smoke, log, reuse });
    sections.push(section);
    if (!smoke && !section.title.includes('(crashed)')) await save(`section-${b.name}`, section);
    log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    // One benchmark crashing must not hide the others' figures; the run still exits non-zero.
    crashed = true;
    log(`CRASHED: ${(err as Error).stack ?? String(err)}`);
    sections.push({
      title: `${b.name} (crashed)`,
      intro: `The benchmark threw: \`${(err as Error).message}\`.`,
      tables: [],
      notes: [],
    });
  }
}

const docker = await connectDocker();
const m = await machineInfo(docker);
const command = names.length ? `npm run bench -- ${names.join(' ')}` : 'npm run bench';
const doc = [
  '# Whittle benchmarks',
  '',
  'Whittle should make images small without making anyone wait. Every figure is a median over repeated runs, and every timing sits next to a baseline measured in the same run, as a ratio. Targets are shown next to the figures; a missed target is reported, not hidden, and never fails the run.',
  '',
  `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} (total run ${((Date.now() - started) / 60000).toFixed(1)} min)`,
  `- Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM; 1-minute load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end (other work shares the machine; ratios to same-run baselines are the steadier figures)`,
  `- OS: ${m.os}`,
  `- Node: ${m.node}`,
  `- Docker: ${m.docker}`,
  ...(reused.length ? [`- Reused sections (\`--reuse\`): ${reused.join('; ')}`] : []),
  `- Regenerate: \`${command}\` (from the repository root; needs a Docker daemon at \`DOCKER_HOST\`, default the test engine's socket)`,
  '',
  ...sections.map(renderSection),
].join('\n');

const full = !smoke && !names.length && !exampleFilter() && !args.includes('--no-write');
// `--merge`: the sections this run made replace their namesakes in BENCHMARKS.md (matched by the
// title up to its first comma); the others, and the header they were measured under, stay.
const merge = args.includes('--merge') && !smoke;
const out =
  full || merge
    ? path.join(REPO_ROOT, 'BENCHMARKS.md')
    : path.join(REPO_ROOT, 'bench/results', smoke ? 'smoke.md' : 'partial.md');
let text = doc;
if (merge && existsSync(out)) {
  const parts = (await fs.readFile(out, 'utf8')).split(/^(?=## )/m);
  const key = (title: string) => title.replace(/^## /, '').split(/[,\n]/)[0]!.trim();
  const fresh = new Map(sections.map((sec) => [key(sec.title), renderSection(sec)]));
  const only = exampleFilter();
  const line =
    `- ${[...fresh.keys()].join(', ')}: regenerated ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} on ${m.cpu}, load ${loadAtStart.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}, with \`npm run bench -- ${[...names, ...(only ? ['--only', only.join(',')] : []), ...(reuse ? ['--reuse'] : []), '--merge'].join(' ')}\`${only ? ` (only ${only.join(', ')})` : ''}` +
    ' (when each example was measured is in its notes); the other sections are from the run dated above.';
  const head = parts[0]!.replace(/\n+$/, '\n');
  const body = parts.slice(1).map((p) => fresh.get(key(p.split('\n')[0]!)) ?? p);
  for (const [k, v] of fresh) if (!parts.slice(1).some((p) => key(p.split('\n')[0]!) === k)) body.push(v);
  text = [
    head.replace(/(- Regenerate: [^\n]*\n)/, `${line}\n$1`),
    '',
    ...body.map((b) => b.replace(/\n+$/, '\n')),
  ].join('\n');
}
await fs.mkdir(path.dirname(out), { recursive: true });
await fs.writeFile(out, text.endsWith('\n') ? text : `${text}\n`);
process.stderr.write(
  `[bench ${stamp()}] wrote ${path.relative(REPO_ROOT, out)}${crashed ? ' (with crashes)' : ''}\n`,
);
process.exit(crashed ? 1 : 0);
