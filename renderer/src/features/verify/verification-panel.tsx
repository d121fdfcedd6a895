/**
 * The verification of a compare: every check on both images, the fixes held back with the check
 * they broke and its evidence, and each fix's saving, estimated next to measured, with a waterfall
 * from the original's size to the optimized one (one bar per fix).
 */
import { FAR_BELOW_NOTE, farBelowEstimate } from '../../../../shared/report/estimate-vs-measured';
import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Verification } from '../../../../shared/api/verify';
import { formatBytes } from '../../../../shared/report/bytes';
import { BaseCandidatesCard } from '../base-candidates/base-candidates-card';
import { waterfallRows, type WaterfallRow } from './waterfall-data';

const STATUS: Record<Verification['status'], string> = {
  verified: 'Verified: every check passes',
  'original-fails': 'A check fails on the original too (not caused by Whittle)',
  unverified: 'Not verified in time: the original Dockerfile is offered',
};

const signed = (n: number | null) => (n === null ? '—' : n < 0 ? `−${formatBytes(-n)}` : formatBytes(n));

const FILL: Record<WaterfallRow['kind'], string> = {
  total: 'var(--c-optimized)',
  saving: 'var(--c-optimized-base)',
  growth: 'var(--c-original)',
};

function Waterfall({ rows }: { rows: WaterfallRow[] }) {
  return (
    <div style={{ width: '100%', height: 220 }} data-testid="savings-waterfall">
      <ResponsiveContainer>
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
          <XAxis dataKey="label" tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={(v: number) => formatBytes(v)} width={70} tick={{ fontSize: 11 }} />
          <Tooltip
            formatter={(_v, _n, item) => {
              const r = (item as { payload?: WaterfallRow }).payload!;
              return [r.kind === 'total' ? formatBytes(r.value) : signed(r.delta), r.label];
            }}
          />
          <Bar dataKey="base" stackId="w" fill="transparent" isAnimationActive={false} />
          <Bar dataKey="value" stackId="w" isAnimationActive={false}>
            {rows.map((r, i) => (
              <Cell key={i} fill={FILL[r.kind]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function VerificationPanel({
  v,
  originalBytes,
  optimizedBytes,
  baseImage,
  onPickBase,
}: {
  v: Verification;
  originalBytes: number;
  optimizedBytes: number;
  /** The final FROM in the right editor, and how to move it to another base candidate. */
  baseImage?: string | null;
  onPickBase?: (image: string) => void;
}) {
  const ok = v.status === 'verified';
  return (
    <section
      className={`card verification ${ok ? 'pass' : 'fail'}`}
      data-testid="verification"
      data-status={v.status}
    >
      <h3>
        {ok ? '✓' : '✗'} {STATUS[v.status]}
      </h3>
      <p className="muted small">
        {v.rebuilds} build(s) · {(v.elapsedMs / 1000).toFixed(1)} s of {Math.round(v.budgetMs / 1000)} s
        {v.note ? ` · ${v.note}` : ''}
      </p>
      <ul className="checks small">
        {v.checks.map((c) => (
          <li key={c.id} data-testid="check" data-check={c.id} data-status={c.optimized.status}>
            <strong>{c.title}</strong>: original {c.original.status}, optimized {c.optimized.status}
            {c.regression ? ' (regression)' : ''} — {c.optimized.summary}
          </li>
        ))}
      </ul>
      {v.heldBack.length > 0 && (
        <>
          <h4>Held back</h4>
          <ul className="small" data-testid="held-back">
            {v.heldBack.map((h, i) => (
              <li key={i}>
                <code>{h.ruleId}</code> broke <em>{h.checkId}</em>: {h.summary}
                {h.evidence.length > 0 && <pre className="small">{h.evidence.slice(0, 8).join('\n')}</pre>}
              </li>
            ))}
          </ul>
        </>
      )}
      {v.repairs.map((r, i) => (
        <p key={i} className="small">
          Repaired ({r.checkId}): {r.summary}
        </p>
      ))}
      {v.savings && v.savings.length > 0 && (
        <>
          <h4>Savings per fix</h4>
          <table className="small" data-testid="savings">
            <thead>
              <tr>
                <th>Fix</th>
                <th>Estimated</th>
                <th>Measured</th>
              </tr>
            </thead>
            <tbody>
              {v.savings.map((s) => (
                <tr key={s.ruleId} title={s.note}>
                  <td>
                    <code>{s.ruleId}</code> {s.title}
                  </td>
                  <td
                    className={farBelowEstimate(s.estimatedBytes, s.measuredBytes) ? 'far-below' : undefined}
                  >
                    {signed(s.estimatedBytes)}
                  </td>
                  <td
                    title={farBelowEstimate(s.estimatedBytes, s.measuredBytes) ? FAR_BELOW_NOTE : undefined}
                  >
                    {signed(s.measuredBytes)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Waterfall rows={waterfallRows(originalBytes, optimizedBytes, v.savings)} />
        </>
      )}
      <BaseCandidatesCard rows={v.baseCandidates ?? []} currentImage={baseImage} onPick={onPickBase} />
    </section>
  );
}
