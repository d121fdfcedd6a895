/**
 * The rule or advice that addresses an owner of the bill, where Whittle has one. Rule ids are the
 * ones in shared/rules (see `whittle rules`); advice is said plainly and never applied.
 */
import type { BillAddress, BillEntry } from '../api/bill';
import { formatBytes } from '../layers/format-bytes';

/** Facts about an owner gathered while attributing it. */
export interface OwnerFacts {
  /** Bytes in test folders inside the package (`tests/`, `test/`, `__tests__/`, `testing/`). */
  testBytes: number;
  /** For a JDK/JRE: how many modules its `release` file lists. */
  modules?: number;
}

const rule = (ruleId: string, text: string): BillAddress => ({ type: 'rule', ruleId, text });
const advice = (text: string, ruleId?: string): BillAddress => ({
  type: 'advice',
  ...(ruleId ? { ruleId } : {}),
  text,
});

const CACHE_RULES: Record<string, [string, string]> = {
  'apt lists': ['WH022', 'Remove /var/lib/apt/lists in the RUN that ran apt-get update.'],
  'apt archives': ['WH022', 'Clean the apt archives in the RUN that installed the packages.'],
  'pip cache': ['WH023', 'Install with `pip install --no-cache-dir`.'],
  'npm cache': ['WH025', 'Clean the npm cache in the RUN that installed (or use a cache mount).'],
  'yarn cache': ['WH025', 'Clean the yarn cache in the RUN that installed (or use a cache mount).'],
  'apk cache': ['WH026', 'Install with `apk add --no-cache`.'],
  'yum/dnf cache': ['WH027', 'Run `yum clean all` / `dnf clean all` in the installing RUN.'],
  __pycache__: ['WH034', 'Set PYTHONDONTWRITEBYTECODE=1 while building, or leave bytecode to run time.'],
  'gem cache': ['WH038', 'Install gems without documentation and remove the gem cache.'],
};

/** Build tools that a final image rarely needs (Debian/Alpine package names). */
const BUILD_PACKAGE =
  /^(?:gcc|g\+\+|cpp|make|build-essential|binutils|libc6?-dev|linux-libc-dev|.+-dev)(?:-\d.*)?$/;

/** The rule or advice for a bill entry, or undefined when Whittle has none. */
export function addressOf(e: BillEntry, facts: OwnerFacts): BillAddress | undefined {
  switch (e.kind) {
    case 'cache': {
      const r = CACHE_RULES[e.name];
      if (r) return rule(r[0], r[1]);
      if (e.name === 'docs and man pages')
        return advice(
          'Keep docs out: dpkg path-exclude rules (as the -slim images ship in /etc/dpkg/dpkg.cfg.d/) or remove them in the installing RUN.',
        );
      if (e.name === 'temporary files') return advice('Remove /tmp files in the RUN that wrote them.');
      return undefined;
    }
    case 'reclaimable':
      return advice(
        'Delete or change these files in the RUN that created them: a later layer hiding them does not shrink the image.',
        'WH028',
      );
    case 'runtime':
      if (e.name === 'JDK')
        return advice(
          `Run on a JRE, or a custom runtime built with jlink from the modules the app needs (jdeps --print-module-deps)${facts.modules ? `: this one carries ${facts.modules} modules` : ''}.`,
          'WH004',
        );
      if (e.name === 'JRE')
        return rule(
          'WH014',
          `Run on a runtime linked with jlink from the modules the jar needs (jdeps)${facts.modules ? `: this one carries ${facts.modules} modules` : ''}.`,
        );
      if (e.name === 'Go toolchain')
        return rule(
          'WH010',
          'Build in a stage of its own and copy only the binary into a small final stage.',
        );
      return undefined;
    case 'os-package':
      if (/^openjdk-\d+-jre/.test(e.name))
        return rule('WH014', 'Run on a runtime linked with jlink from the modules the jar needs (jdeps).');
      if (/^openjdk-\d+-jdk/.test(e.name))
        return advice(
          'A JDK in the final image: build with it in a stage of its own and run on a JRE or a jlink runtime.',
          'WH004',
        );
      if (!e.baseBytes && BUILD_PACKAGE.test(e.name))
        return advice(
          'A build tool or header package: install it in a build stage, not the final one.',
          'WH011',
        );
      break;
    default:
      break;
  }
  if ((e.kind === 'python' || e.kind === 'npm' || e.kind === 'gem') && facts.testBytes >= 256 * 1024)
    return advice(
      `${formatBytes(facts.testBytes)} of test folders inside this package; they may be removed after installing if nothing imports them.`,
    );
  return undefined;
}
