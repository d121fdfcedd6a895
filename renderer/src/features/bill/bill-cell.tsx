/**
 * One treemap cell (an owner) drawn in SVG: filled with its kind's colour, labelled with its name
 * (and bytes where there is room), named for screen readers (`role="img"` + `aria-label`), and
 * telling the treemap when it is hovered or clicked. Kind groups (depth 1) draw nothing: their
 * owners cover them, and the colour already says the kind.
 */
import type { TreemapNode } from 'recharts';
import { formatBytes } from '../../../../shared/report/bytes';
import { KIND_STYLE } from './kind-style';
import type { TreeLeaf } from './bill-view';

/** What a cell needs besides its node. */
export interface CellContext {
  selectedId: string | null;
  highlightId: string | null;
  describe: (leaf: TreeLeaf) => string;
  onHover: (leaf: TreeLeaf | null, box?: { x: number; y: number; width: number; height: number }) => void;
  onSelect: (leaf: TreeLeaf) => void;
}

/** Characters that fit in `px` at the cell font (≈ 6.5 px each). */
const fit = (text: string, px: number): string => {
  const n = Math.floor((px - 8) / 6.5);
  if (n <= 1) return '';
  return text.length <= n ? text : `${text.slice(0, Math.max(1, n - 1))}…`;
};

/** Renders a treemap node; pass as `content={(node) => <BillCell node={node} ctx={ctx} />}`. */
export function BillCell({ node, ctx }: { node: TreemapNode; ctx: CellContext }) {
  const { x, y, width, height, depth } = node;
  const leaf = node as unknown as TreeLeaf & TreemapNode;
  if (depth !== 2 || !leaf.entry) return <g />;
  const style = KIND_STYLE[leaf.kind];
  const selected = ctx.selectedId === leaf.id;
  const highlighted = selected || ctx.highlightId === leaf.id;
  const name = fit(leaf.name, width);
  const bytes = height >= 34 ? fit(formatBytes(leaf.value), width) : '';
  return (
    <g
      role="img"
      aria-label={ctx.describe(leaf)}
      data-testid="bill-cell"
      data-owner={leaf.entry.name}
      data-kind={leaf.kind}
      data-selected={selected}
      className="bill-cell"
      onMouseEnter={() => ctx.onHover(leaf, { x, y, width, height })}
      onMouseLeave={() => ctx.onHover(null)}
      onClick={() => ctx.onSelect(leaf)}
    >
      <rect
        x={x}
        y={y}
        width={Math.max(0, width)}
        height={Math.max(0, height)}
        fill={style.fill}
        stroke={highlighted ? 'var(--fg)' : 'var(--panel)'}
        strokeWidth={highlighted ? 3 : 1}
      />
      {name && height >= 16 && (
        <text x={x + 4} y={y + 13} fill={style.fg} fontSize={11} pointerEvents="none">
          {name}
        </text>
      )}
      {bytes && (
        <text x={x + 4} y={y + 27} fill={style.fg} fontSize={11} opacity={0.85} pointerEvents="none">
          {bytes}
        </text>
      )}
    </g>
  );
}
