/**
 * Build progress for both images (step n of m), a collapsible live log, cancel, and the
 * build-failed state with the failing step and its log.
 */
import { useEffect, useRef } from 'react';
import type { Variant } from '../../../../shared/api/contract';
import type { WhittleError } from '../../../../shared/api/result';
import { hintFor } from '../../lib/errors';
import type { ComparePhase, LogLine, VariantProgress } from './use-compare';

interface Props {
  phase: ComparePhase;
  progress: Record<Variant, VariantProgress>;
  log: LogLine[];
  error: WhittleError | null;
  onCancel: () => void;
  onRetry: () => void;
}

/** A row's state once the compare has ended: a build that never finished was stopped, not waiting. */
function finalState(phase: ComparePhase, p: VariantProgress): string {
  if ((phase === 'failed' || phase === 'cancelled') && (p.state === 'waiting' || p.state === 'building'))
    return phase === 'cancelled' ? 'cancelled' : 'stopped';
  return p.state;
}

function ProgressRow({ variant, p, phase }: { variant: Variant; p: VariantProgress; phase: ComparePhase }) {
  const state = finalState(phase, p);
  const pct = p.state === 'done' ? 100 : p.totalSteps ? Math.min(100, (p.step / p.totalSteps) * 100) : 0;
  const at =
    p.step > 0 ? ` at step ${p.step}${p.totalSteps ? ` of ${p.totalSteps}` : ''}` : ' before it started';
  const label =
    state === 'cancelled'
      ? `Cancelled${at}`
      : state === 'stopped'
        ? `Not finished${at}: the compare stopped`
        : p.state === 'done'
          ? 'Built'
          : p.state === 'error'
            ? 'Failed'
            : p.state === 'waiting'
              ? 'Waiting…'
              : `Step ${p.step}${p.totalSteps ? ` of ${p.totalSteps}` : ''}`;
  return (
    <div className={`progress-row state-${state}`} data-testid={`progress-${variant}`} data-state={state}>
      <div className="progress-label">
        <strong>{variant === 'original' ? 'Original' : 'Optimized'}</strong>
        <span className="muted small">{label}</span>
      </div>
      <div
        className="progress-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(pct)}
        aria-label={`${variant} build progress`}
      >
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <code className="progress-step small" title={p.instruction ?? ''}>
        {p.state === 'error' ? p.error : (p.instruction ?? '')}
      </code>
    </div>
  );
}

interface FailureDetails {
  step?: unknown;
  log?: unknown;
}

function failingStep(error: WhittleError | null, progress: Record<Variant, VariantProgress>): string | null {
  const d = error?.details as FailureDetails | undefined;
  if (d && typeof d.step === 'string' && d.step) return d.step;
  const failed = (['original', 'optimized'] as const).find((v) => progress[v].state === 'error');
  if (failed) return `${failed}: step ${progress[failed].step} ${progress[failed].instruction ?? ''}`.trim();
  return null;
}

/** The last log lines the service attached to a failure (the live log may have missed them). */
function failureLog(error: WhittleError | null): string[] {
  const log = (error?.details as FailureDetails | undefined)?.log;
  return Array.isArray(log) ? log.filter((l): l is string => typeof l === 'string') : [];
}

/** What to do about a failure, knowing which of the two builds failed. */
function failureHint(error: WhittleError, progress: Props['progress']): string | null {
  if (error.code !== 'BUILD_FAILED') return hintFor(error.code);
  if (progress.original.state === 'error')
    return 'The original Dockerfile does not build as it is; Whittle can compare once it does.';
  if (progress.optimized.state === 'error')
    return 'The original built; the optimized Dockerfile fails at this step. Turn off the fix that changed it, or edit the right-hand Dockerfile, then build again.';
  return hintFor(error.code);
}

export function BuildPanel({ phase, progress, log, error, onCancel, onRetry }: Props) {
  const logRef = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [log]);
  if (phase === 'idle') return null;
  const step = phase === 'failed' ? failingStep(error, progress) : null;
  return (
    <section className="card build-panel" data-testid="build-panel" data-phase={phase}>
      <header className="row">
        <h2>Build &amp; compare</h2>
        {phase === 'running' && (
          <button type="button" onClick={onCancel} data-testid="build-cancel">
            Cancel
          </button>
        )}
        {(phase === 'failed' || phase === 'cancelled') && (
          <button type="button" onClick={onRetry} data-testid="build-retry">
            Build again
          </button>
        )}
      </header>
      <ProgressRow variant="original" p={progress.original} phase={phase} />
      <ProgressRow variant="optimized" p={progress.optimized} phase={phase} />
      {phase === 'failed' && error && (
        <div className="banner banner-error" role="alert" data-testid="build-failed">
          <div>
            <strong>
              {error.code === 'DOCKER_UNREACHABLE' ? 'Docker is not reachable.' : 'Build failed.'}
            </strong>{' '}
            {error.message}
            {step && (
              <div>
                Failing step: <code data-testid="failing-step">{step}</code>
              </div>
            )}
            {failureHint(error, progress) && <div className="muted">{failureHint(error, progress)}</div>}
            {failureLog(error).length > 0 && (
              <pre className="failure-log small" data-testid="failure-log">
                {failureLog(error).join('\n')}
              </pre>
            )}
          </div>
        </div>
      )}
      {phase === 'cancelled' && <p className="muted">Build cancelled.</p>}
      <details className="build-log" open={phase === 'failed'} data-testid="build-log">
        <summary>Build log ({log.length} lines)</summary>
        <pre ref={logRef}>
          {log.map((l, i) => (
            <div key={i} className={`log-${l.variant}`}>
              <span className="log-tag">{l.variant === 'original' ? 'orig' : 'opt '}</span> {l.text}
            </div>
          ))}
        </pre>
      </details>
    </section>
  );
}
