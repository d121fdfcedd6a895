/**
 * "Starts and answers": the image runs as it would (smoke test) and each EXPOSEd TCP port answers
 * as the original's does (TCP connect, then `GET /` status class), and the project's check
 * command passes inside it. A container that exits early with a non-zero code fails, its last
 * log lines as evidence.
 */
import type { SmokeTestResult } from '../../../shared/api/contract';
import { observeRun, type RunObservation } from './observe-run';
import { answerRegression } from './port-probe';
import type { Check, CheckResult, CheckTarget } from './types';

const ID = 'starts-and-answers' as const;
const TITLE = 'Starts and answers';

const outcomeText = (s: SmokeTestResult): string =>
  ({
    'stayed-up': 'stayed up',
    'exited-0': 'exited 0',
    'exited-error': `exited with code ${s.exitCode}`,
    'failed-to-start': 'could not start',
    'check-failed': `its check failed (${s.checkCommand?.join(' ') ?? ''})`,
  })[s.outcome];

const portLines = (o: RunObservation): string[] =>
  o.ports.map((p) =>
    p.skipped
      ? `${p.port}: not probed (${p.skipped})`
      : `${p.port} at ${p.address}: ${p.connected ? `connected, GET / → ${p.http}` : 'no TCP connection'}`,
  );

/** The verdict on one image from its own run; `against` (the original's run) adds the port comparison. */
export function judgeRun(o: RunObservation, against?: RunObservation): CheckResult {
  const s = o.smoke;
  const base = { id: ID, title: TITLE, data: { network: o.network, outcome: s.outcome, ports: o.ports } };
  if (!s.passed && o.busyPorts.length) {
    // On the host network the app binds its own ports: someone else's listener makes it fail.
    return {
      ...base,
      status: 'skip',
      summary: `Not judged: port(s) ${o.busyPorts.join(', ')} were already in use on the host (host network) and the container ${outcomeText(s)}.`,
      evidence: (o.lastLogs.length ? o.lastLogs : s.logs).slice(-6),
    };
  }
  if (!s.passed) {
    return {
      ...base,
      status: 'fail',
      summary: `The container ${outcomeText(s)}.`,
      evidence: [
        ...(s.outcome === 'check-failed' && s.checkOutput
          ? s.checkOutput
              .split('\n')
              .slice(-5)
              .map((l) => `check: ${l}`)
          : []),
        ...(o.lastLogs.length ? o.lastLogs : s.logs).slice(-10),
      ],
    };
  }
  const worse = against
    ? against.ports
        .map((p) =>
          answerRegression(
            p,
            o.ports.find((q) => q.port === p.port),
          ),
        )
        .filter(Boolean)
    : [];
  if (worse.length)
    return {
      ...base,
      status: 'fail',
      summary: `The container ${outcomeText(s)} but does not answer as the original does.`,
      evidence: [...(worse as string[]), ...o.lastLogs.slice(-8)],
    };
  return {
    ...base,
    status: 'pass',
    summary: `The container ${outcomeText(s)}${o.ports.length ? `; ${o.ports.filter((p) => p.connected).length}/${o.ports.length} EXPOSEd port(s) answered` : ''}${s.checkCommand ? '; its check passed' : ''}.`,
    evidence: portLines(o),
  };
}

/** Runs the original, then the optimized image (never both at once), and compares their answers. */
export const startsAndAnswers: Check = {
  id: ID,
  title: TITLE,
  async run(original: CheckTarget, optimized: CheckTarget) {
    const opts = (t: CheckTarget) => ({
      ...(t.checkCommand ? { checkCommand: t.checkCommand } : {}),
      ...(t.signal ? { signal: t.signal } : {}),
    });
    const a = await observeRun(original.docker, original.image, opts(original));
    const b = await observeRun(optimized.docker, optimized.image, opts(optimized));
    return { original: judgeRun(a), optimized: judgeRun(b, a) };
  },
};
