/**
 * The treemap's keyboard and screen-reader companion: one image's owners as a table, largest
 * first, each owner a button (Tab to reach, Enter/Space to open its files). Focus or hover on a
 * row outlines its treemap cell. The first `limit` rows show; "Show all" lists the rest.
 */
import { useState } from 'react';
import { formatBytes } from '../../../../shared/report/bytes';
import { KIND_STYLE } from './kind-style';
import { ownerId, ownerLabel, shareText, VARIANT_LABEL, type ImageBill } from './bill-view';
import type { BillEntry } from '../../../../shared/api/bill';

interface Props {
  bill: ImageBill;
  selectedId: string | null;
  onSelect: (entry: BillEntry, opener: HTMLElement) => void;
  onHighlight: (id: string | null) => void;
  limit?: number;
}

/** The id of the owner panel the buttons open (for aria-controls). */
export const OWNER_PANEL_ID = 'bill-owner-panel';

export function BillOwnerList({ bill, selectedId, onSelect, onHighlight, limit = 8 }: Props) {
  const [all, setAll] = useState(false);
  const rows = all ? bill.entries : bill.entries.slice(0, limit);
  const label = `${VARIANT_LABEL[bill.variant]} image: owners by bytes`;
  return (
    <div className="bill-owner-list" data-testid={`bill-owners-${bill.variant}`}>
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Owner</th>
            <th scope="col">Kind</th>
            <th scope="col" className="num">
              Bytes
            </th>
            <th scope="col" className="num">
              Share
            </th>
          </tr>
        </thead>
        <tbody onMouseLeave={() => onHighlight(null)}>
          {rows.map((e) => {
            const id = ownerId(bill.variant, e);
            const style = KIND_STYLE[e.kind];
            return (
              <tr key={id} onMouseEnter={() => onHighlight(id)}>
                <td>
                  <button
                    type="button"
                    className="link-button"
                    data-testid="bill-owner"
                    data-owner={e.name}
                    aria-expanded={selectedId === id}
                    aria-controls={selectedId === id ? OWNER_PANEL_ID : undefined}
                    onClick={(ev) => onSelect(e, ev.currentTarget)}
                    onFocus={() => onHighlight(id)}
                    onBlur={() => onHighlight(null)}
                  >
                    {ownerLabel(e)}
                  </button>
                </td>
                <td className="small">
                  <span className="swatch" style={{ background: style.fill, marginLeft: 0 }} /> {style.label}
                </td>
                <td className="num">{formatBytes(e.bytes)}</td>
                <td className="num">{shareText(e.bytes, bill.totalBytes)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {bill.entries.length > limit && (
        <button type="button" className="link-button small" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? `Show the largest ${limit}` : `Show all ${bill.entries.length} owners`}
        </button>
      )}
    </div>
  );
}
