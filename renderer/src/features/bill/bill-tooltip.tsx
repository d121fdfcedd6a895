/** The hover card of a treemap cell: owner, kind, version, bytes, files and share of the image. */
import { formatBytes } from '../../../../shared/report/bytes';
import { KIND_STYLE } from './kind-style';
import { shareText, VARIANT_LABEL, type ImageBill, type TreeLeaf } from './bill-view';

interface Props {
  leaf: TreeLeaf;
  bill: ImageBill;
  /** Position inside the treemap's box, in px. */
  left: number;
  top: number;
}

export function BillTooltip({ leaf, bill, left, top }: Props) {
  const e = leaf.entry;
  const style = KIND_STYLE[e.kind];
  return (
    <div className="chart-tip bill-tip" style={{ left, top }} data-testid="bill-tooltip" aria-hidden="true">
      <div>
        <strong data-testid="bill-tooltip-owner">{e.name}</strong>
        {e.version && <span className="muted"> {e.version}</span>}
      </div>
      <div className="small">
        <span className="swatch" style={{ background: style.fill, marginLeft: 0 }} /> {style.label}
      </div>
      <div>
        <strong data-testid="bill-tooltip-bytes">{formatBytes(e.bytes)}</strong> ·{' '}
        <span data-testid="bill-tooltip-share">
          {shareText(e.bytes, bill.totalBytes)} of the {VARIANT_LABEL[bill.variant].toLowerCase()} image
        </span>
      </div>
      <div className="muted small">
        {e.files.toLocaleString()} {e.files === 1 ? 'file' : 'files'} · click for its largest files
      </div>
    </div>
  );
}
