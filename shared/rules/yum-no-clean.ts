import { isYumInstall, segmentsOf } from './commands';
import { append } from './rewrite';
import type { Rule } from './rule';
import { at } from './rule';
import { withLaterRemoval } from './later-removal';

const tool = (cmds: string[]): string | null => {
  const inst = cmds.find(isYumInstall);
  if (!inst || cmds.some((c) => /(yum|dnf|microdnf)\s+clean\s+all/.test(c))) return null;
  return /\bmicrodnf\b/.test(inst) ? 'microdnf' : /\bdnf\b/.test(inst) ? 'dnf' : 'yum';
};

/** hadolint DL3032 (yum) and DL3040 (dnf). */
export const yumNoClean: Rule = {
  meta: {
    id: 'WH027',
    name: 'yum-dnf-no-clean',
    title: '`yum`/`dnf install` without `clean all`',
    why: 'yum and dnf keep repository metadata and downloaded RPMs under /var/cache. Unless `yum clean all` (or `dnf clean all`) runs in the same RUN, that cache — often 50–150 MB — is stored in the layer.',
    severity: 'warning',
    category: 'layer-hygiene',
    hadolint: 'DL3032',
    fixable: true,
    shippedOnly: true,
  },
  check(ctx) {
    return ctx.model.instructions
      .filter((i) => tool(segmentsOf(i).map((s) => s.cmd)) !== null)
      .map((i) =>
        at(i, withLaterRemoval('the yum/dnf cache is stored in this layer', ctx.model, i, 'yum'), {
          estimatedBytes: 60_000_000,
        }),
      );
  },
  runFix: {
    transform: (segs) => {
      const t = tool(segs.map((s) => s.cmd));
      return t
        ? append(append(segs, `${t} clean all`), `rm -rf /var/cache/${t === 'yum' ? 'yum' : 'dnf'}`)
        : null;
    },
    explanation: 'Cleaned the yum/dnf cache in the same RUN that installs.',
  },
};
