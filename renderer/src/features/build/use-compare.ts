/**
 * Build & compare: one `api.compare` call builds both images; progress arrives on
 * `onBuildProgress` keyed by `${compareId}:${variant}`. Log lines are buffered and flushed at
 * most every 100 ms so a chatty `pip install` does not re-render per line.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BuildProgressEvent, CompareReport, Variant } from '../../../../shared/api/contract';
import type { WhittleError } from '../../../../shared/api/result';
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
      if (e.kind === 'log' && e.text !== undefined)
        pending.current.push({ variant: e.variant, text: e.text });
      // Each step gets a line too, so a build served from the cache (no output) still shows what ran.
      else if (e.kind === 'step' && e.instruction !== undefined)
        pending.current.push({
          variant: e.variant,
          text: `[${e.step ?? '?'}/${e.totalSteps ?? '?'}] ${e.instruction}${e.cached ? '  (cached)' : ''}`,
        });
      else if (e.kind === 'error' && e.text)
        pending.current.push({ variant: e.variant, text: `ERROR: ${e.text}` });
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

  const start = useCallback(
    async (
      dir: string,
      originalText: string,
      optimizedText: string,
      dockerignore: string | null,
      verify?: VerifyOptions,
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
      // keepImages: the layer-files view inspects the built images after the compare.
      // optimizedDockerignore: the optimized image is built with the proposed .dockerignore, as it would ship.
      const r = await api.compare({
        dir,
        originalText,
        optimizedText,
        compareId,
        keepImages: true,
        optimizedDockerignore: dockerignore,
        // Verify (checks, hold-back, measured savings): the service rewrites from the project itself.
        ...(verify ? { verify } : {}),
      });
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
    },
    [],
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

  return { phase, progress, log, report, error, builtFor, start, cancel, reset };
}
