/** `whittle rules [--json]`: the rule catalog with hadolint ids. */
import { RULES } from '../../../shared/rules/index';
import { parse } from '../args';
import type { CommandRunner } from '../io';

export const runRules: CommandRunner = async (args, io) => {
  const { values } = parse(args, { json: { type: 'boolean', default: false } });
  if (values.json) {
    io.out(JSON.stringify(RULES, null, 2) + '\n');
    return 0;
  }
  for (const r of RULES) {
    io.out(
      `${r.id}  ${(r.hadolint ?? '').padEnd(6)}  ${r.severity.padEnd(7)}  ${r.fixable ? 'fix   ' : 'advice'}  ${r.name} — ${r.title}\n`,
    );
  }
  return 0;
};
