/**
 * The right editor and the measured base choice: once the verification's held-back fixes are off
 * in the editor, a base chosen by measurement (not the optimizer's static one) is put there as
 * the verified text; `pick` moves the final FROM to another candidate the user prefers.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Verification } from '../../../../shared/api/verify';
import { finalStage, writtenImage } from '../../../../shared/dockerfile/model';
import { parseDockerfile } from '../../../../shared/dockerfile/parse';
import { applyBaseCandidate } from '../../../../shared/optimizer/base-candidates';

/** The image after the final FROM of `text`, or null when it does not parse. */
export function finalImageOf(text: string): string | null {
  try {
    const m = parseDockerfile(text);
    return m.stages.length ? writtenImage(finalStage(m)) : null;
  } catch {
    return null;
  }
}

export function useBaseChoice(
  opt: { text: string; setText: (t: string) => void; disabled: readonly string[] },
  v: Verification | undefined,
): { currentImage: string | null; pick: (image: string) => void } {
  const applied = useRef<Verification | null>(null);
  const { text, setText, disabled } = opt;
  useEffect(() => {
    if (!v || applied.current === v) return;
    const chosen = v.baseCandidates?.find((c) => c.chosen);
    if (!chosen || chosen.isStatic) return;
    // Wait for the held-back fixes to be turned off, so the text below is not regenerated over.
    if (!v.heldBack.every((h) => disabled.includes(h.ruleId))) return;
    applied.current = v;
    if (text !== v.offeredText) setText(v.offeredText);
  }, [v, text, setText, disabled]);
  const pick = useCallback(
    (image: string) => {
      const next = applyBaseCandidate(text, image);
      if (next) setText(next);
    },
    [text, setText],
  );
  const currentImage = useMemo(() => finalImageOf(text), [text]);
  return { currentImage, pick };
}
