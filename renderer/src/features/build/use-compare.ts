/**
 * Build & compare: one `api.compare` call builds both images; progress arrives on
 * `onBuildProgress` keyed by `${compareId}:${variant}`. Log lines are buffered and flushed at
 * most every 100 ms so a chatty `pip install` does not re-render per line.
 *
 * The compare belongs to the Node side, not this page: after a reload, `attach` shows a compare
 * still running for the project again (its progress so far replayed, then live) and its result.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  ActiveCompare,
  BuildProgressEvent,
  CompareReport,
  Variant,
} from '../../../../shared/api/contract';
import type { Result, WhittleError } from '../../../../shared/api/result';
import type { VerifyOptions } from '../../../../shared/api/verify';
import { api } from '../../api';

export interface VariantProgress {
  step: number;
  totalSteps: number | null;
  instruction: string | null;
  state: 'waiting' | 'building' | 'done' | 'error';
  error: string | null;
}

export interface LogLine {
  variant: Variant;
  text: string;
}

export type ComparePhase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

const MAX_LOG_LINES = 5000;
const FLUSH_MS = 100;

const DONE = { kind: 'done' } as BuildProgressEvent;

const fresh = (): Record<Variant, VariantProgress> => ({
  original: { step: 0, totalSteps: null, instruction: null, state: 'waiting', error: null },
  optimized: { step: 0, totalSteps: null, instruction: null, state: 'waiting', error: null },
});

function applyEvent(p: VariantProgress, e: BuildProgressEvent): VariantProgress {
  switch (e.kind) {
    case 'step':
      return {
        ...p,
        state: 'building',
        step: e.step ?? p.step,
        totalSteps: e.totalSteps ?? p.totalSteps,
        instruction: e.instruction ?? p.instruction,
      };
    case 'done':
      return { ...p, state: 'done', step: p.totalSteps ?? p.step };
    case 'error':
      return { ...p, state: 'error', error: e.text ?? 'Build failed' };
    default:
      return p.state === 'waiting' ? { ...p, state: 'building' } : p;
  }
}

/** The log line an event adds, if any. */
function logLine(e: BuildProgressEvent): LogLine | null {
  if (e.kind === 'log' && e.text !== undefined) return { variant: e.variant, text: e.text };
  // Each step gets a line too, so a build served from the cache (no output) still shows what ran.
  if (e.kind === 'step' && e.instruction !== undefined)
    return {
      variant: e.variant,
      text: `[${e.step ?? '?'}/${e.totalSteps ?? '?'}] ${e.instruction}${e.cached ? '  (cached)' : ''}`,
    };
  if (e.kind === 'error' && e.text) return { variant: e.variant, text: `ERROR: ${e.text}` };
  return null;
}

