/**
 * The bill of bytes of a compare (issue 13): the optimized image's treemap by owner with the
 * original's beside it on the same scale, one legend of kinds, each treemap's owner list (the
 * keyboard route), the drill-down of the owner picked, and what left, what came in and the largest
 * owners left. Shows nothing when the compare carries no bill (layer contents not analysed).
 */
import { useCallback, useRef, useState } from 'react';
import type { BillComparison, BillEntry } from '../../../../shared/api/bill';
import { BillComparisonView } from './bill-comparison';
import { BillLegend } from './bill-legend';
import { BillOwnerList } from './bill-owner-list';
import { BillOwnerPanel } from './bill-owner-panel';
import { BillTreemap } from './bill-treemap';
import {
  kindsPresent,
  ownerId,
  treemapScales,
  type BillVariant,
  type ImageBill,
  type SelectedOwner,
  type TreeLeaf,
} from './bill-view';

interface Props {
  original?: ImageBill;
  optimized?: ImageBill;
  comparison?: BillComparison;
}

export function BillPanel({ original, optimized, comparison }: Props) {
  const [selected, setSelected] = useState<SelectedOwner | null>(null);
  const [highlightId, setHighlightId] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);

  const select = useCallback((variant: BillVariant, entry: BillEntry, from?: HTMLElement) => {
    opener.current = from ?? null;
    setSelected({ variant, entry });
  }, []);
  // Stable per image, so a treemap is not redrawn for every hover elsewhere.
  const onSelectOriginal = useCallback((l: TreeLeaf) => select('original', l.entry), [select]);
  const onSelectOptimized = useCallback((l: TreeLeaf) => select('optimized', l.entry), [select]);

  const close = useCallback(() => {
    setSelected(null);
    // Back to the button that opened it (a treemap click has none: focus stays where it was).
    if (opener.current?.isConnected) opener.current.focus();
  }, []);

  if (!original && !optimized) return null;
  const bills = [optimized, original].filter((b): b is ImageBill => !!b);
  const scales = treemapScales(original?.totalBytes ?? 0, optimized?.totalBytes ?? 0);
  const selectedId = selected ? ownerId(selected.variant, selected.entry) : null;
  const selectedBill = selected ? (selected.variant === 'original' ? original : optimized) : undefined;
  const otherBill = selected ? (selected.variant === 'original' ? optimized : original) : undefined;
  const note = optimized?.note ?? original?.note;

  return (
    <section className="card bill" data-testid="bill-panel" aria-labelledby="bill-title">
      <h3 id="bill-title">
        Bill of bytes{' '}
        <span className="muted small">
          (every byte by owner; areas to one scale
          {scales.clamped ? ', the smaller image enlarged to stay readable' : ''})
        </span>
      </h3>
      <BillLegend kinds={kindsPresent(...bills)} />
      <div className="bill-images">
        {bills.map((b) => (
          <div className="bill-image" key={b.variant}>
            <BillTreemap
              bill={b}
              scale={scales[b.variant]}
              selectedId={selectedId}
              highlightId={highlightId}
              onSelect={b.variant === 'original' ? onSelectOriginal : onSelectOptimized}
            />
            <BillOwnerList
              bill={b}
              selectedId={selectedId}
              onSelect={(e, from) => select(b.variant, e, from)}
              onHighlight={setHighlightId}
            />
          </div>
        ))}
      </div>
      {selected && selectedBill && (
        <BillOwnerPanel owner={selected} bill={selectedBill} other={otherBill} onClose={close} />
      )}
      {comparison && optimized && (
        <BillComparisonView comparison={comparison} optimized={optimized} onSelect={select} />
      )}
      {note && (
        <p className="muted small" data-testid="bill-note">
          {note}
        </p>
      )}
    </section>
  );
}
