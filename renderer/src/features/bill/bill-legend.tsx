/** The legend of kinds shared by both treemaps (only the kinds either image has). */
import type { BillKind } from '../../../../shared/api/bill';
import { KIND_STYLE } from './kind-style';

export function BillLegend({ kinds }: { kinds: BillKind[] }) {
  return (
    <ul className="bill-legend small" aria-label="Kinds of owner" data-testid="bill-legend">
      {kinds.map((k) => (
        <li key={k} data-kind={k}>
          <span className="swatch" style={{ background: KIND_STYLE[k].fill, marginLeft: 0 }} />{' '}
          {KIND_STYLE[k].label}
        </li>
      ))}
    </ul>
  );
}