export function useCompare() {
  const [phase, setPhase] = useState<ComparePhase>('idle');
  const [progress, setProgress] = useState(fresh);
  const [log, setLog] = useState<LogLine[]>([]);
  const [report, setReport] = useState<CompareReport | null>(null);
  const [error, setError] = useState<WhittleError | null>(null);
  const idRef = useRef<string | null>(null);
  /** The texts the current (or last) run built: results are out of date once the editor moves on. */
  const [builtFor, setBuiltFor] = useState<{ original: string; optimized: string } | null>(null);
  const pending = useRef<LogLine[]>([]);

  useEffect(() => {
    const timer = setInterval(() => {
      if (pending.current.length === 0) return;
      const batch = pending.current;
      pending.current = [];
      setLog((l) => [...l, ...batch].slice(-MAX_LOG_LINES));
    }, FLUSH_MS);
    const off = api.onBuildProgress((e) => {
      const id = idRef.current;
      if (!id || !e.buildId.startsWith(`${id}:`)) return;
      const line = logLine(e);
      if (line) pending.current.push(line);
      setProgress((p) => {
        const next = applyEvent(p[e.variant], e);
        // Same object back (a log line mid-build): React skips the render.
        return next === p[e.variant] ? p : { ...p, [e.variant]: next };
      });
    });
    return () => {
      clearInterval(timer);
      off();
      // Leaving the project (or the Dockerfile) stops its builds: nobody would see their results.
      const id = idRef.current;
      idRef.current = null;
      if (id) void Promise.all([api.cancel(`${id}:original`), api.cancel(`${id}:optimized`)]);
    };
  }, []);

  /** Shows a compare's outcome, unless a newer run (or a reset) took over. */
  const finish = useCallback((compareId: string, originalText: string, r: Result<CompareReport>) => {
    if (idRef.current !== compareId) return; // superseded by a newer run
    if (r.ok) {
      // The optimized image is the verified one: its text is what the results are for.
      const offered = r.value.verification?.offeredText;
      if (offered !== undefined) setBuiltFor({ original: originalText, optimized: offered });
      setReport(r.value);
      // The report is the proof both builds finished, whatever progress events did or did not arrive.
      setProgress((p) => ({
        original: applyEvent(p.original, DONE),
        optimized: applyEvent(p.optimized, DONE),
      }));
      setPhase('done');
    } else {
      setError(r.error);
      setPhase(r.error.code === 'CANCELLED' ? 'cancelled' : 'failed');
    }
  }, []);

  const start = useCallback(
    async (
      dir: string,
      originalText: string,
      optimizedText: string,
      dockerignore: string | null,
      verify?: VerifyOptions,
      dockerfile?: string,
    ) => {
      const compareId = `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      idRef.current = compareId;
      setBuiltFor({ original: originalText, optimized: optimizedText });
      pending.current = [];
      setPhase('running');
      setProgress(fresh());
      setLog([]);
      setReport(null);
      setError(null);
      // keepImages: the layer-files view inspects the built images after the compare (the Node
      // side removes them when the project closes, unless the user keeps them).
      // optimizedDockerignore: the optimized image is built with the proposed .dockerignore, as it would ship.
      const r = await api.compare({
        dir,
        ...(dockerfile !== undefined ? { dockerfile } : {}),
        originalText,
        optimizedText,
        compareId,
        keepImages: true,
        optimizedDockerignore: dockerignore,
        // Verify (checks, hold-back, measured savings): the service rewrites from the project itself.
        ...(verify ? { verify } : {}),
      });
      finish(compareId, originalText, r);
    },
    [finish],
  );

  /**
   * Shows a compare the Node side is running (a reload happened mid-compare): its progress so
   * far, then live events and its result, as if this page had started it.
   */
  const attach = useCallback(
    async (active: ActiveCompare) => {
      const { compareId, originalText, optimizedText, events } = active;
      if (idRef.current) return; // this page started a compare meanwhile: that one is shown
      idRef.current = compareId;
      setBuiltFor({ original: originalText, optimized: optimizedText });
      pending.current = [];
      setPhase('running');
      setReport(null);
      setError(null);
      let replayed = fresh();
      const lines: LogLine[] = [];
      for (const e of events) {
        replayed = { ...replayed, [e.variant]: applyEvent(replayed[e.variant], e) };
        const line = logLine(e);
        if (line) lines.push(line);
      }
      setProgress(replayed);
      setLog(lines.slice(-MAX_LOG_LINES));
      finish(compareId, originalText, await api.attachCompare(compareId));
    },
    [finish],
  );

  const cancel = useCallback(async () => {
    const id = idRef.current;
    if (!id) return;
    await Promise.all([api.cancel(`${id}:original`), api.cancel(`${id}:optimized`), api.cancel(id)]);
  }, []);

  const reset = useCallback(() => {
    idRef.current = null;
    setPhase('idle');
    setProgress(fresh());
    setLog([]);
    setReport(null);
    setError(null);
  }, []);

  return { phase, progress, log, report, error, builtFor, start, attach, cancel, reset };
}
