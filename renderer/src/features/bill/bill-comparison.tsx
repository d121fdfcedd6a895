/**
 * The two bills side by side in words (`CompareReport.billComparison`): what left the image, what
 * came in (e.g. runtime libraries a multi-stage build keeps), and the 10 largest owners left, each
 * with the rule or advice that addresses it. Owner names open the same drill-down as the treemap.
 */
import type { BillComparison, BillEntry } from '../../../../shared/api/bill';
import { formatBytes } from '../../../../shared/report/bytes';
import { AddressedBy } from './addressed-by';
import { ownerLabel, shareText, type BillVariant, type ImageBill } from './bill-view';
import { KIND_STYLE } from './kind-style';

interface Props {
  comparison: BillComparison;
  /** For the shares of the largest owners left. */
  optimized: ImageBill;
  onSelect: (variant: BillVariant, entry: BillEntry, opener: HTMLElement) => void;
}

const sum = (es: BillEntry[]) => es.reduce((s, e) => s + e.bytes, 0);

function OwnerButton({
  e,
  variant,
  onSelect,
}: {
  e: BillEntry;
  variant: BillVariant;
  onSelect: Props['onSelect'];
}) {
  return (
    <button
      type="button"
      className="link-button"
      data-owner={e.name}
      onClick={(ev) => onSelect(variant, e, ev.currentTarget)}
    >
      <span className="swatch" style={{ background: KIND_STYLE[e.kind].fill, marginLeft: 0 }} />{' '}
      {ownerLabel(e)}
    </button>
  );
}

function Moved({
  title,
  entries,
  variant,
  sign,
  testid,
  onSelect,
  limit = 10,
}: {
  title: string;
  entries: BillEntry[];
  variant: BillVariant;
  sign: '−' | '+';
  testid: string;
  onSelect: Props['onSelect'];
  limit?: number;
}) {
  return (
    <div data-testid={testid} data-count={entries.length}>
      <h4>
        {title}:{' '}
        <span className="muted small">
          {entries.length === 0
            ? 'nothing'
            : `${sign}${formatBytes(sum(entries))} in ${entries.length} ${entries.length === 1 ? 'owner' : 'owners'}`}
        </span>
      </h4>
      {entries.length > 0 && (
        <ul className="bill-moved">
          {entries.slice(0, limit).map((e) => (
            <li key={`${e.kind}|${e.name}|${e.layer ?? ''}`}>
              <OwnerButton e={e} variant={variant} onSelect={onSelect} />{' '}
              <span className="muted small">{formatBytes(e.bytes)}</span>
            </li>
          ))}
          {entries.length > limit && <li className="muted small">…and {entries.length - limit} more</li>}
        </ul>
      )}
    </div>
  );
}

export function BillComparisonView({ comparison, optimized, onSelect }: Props) {
  return (
    <div className="bill-comparison" data-testid="bill-comparison">
      <div className="bill-moved-grid">
        <Moved
          title="What left"
          entries={comparison.left}
          variant="original"
          sign="−"
          testid="bill-left"
          onSelect={onSelect}
        />
        <Moved
          title="What came in"
          entries={comparison.cameIn}
          variant="optimized"
          sign="+"
          testid="bill-came-in"
          onSelect={onSelect}
        />
      </div>
      <h4>Largest owners left, and what addresses them</h4>
      <table className="bill-largest" data-testid="bill-largest-left">
        <thead>
          <tr>
            <th scope="col">Owner</th>
            <th scope="col" className="num">
              Bytes
            </th>
            <th scope="col" className="num">
              Share
            </th>
            <th scope="col">What addresses it</th>
          </tr>
        </thead>
        <tbody>
          {comparison.largestLeft.map((e) => (
            <tr key={`${e.kind}|${e.name}|${e.layer ?? ''}`} data-testid="bill-largest-row">
              <td>
                <OwnerButton e={e} variant="optimized" onSelect={onSelect} />
              </td>
              <td className="num">{formatBytes(e.bytes)}</td>
              <td className="num">{shareText(e.bytes, optimized.totalBytes)}</td>
              <td className="small">
                {e.addressedBy ? <AddressedBy address={e.addressedBy} /> : <span className="muted">—</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
