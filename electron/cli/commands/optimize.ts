/**
 * `whittle optimize [dir] [--stdout | -o FILE | --in-place] [--disable RULE,...] [--diff] [--buildkit]
 * [--verify [--verify-budget S] [--check "cmd"] [--keep-images]]`. With --verify the output is the
 * verified Dockerfile (exit 0 verified, 1 a check fails on the original too, 3 Docker unreachable,
 * 4 the original does not build, 5 nothing verified within the budget: the original is written).
 */
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { optimize } from '../../../shared/optimizer/index';
import { findRule } from '../../../shared/rules/index';
import { tokens } from '../../../shared/dockerfile/shell';
import { loadProject } from '../../core/load-project';
import { describeFacts } from '../../core/daemon-base-facts';
import { saveFile } from '../../core/save-file';
import { probeBuilder, describeBuilder } from '../../core/docker/builder-probe';
import { EXIT, parse, projectDir, UsageError } from '../args';
import type { CommandRunner } from '../io';
import { invokedAs } from '../usage';
import { budgetMs } from '../verify-text';
import { runVerify } from '../verify-run';

/** Rule keys (ids, names or hadolint ids) → rule ids; unknown keys are a usage error. */
export function ruleIds(list: string | undefined): string[] {
  if (!list) return [];
  return list
    .split(',')
    .filter(Boolean)
    .map((k) => {
      const r = findRule(k);
      if (!r) throw new UsageError(`unknown rule "${k}" (see \`whittle rules\`)`);
      return r.meta.id;
    });
}

export const runOptimize: CommandRunner = async (args, io) => {
  const { values, positionals } = parse(args, {
    stdout: { type: 'boolean', default: false },
    output: { type: 'string', short: 'o' },
    'in-place': { type: 'boolean', default: false },
    disable: { type: 'string' },
    diff: { type: 'boolean', default: false },
    buildkit: { type: 'boolean' },
    classic: { type: 'boolean' },
    file: { type: 'string', default: 'Dockerfile' },
    verify: { type: 'boolean', default: false },
    'verify-budget': { type: 'string' },
    check: { type: 'string' },
    'keep-images': { type: 'boolean', default: false },
  });
  const targets = [values.stdout, values.output !== undefined, values['in-place'], values.diff].filter(
    Boolean,
  ).length;
  if (targets > 1) throw new UsageError('choose one of --stdout, -o FILE, --in-place, --diff');
  const dir = projectDir(positionals[0], io.cwd);
  const project = await loadProject(dir, values.file);
  if (values.buildkit && values.classic) throw new UsageError('choose one of --buildkit, --classic');
  const builder = await probeBuilder(values.buildkit ?? (values.classic ? false : undefined));
  io.err(`${describeBuilder(builder)}\n${describeFacts(project.facts)}\n`);
  const budget = budgetMs(values['verify-budget'], (m) => new UsageError(m));
  const check = values.check === undefined ? undefined : tokens(values.check.trim());
  if (check && !check.length) throw new UsageError('--check needs a command');
  let result = optimize(project.text, project.context, {
    disabled: ruleIds(values.disable),
    buildkit: builder.buildkit,
    config: project.config,
  });
  // --verify: build, check and hold back; what is written is the verified Dockerfile.
  let exit: number = EXIT.OK;
  if (values.verify) {
    const v = await runVerify(
      project,
      {
        budgetMs: budget,
        disabled: ruleIds(values.disable),
        ...(check ? { checkCommand: check } : {}),
        keepImages: values['keep-images'],
      },
      io,
    );
    if (typeof v === 'number') return v;
    exit = v.exit;
    const kept = new Set(v.out.verification.appliedRuleIds);
    result = {
      ...result,
      text: v.out.text,
      dockerignore: v.out.dockerignore,
      fixes: result.fixes.filter((f) => kept.has(f.ruleId)),
    };
  }
  const applied = [...new Set(result.fixes.map((f) => `${f.ruleId} ${f.title}`))];
  io.err(
    applied.length
      ? `Applied ${applied.length} fix(es):\n${applied.map((a) => `  ${a}`).join('\n')}\n`
      : 'Nothing to fix.\n',
  );
  const held = result.findings.filter((f) => !f.fixed);
  if (held.length)
    io.err(
      `${held.length} finding(s) need a decision: run \`${[invokedAs(), 'analyze', ...positionals].join(' ')}\` for details.\n`,
    );

  if (values.stdout) {
    io.out(result.text);
    return exit;
  }
  if (values.diff) {
    io.out(createTwoFilesPatch(values.file!, `${values.file}.whittle`, project.text, result.text));
    return exit;
  }
  const target = values['in-place']
    ? project.dockerfilePath
    : path.resolve(io.cwd, values.output ?? path.join(dir, `${values.file}.whittle`));
  const saved = await saveFile({ path: target, content: result.text, overwrite: true });
  io.err(`Wrote ${saved.path}${saved.backupPath ? ` (previous version kept as ${saved.backupPath})` : ''}\n`);
  if (result.dockerignore) {
    const ignorePath = path.join(dir, values['in-place'] ? '.dockerignore' : '.dockerignore.whittle');
    const ig = await saveFile({ path: ignorePath, content: result.dockerignore, overwrite: true });
    io.err(`Wrote ${ig.path}${ig.backupPath ? ` (previous version kept as ${ig.backupPath})` : ''}\n`);
  }
  return exit;
};
