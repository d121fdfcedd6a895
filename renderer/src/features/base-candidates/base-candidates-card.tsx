/**
 * The bases tried for the final stage (issue 14 §3): a bar per candidate (its image size, coloured
 * by its verdict), then a row each with the build time, the checks and, for a failure, the check
 * and its evidence. A candidate that passed can be picked: the right editor's final FROM is
 * rewritten to it (`onPick`).
 */
import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BaseCandidate } from '../../../../shared/api/verify';
import { formatBytes } from '../../../../shared/report/bytes';

/** Bar data: one entry per built candidate, in the order they were tried. */
export interface BaseBar {
  image: string;
  label: string;
  sizeBytes: number;
  status: BaseCandidate['status'];
  chosen: boolean;
}

/** `gcr.io/distroless/base-debian12` → `distroless/base-debian12`; official images as they are. */
export const shortImage = (image: string): string => image.replace(/^gcr\.io\//, '');

/** The candidates that were built (a size to draw), as bars. */
export function baseBars(rows: readonly BaseCandidate[]): BaseBar[] {
  return rows
    .filter((r) => r.sizeBytes !== null)
    .map((r) => ({
      image: r.image,
      label: shortImage(r.image),
      sizeBytes: r.sizeBytes!,
      status: r.status,
      chosen: r.chosen,
    }));
}

const fill = (b: BaseBar): string =>
  b.status === 'fail' ? 'var(--c-original)' : b.chosen ? 'var(--c-optimized)' : 'var(--c-optimized-base)';

const verdict = (r: BaseCandidate): string =>
  r.status === 'pass'
    ? `passes ${r.passed.length} check${r.passed.length === 1 ? '' : 's'}`
    : r.status === 'fail'
      ? `fails ${r.failed.map((f) => f.checkId).join(', ')}`
      : 'not built';

export function BaseCandidatesCard({
  rows,
  currentImage,
  onPick,
}: {
  rows: readonly BaseCandidate[];
  /** The final FROM image in the right editor now (its row shows "in the editor"). */
  currentImage?: string | null;
  onPick?: (image: string) => void;
}) {
  if (!rows.length) return null;
  const bars = baseBars(rows);
  return (
    <div className="base-candidates" data-testid="base-candidates">
      <h4>Base image, chosen by measurement</h4>
      <p className="muted small">
        Each base was built with only the final FROM swapped and checked like the rewrite; the smallest that
        passes every check is offered.
      </p>
      {bars.length > 0 && (
        <div style={{ width: '100%', height: 200 }} data-testid="base-chart">
          <ResponsiveContainer>
            <BarChart data={bars} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
              <XAxis dataKey="label" tick={{ fontSize: 11 }} />
              <YAxis tickFormatter={(v: number) => formatBytes(v)} width={70} tick={{ fontSize: 11 }} />
              <Tooltip
                formatter={(v, _n, item) => {
                  const b = (item as { payload?: BaseBar }).payload!;
                  return [`${formatBytes(Number(v))} · ${b.status}${b.chosen ? ' · chosen' : ''}`, b.image];
                }}
              />
              <Bar dataKey="sizeBytes" isAnimationActive={false}>
                {bars.map((b) => (
                  <Cell key={b.image} fill={fill(b)} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <table className="small" data-testid="base-table">
        <thead>
          <tr>
            <th>Base</th>
            <th>Size</th>
            <th>Build</th>
            <th>Checks</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.image}
              data-testid="base-row"
              data-image={r.image}
              data-status={r.status}
              data-chosen={r.chosen ? 'true' : 'false'}
              title={r.reason}
            >
              <td>
                <code>{shortImage(r.image)}</code>
                {r.chosen ? ' ✓ chosen' : ''}
                {r.isStatic ? <span className="muted"> · static choice</span> : null}
              </td>
              <td>{r.sizeBytes === null ? '—' : formatBytes(r.sizeBytes)}</td>
              <td>{r.buildMs === null ? '—' : `${(r.buildMs / 1000).toFixed(1)} s`}</td>
              <td>
                {verdict(r)}
                {r.note ? <span className="muted"> ({r.note})</span> : null}
                {r.failed.map((f) => (
                  <div key={f.checkId}>
                    <em>{f.checkId}</em>: {f.summary}
                    {f.evidence.length > 0 && (
                      <pre className="small">{f.evidence.slice(0, 6).join('\n')}</pre>
                    )}
                  </div>
                ))}
              </td>
              <td>
                {r.status === 'pass' && onPick && currentImage !== r.image ? (
                  <button type="button" data-testid="pick-base" onClick={() => onPick(r.image)}>
                    Use this base
                  </button>
                ) : currentImage === r.image ? (
                  <span className="muted">in the editor</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
