/** Did the optimized image still start? Outcome, duration, first log lines. */
import type { SmokeTestResult } from '../../../../shared/api/contract';
import { commandLine } from './config-values';

const OUTCOME: Record<SmokeTestResult['outcome'], string> = {
  'stayed-up': 'Started and stayed up',
  'exited-0': 'Ran and exited cleanly',
  'exited-error': 'Exited with an error',
  'failed-to-start': 'Failed to start',
  'check-failed': 'Started, but the check command failed',
};

export function SmokeResult({ smoke }: { smoke: SmokeTestResult }) {
  return (
    <section
      className={`card smoke ${smoke.passed ? 'pass' : 'fail'}`}
      data-testid="smoke-result"
      data-passed={smoke.passed}
    >
      <h3>
        {smoke.passed ? '✓' : '✗'} Smoke test: {OUTCOME[smoke.outcome]}
      </h3>
      <p className="muted small">
        {smoke.exitCode !== null ? `exit code ${smoke.exitCode} · ` : ''}
        {(smoke.durationMs / 1000).toFixed(1)} s
      </p>
      {smoke.checkCommand && (
        <div className="smoke-check small">
          <span className="muted">Check command</span>
          {/* Long commands wrap inside the card (and scroll past 8 lines), never overflow it. */}
          <pre className="check-command" data-testid="check-command">
            {commandLine(smoke.checkCommand)}
          </pre>
        </div>
      )}
      {smoke.checkOutput && <pre className="small">{smoke.checkOutput}</pre>}
      {smoke.logs.length > 0 && (
        <details>
          <summary>Container log ({smoke.logs.length} lines)</summary>
          <pre className="small">{smoke.logs.join('\n')}</pre>
        </details>
      )}
    </section>
  );
}
