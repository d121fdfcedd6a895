/**
 * One image's bill as a treemap (recharts `Treemap`): a cell per owner, area ∝ bytes, grouped and
 * coloured by kind. `scale` sizes the box so the two images' treemaps share one scale (see
 * `treemapScales`). Hover shows the owner card; click selects the owner. The keyboard route to the
 * same owners is the list beside it (`BillOwnerList`), which highlights the cell it has focus on.
 */
import { useCallback, useMemo, useState } from 'react';
import { ResponsiveContainer, Treemap } from 'recharts';
import { formatBytes } from '../../../../shared/report/bytes';
import { BillCell, type CellContext } from './bill-cell';
import { BillTooltip } from './bill-tooltip';
import { ownerSummary, treemapGroups, VARIANT_LABEL, type ImageBill, type TreeLeaf } from './bill-view';

interface Props {
  bill: ImageBill;
  /** Width as a fraction of the column (0–1]. */
  scale: number;
  selectedId: string | null;
  highlightId: string | null;
  onSelect: (leaf: TreeLeaf) => void;
}

/** Width / height of every treemap box. */
const ASPECT = 1.6;
const TIP_W = 280;

interface Hover {
  leaf: TreeLeaf;
  box: { x: number; y: number; width: number; height: number };
}

export function BillTreemap({ bill, scale, selectedId, highlightId, onSelect }: Props) {
  const groups = useMemo(() => treemapGroups(bill), [bill]);
  const [hover, setHover] = useState<Hover | null>(null);
  const [boxWidth, setBoxWidth] = useState(0);
  const onHover = useCallback<CellContext['onHover']>(
    (leaf, box) => setHover(leaf && box ? { leaf, box } : null),
    [],
  );
  const describe = useCallback((leaf: TreeLeaf) => ownerSummary(leaf.entry, bill), [bill]);

  // The chart itself does not depend on the hover, so moving the mouse re-renders only the card.
  const chart = useMemo(() => {
    const ctx: CellContext = { selectedId, highlightId, describe, onHover, onSelect };
    return (
      <ResponsiveContainer width="100%" aspect={ASPECT} onResize={(w) => setBoxWidth(w)}>
        <Treemap
          data={groups}
          dataKey="value"
          nameKey="name"
          isAnimationActive={false}
          content={(node) => <BillCell node={node} ctx={ctx} />}
        />
      </ResponsiveContainer>
    );
  }, [groups, selectedId, highlightId, describe, onHover, onSelect]);

  const tip = hover && tipPosition(hover.box, boxWidth, boxWidth / ASPECT);
  return (
    <figure
      className="bill-treemap"
      data-testid={`bill-treemap-${bill.variant}`}
      data-owners={bill.entries.length}
      aria-label={`${VARIANT_LABEL[bill.variant]} image by owner: ${formatBytes(bill.totalBytes)} in ${bill.entries.length} owners`}
    >
      <figcaption>
        <strong>{VARIANT_LABEL[bill.variant]}</strong>{' '}
        <span className="muted small" data-testid={`bill-total-${bill.variant}`}>
          {formatBytes(bill.totalBytes)} · {bill.entries.length} owners
        </span>
      </figcaption>
      <div className="bill-treemap-box" style={{ width: `${(scale * 100).toFixed(2)}%` }}>
        {chart}
        {hover && tip && <BillTooltip leaf={hover.leaf} bill={bill} left={tip.left} top={tip.top} />}
      </div>
    </figure>
  );
}

/** Below the cell when there is room under it in the box, else above it; kept inside the box's width. */
function tipPosition(box: Hover['box'], width: number, height: number): { left: number; top: number } {
  const left = Math.max(0, Math.min(box.x, width - TIP_W));
  const below = box.y + Math.min(box.height, 40) + 6;
  return { left, top: below + 100 <= height ? below : Math.max(0, box.y - 104) };
}
