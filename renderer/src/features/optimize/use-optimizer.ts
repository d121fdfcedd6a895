/**
 * The optimizer, run in the renderer (it is pure): the generated result for the original text
 * and the set of disabled fixes, the editable optimized text, and a debounced re-analysis of
 * that text as the user types.
 */
import { useCallback, useMemo, useState } from 'react';
import type { ProjectContext } from '../../../../shared/api/contract';
import { DEFAULT_CONFIG, type WhittleConfig } from '../../../../shared/config/config';
import { toWhittleError, type WhittleError } from '../../../../shared/api/result';
import { analyze, optimize, type OptimizeResult } from '../../../../shared/optimizer';
import type { Finding } from '../../../../shared/rules/types';
import { useDebounced } from '../../lib/use-debounced';

/** How long typing must pause before the optimized text is re-analysed. */
export const REANALYSE_MS = 250;

export type Generated = { ok: true; result: OptimizeResult; ms: number } | { ok: false; error: WhittleError };

function generate(
  text: string,
  context: ProjectContext,
  disabled: string[],
  buildkit: boolean,
  config: WhittleConfig,
): Generated {
  const t0 = performance.now();
  try {
    const result = optimize(text, context, { disabled, buildkit, config });
    return { ok: true, result, ms: performance.now() - t0 };
  } catch (err) {
    return { ok: false, error: toWhittleError(err) };
  }
}

export interface Analysis {
  /** Findings that remain in the (possibly edited) optimized text. */
  findings: Finding[];
  error: WhittleError | null;
  /** The text these findings belong to (lags the editor by the debounce). */
  text: string;
}

/** The user's text in the right editor and the generated text it was typed over. */
interface Edits {
  base: string;
  text: string;
}

interface Replaced {
  disabled: string[];
  edits: Edits;
}

/** `config` comes from the project's `.whittle.yaml` (disabled rules, severities, allowed bases). */
export function useOptimizer(
  original: string,
  context: ProjectContext,
  buildkit: boolean,
  config: WhittleConfig = DEFAULT_CONFIG,
) {
  const [disabled, setDisabled] = useState<string[]>([]);
  const generated = useMemo(
    () => generate(original, context, disabled, buildkit, config),
    [original, context, disabled, buildkit, config],
  );
  const generatedText = generated.ok ? generated.result.text : original;

  // The right editor's text: the user's edits while they still belong to the current generated
  // text, else the generated text. Derived, not synced in an effect, so a toggle costs one render;
  // the editor applies the new text as an undoable edit, so Ctrl+Z brings manual edits back.
  const [edits, setEdits] = useState<Edits | null>(null);
  const text = edits && edits.base === generatedText ? edits.text : generatedText;
  const edited = text !== generatedText;

  // What a toggle replaced: the user's edits and the fix settings they were made on. Kept across
  // further toggles made without new edits (Undo then goes back to before the first of them);
  // typing drops it, as Undo would then throw away the newer typing.
  const [replaced, setReplaced] = useState<Replaced | null>(null);

  const setText = useCallback(
    (t: string) => {
      setEdits({ base: generatedText, text: t });
      setReplaced(null);
    },
    [generatedText],
  );

  // The optimized Dockerfile ships with the proposed .dockerignore: judge it with that one.
  const proposedIgnore = generated.ok ? generated.result.dockerignore : null;
  const optimizedContext = useMemo(
    () => (proposedIgnore === null ? context : { ...context, dockerignore: proposedIgnore }),
    [context, proposedIgnore],
  );
  const settled = useDebounced(text, REANALYSE_MS);
  const analysis = useMemo<Analysis>(() => {
    try {
      return {
        findings: analyze(settled, optimizedContext, { buildkit, config }),
        error: null,
        text: settled,
      };
    } catch (err) {
      return { findings: [], error: toWhittleError(err), text: settled };
    }
  }, [settled, optimizedContext, buildkit, config]);

  const toggle = useCallback(
    (ruleId: string) => {
      if (edited && edits) setReplaced({ disabled, edits });
      setDisabled((d) => (d.includes(ruleId) ? d.filter((x) => x !== ruleId) : [...d, ruleId]));
    },
    [edited, edits, disabled],
  );

  // The edits are back in the editor when toggling returned to the text they were made on.
  const lostEdits = replaced && text !== replaced.edits.text ? replaced : null;
  const undoReplace = useCallback(() => {
    if (!lostEdits) return;
    setDisabled(lostEdits.disabled);
    setEdits(lostEdits.edits);
    setReplaced(null);
  }, [lostEdits]);
  const dismissReplace = useCallback(() => setReplaced(null), []);

  return {
    generated,
    disabled,
    toggle,
    text,
    setText,
    /** True when the right editor holds edits beyond what the optimizer generated. */
    edited,
    /** True when a toggled fix has replaced the user's edits with regenerated text. */
    editsReplaced: lostEdits !== null,
    /** Brings the replaced edits back, with the fix settings they were made on. */
    undoReplace,
    dismissReplace,
    analysis,
    reanalysing: settled !== text,
  };
}
