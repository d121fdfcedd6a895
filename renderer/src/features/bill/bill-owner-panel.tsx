/**
 * The drill-down of one owner: kind, version, bytes and share of its image, how many files, how
 * much came with the base image, the same owner in the other image, its largest files and the
 * rule or advice that addresses it. Focus moves to its heading when it opens; Escape closes it.
 */
import { useEffect, useRef } from 'react';
import { formatBytes } from '../../../../shared/report/bytes';
import { AddressedBy } from './addressed-by';
import { OWNER_PANEL_ID } from './bill-owner-list';
import {
  ownerLabel,
  sameOwner,
  shareText,
  VARIANT_LABEL,
  type ImageBill,
  type SelectedOwner,
} from './bill-view';
import { KIND_STYLE } from './kind-style';

interface Props {
  owner: SelectedOwner;
  bill: ImageBill;
  /** The other image's bill, to say what the same owner weighs there. */
  other?: ImageBill;
  onClose: () => void;
}

export function BillOwnerPanel({ owner, bill, other, onClose }: Props) {
  const e = owner.entry;
  const style = KIND_STYLE[e.kind];
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [e]);
  const there = other ? sameOwner(other, e) : undefined;
  const files = e.largestFiles ?? [];
  return (
    <section
      id={OWNER_PANEL_ID}
      className="card bill-owner-panel"
      data-testid="bill-owner-panel"
      data-owner={e.name}
      aria-labelledby={`${OWNER_PANEL_ID}-title`}
      onKeyDown={(ev) => {
        if (ev.key === 'Escape') {
          ev.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="row">
        <h3 id={`${OWNER_PANEL_ID}-title`} ref={heading} tabIndex={-1}>
          {ownerLabel(e)}{' '}
          <span className="muted small">
            <span className="swatch" style={{ background: style.fill }} /> {style.label} ·{' '}
            {VARIANT_LABEL[owner.variant].toLowerCase()} image
          </span>
        </h3>
        <button type="button" onClick={onClose} aria-label={`Close ${ownerLabel(e)}`}>
          Close
        </button>
      </header>
      <p data-testid="bill-owner-figures">
        <strong>{formatBytes(e.bytes)}</strong> ({shareText(e.bytes, bill.totalBytes)} of the image) in{' '}
        {e.files.toLocaleString()} {e.files === 1 ? 'file' : 'files'}
        {e.baseBytes ? ` · ${formatBytes(e.baseBytes)} of it came with the base image` : ''}
        {e.kind === 'reclaimable' && e.layer !== undefined ? ` · stored by layer ${e.layer}` : ''}
        {other &&
          (there
            ? ` · ${VARIANT_LABEL[other.variant].toLowerCase()} image: ${formatBytes(there.bytes)}`
            : ` · not in the ${VARIANT_LABEL[other.variant].toLowerCase()} image`)}
      </p>
      {e.addressedBy && (
        <p>
          <AddressedBy address={e.addressedBy} />
        </p>
      )}
      {files.length > 0 ? (
        <table
          className="files"
          data-testid="bill-owner-files"
          aria-label={`Largest files of ${ownerLabel(e)}`}
        >
          <thead>
            <tr>
              <th scope="col">Largest files</th>
              <th scope="col" className="num">
                Bytes
              </th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.path}>
                <td className="path">
                  <code>{f.path}</code>
                </td>
                <td className="num">{formatBytes(f.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted" data-testid="bill-owner-no-files">
          No file list for this owner.
        </p>
      )}
    </section>
  );
}
