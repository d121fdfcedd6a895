/**
 * Analyzer speed: `optimize` (which parses, runs every rule, applies fixes and re-checks) on
 * generated Dockerfiles of ~10, ~100 and ~1,000 lines and on the example Dockerfiles. The
 * baseline, measured interleaved in the same run, is `dockerfile-ast`'s bare parse of the same
 * text: the cost Whittle cannot avoid, so the ratio shows what the rules add on top.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { analyze, optimize } from '../shared/optimizer/index';
import { readProjectContext } from '../electron/core/project';
import { generateDockerfile, GENERATED_CONTEXT } from './lib/generate-dockerfile';
import { ms, ratio, us, verdict } from './lib/format';
import type { Benchmark, Section } from './lib/report';
import { median, sampleInterleaved } from './lib/stats';
import { exampleDirs } from './lib/examples';

const TARGET_100_MS = 5;

/**
 * Runs per size per round. Sizes take turns round by round (rather than one size after the
 * other), so a burst of load from other work on the machine lands on every size alike and the
 * per-line growth compares like with like. 40 rounds: ~480 / 320 / 40 runs of each.
 */
const PLAN = [
  { lines: 10, perRound: 12 },
  { lines: 100, perRound: 8 },
  { lines: 1000, perRound: 1 },
];
const ROUNDS = 40;
const WARMUP_ROUNDS = 3;

const lineCount = (text: string): number => text.replace(/\n$/, '').split('\n').length;

export const analyzerBenchmark: Benchmark = {
  name: 'analyzer',
  async run({ smoke, log }): Promise<Section> {
    const plan = smoke ? [{ lines: 10, perRound: 4 }] : PLAN;
    const rounds = smoke ? 5 : ROUNDS;
    const warmup = smoke ? 1 : WARMUP_ROUNDS;
    const inputs = plan.map((p) => {
      const text = generateDockerfile(p.lines);
      return {
        ...p,
        text,
        n: lineCount(text),
        fns: [
          () => optimize(text, GENERATED_CONTEXT),
          () => analyze(text, GENERATED_CONTEXT),
          () => DockerfileParser.parse(text),
        ],
        samples: [[], [], []] as number[][],
      };
    });
    log(
      `${inputs.map((i) => `${i.n} lines × ${i.perRound}`).join(', ')} per round; ${rounds} rounds after ${warmup} warm-up rounds`,
    );
    for (let r = 0; r < warmup + rounds; r++) {
      for (const input of inputs) {
        const got = sampleInterleaved(input.fns, input.perRound, 0);
        if (r >= warmup) got.forEach((xs, k) => input.samples[k]!.push(...xs));
      }
    }
    const rows: string[][] = [];
    const perLine: number[] = [];
    const perLineAll: [number, number, number][] = [];
    for (const input of inputs) {
      const [opt, ana, parse] = input.samples.map(median) as [number, number, number];
      const n = input.n;
      perLine.push(opt / n);
      perLineAll.push([opt / n, ana / n, parse / n]);
      const target = input.lines === 100 ? `< ${TARGET_100_MS} ms: ${verdict(opt < TARGET_100_MS)}` : '–';
      rows.push([
        `generated, ${n} lines`,
        String(input.samples[0]!.length),
        ms(opt),
        us(opt / n),
        ms(ana),
        ms(parse),
        ratio(opt / parse),
        target,
      ]);
    }

    // The real-world mix: every example Dockerfile (the broken one fails to parse by design).
    const examples = await exampleDirs();
    const exOpt: number[] = [];
    const exAna: number[] = [];
    const exParse: number[] = [];
    const exLines: number[] = [];
    const exRuns = smoke ? 5 : 200;
    for (const dir of smoke ? examples.slice(0, 1) : examples) {
      const text = await fs.readFile(path.join(dir, 'Dockerfile'), 'utf8');
      const ctx = await readProjectContext(dir);
      const [o, a, p] = sampleInterleaved(
        [() => optimize(text, ctx), () => analyze(text, ctx), () => DockerfileParser.parse(text)],
        exRuns,
        smoke ? 2 : 30,
      ).map(median) as [number, number, number];
      exOpt.push(o);
      exAna.push(a);
      exParse.push(p);
      exLines.push(lineCount(text));
    }
    log(`examples: ${exOpt.length} Dockerfiles × ${exRuns} runs`);
    const [eo, ep] = [median(exOpt), median(exParse)];
    const el = median(exLines);
    rows.push([
      `examples (${exOpt.length} Dockerfile${exOpt.length === 1 ? '' : 's'}, median ${el} lines)`,
      `${exRuns} each`,
      ms(eo),
      us(eo / el),
      ms(median(exAna)),
      ms(ep),
      ratio(eo / ep),
      '–',
    ]);

    const growth = perLine.length === PLAN.length ? perLine[2]! / perLine[1]! : Number.NaN;
    const notes = [
      'Time per line that stays level (or falls) from 100 to 1,000 lines means the analysis grows at most linearly with the file.',
      Number.isFinite(growth)
        ? `Time per line at 1,000 lines ÷ at 100 lines: optimize ${ratio(growth)}, analyze ${ratio(perLineAll[2]![1] / perLineAll[1]![1])}, bare parse ${ratio(perLineAll[2]![2] / perLineAll[1]![2])} (≤ 1× would be linear or better; the parse column shows how much of any growth the parser brings along).`
        : 'Growth ratio not computed (smoke run: smallest size only).',
      'Generated Dockerfiles come from `bench/lib/generate-dockerfile.ts` with a fixed seed: several stages, multi-line apt installs, pip and npm installs, COPY, ADD, ENV, LABEL and comments.',
      '"analyze only" is `analyze()` (findings, no fixes) — what opening a project costs before the optimized text is needed; the gap to `optimize` is the fixing: each rule that changes the text has its edited lines re-parsed (the untouched instructions keep their parse), and the fixed text is checked again.',
      'Samples are interleaved (optimize, analyze, parse, optimize, …) and the three sizes take turns in rounds, so background load affects every column and every size alike.',
    ];
    return {
      title: 'Analyzer speed',
      intro:
        "`optimize(text, context)` — parse, all 26 rules, every safe fix applied and re-checked — per Dockerfile, median of many runs after a warm-up. Baseline in the same run: `dockerfile-ast`'s `DockerfileParser.parse` alone on the same text. Target: under 5 ms for a 100-line Dockerfile.",
      tables: [
        {
          header: [
            'Input',
            'Runs',
            'optimize (median)',
            'optimize per line',
            'analyze only',
            'parse only (baseline)',
            'optimize ÷ parse',
            'Target',
          ],
          rows,
        },
      ],
      notes,
    };
  },
};
