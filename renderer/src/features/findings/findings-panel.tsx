/**
 * Findings on the original Dockerfile, one card per rule: severity, rule id + hadolint id,
 * explanation, estimated savings, and a toggle for the rule's fix. Below: what remains in the
 * (possibly edited) optimized text, re-analysed as the user types.
 */
import { formatBytes } from '../../../../shared/report/bytes';
import type { HeldBackFix, MeasuredSaving } from '../../../../shared/api/verify';
import { FAR_BELOW_NOTE, farBelowEstimate } from '../../../../shared/report/estimate-vs-measured';
import { SOURCE_LABEL } from '../../../../shared/optimizer/savings-summary';
import type { Finding } from '../../../../shared/rules/types';
import type { Analysis } from '../optimize/use-optimizer';
import { ruleMeta } from './rule-meta';

interface Props {
  findings: Finding[];
  disabled: string[];
  onToggle: (ruleId: string) => void;
  analysis: Analysis;
  reanalysing: boolean;
  onReveal: (line: number) => void;
  /** Fixes the last verification held back (the check each broke, with evidence). */
  heldBack?: HeldBackFix[];
  /** True when the original Dockerfile does not parse: no findings, but not "no problems" either. */
  notAnalysed?: boolean;
  /** Each applied fix's measured saving from the last verification (shown in place of the estimate). */
  measured?: MeasuredSaving[];
}

interface Group {
  ruleId: string;
  findings: Finding[];
}

function groupByRule(findings: Finding[]): Group[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(f.ruleId, [...(groups.get(f.ruleId) ?? []), f]);
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...groups]
    .map(([ruleId, fs]) => ({ ruleId, findings: fs }))
    .sort(
      (a, b) =>
        rank[a.findings[0]!.severity] - rank[b.findings[0]!.severity] || a.ruleId.localeCompare(b.ruleId),
    );
}

function savings(fs: Finding[]): number {
  return fs.reduce((sum, f) => sum + (f.estimatedBytes ?? 0), 0);
}

const signedBytes = (n: number): string => (n < 0 ? `−${formatBytes(-n)}` : formatBytes(n));

/** The sources of a card's figures ("daemon's image sizes", "catalog (Docker Hub's images)"…) and their notes. */
function basis(fs: Finding[]): { label: string; notes: string[] } {
  const claimed = fs.filter((f) => f.estimatedBytes);
  const sources = [...new Set(claimed.map((f) => f.estimate?.source ?? 'typical'))];
  return {
    label: sources.map((k) => SOURCE_LABEL[k]).join(' + '),
    notes: [...new Set(fs.flatMap((f) => (f.estimate?.note ? [f.estimate.note] : [])))],
  };
}

function FindingCard({
  group,
  enabled,
  onToggle,
  onReveal,
  held,
  measured,
}: {
  group: Group;
  enabled: boolean;
  onToggle: () => void;
  onReveal: (l: number) => void;
  held: HeldBackFix[];
  measured: MeasuredSaving | undefined;
}) {
  const meta = ruleMeta(group.ruleId);
  const first = group.findings[0]!;
  const bytes = savings(group.findings);
  const est = basis(group.findings);
  const fixable = meta?.fixable ?? false;
  const fixed = group.findings.some((f) => f.fixed);
  return (
    <li className={`finding sev-${first.severity}`} data-testid="finding" data-rule={group.ruleId}>
      <div className="finding-head">
        <span className={`sev sev-${first.severity}`}>{first.severity}</span>
        <code className="rule-id">{group.ruleId}</code>
        {meta?.hadolint && (
          <code className="rule-id muted" title="hadolint rule">
            {meta.hadolint}
          </code>
        )}
        {measured && measured.measuredBytes !== null ? (
          <span
            className={`savings${farBelowEstimate(bytes || null, measured.measuredBytes) ? ' far-below' : ''}`}
            data-testid="measured"
            title={[
              'Measured: the image size with this fix off minus with it on',
              ...(farBelowEstimate(bytes || null, measured.measuredBytes) ? [FAR_BELOW_NOTE] : []),
            ].join('\n')}
          >
            {signedBytes(measured.measuredBytes)} measured
            {bytes > 0 && (
              <span className="muted small">
                {' '}
                (estimated ≈ {formatBytes(bytes)}, {est.label})
              </span>
            )}
          </span>
        ) : (
          bytes > 0 && (
            <span
              className="savings"
              data-testid="estimate"
              title={[`Estimated savings (${est.label})`, ...est.notes].join('\n')}
            >
              ≈ {formatBytes(bytes)} <span className="muted small">{est.label}</span>
            </span>
          )
        )}
      </div>
      <div className="finding-title">{meta?.title ?? first.message}</div>
      <p className="finding-why">{first.message}</p>
      {meta?.why && (
        <details>
          <summary>Why it matters</summary>
          <p>{meta.why}</p>
        </details>
      )}
      <div className="finding-foot">
        <span className="lines">
          {group.findings.map((f, i) =>
            f.line > 0 ? (
              <button type="button" className="link" key={i} onClick={() => onReveal(f.line)}>
                line {f.line}
              </button>
            ) : (
              <span key={i} className="muted">
                project
              </span>
            ),
          )}
        </span>
        {fixable ? (
          <label
            className="toggle"
            title={enabled ? 'Fix applied in the optimized Dockerfile' : 'Fix turned off'}
          >
            <input
              type="checkbox"
              aria-label={`Fix ${group.ruleId}: ${meta?.title ?? first.message}`}
              checked={enabled}
              onChange={onToggle}
              data-testid={`toggle-${group.ruleId}`}
            />
            <span>{enabled ? (fixed ? 'Fixed' : 'Fix on') : 'Fix off'}</span>
          </label>
        ) : (
          <span className="muted small" title={first.risk}>
            Advice only
          </span>
        )}
      </div>
      {bytes === 0 && est.notes.length > 0 && (
        <p className="muted small" data-testid="estimate-note">
          {est.notes.join('; ')}
        </p>
      )}
      {!fixed && enabled && first.risk && <p className="risk small">Not fixed automatically: {first.risk}</p>}
      {held.map((h, i) => (
        <p key={i} className="risk small" data-testid="held-back-finding" title={h.evidence.join('\n')}>
          Held back: with this fix the image failed “{h.checkId}” — {h.summary}
        </p>
      ))}
    </li>
  );
}

export function FindingsPanel({
  findings,
  disabled,
  onToggle,
  analysis,
  reanalysing,
  onReveal,
  heldBack = [],
  notAnalysed = false,
  measured,
}: Props) {
  const groups = groupByRule(findings);
  return (
    <aside className="findings" data-testid="findings-panel">
      <header className="findings-header">
        <h2>
          Findings {/* One number for the cards: a rule found on several lines is one card, one finding. */}
          <span
            className="count"
            data-testid="findings-count"
            title={`${groups.length} rules, found in ${findings.length} places`}
          >
            {groups.length}
          </span>
        </h2>
        {/* No grand total: findings overlap (a slim base and a multi-stage split save the same bytes). */}
      </header>
      {notAnalysed ? (
        <p className="muted empty" data-testid="not-analysed">
          Not analysed: the Dockerfile does not parse. Fix it in the optimized editor to see its findings.
        </p>
      ) : groups.length === 0 ? (
        <p className="muted empty" data-testid="no-findings">
          No size problems found in this Dockerfile.
        </p>
      ) : (
        <ul className="finding-list">
          {groups.map((g) => (
            <FindingCard
              key={g.ruleId}
              group={g}
              enabled={!disabled.includes(g.ruleId)}
              onToggle={() => onToggle(g.ruleId)}
              onReveal={onReveal}
              held={heldBack.filter((h) => h.ruleId === g.ruleId)}
              measured={measured?.find((m) => m.ruleId === g.ruleId)}
            />
          ))}
        </ul>
      )}
      <section className="remaining" data-testid="remaining" data-analysing={reanalysing} aria-live="polite">
        <h3>
          Still in the optimized Dockerfile{' '}
          <span className="count" data-testid="remaining-count">
            {analysis.error ? '!' : analysis.findings.length}
          </span>
          {reanalysing && <span className="muted small"> · analysing…</span>}
        </h3>
        {analysis.error ? (
          <p className="error small" data-testid="remaining-error">
            {analysis.error.message}
          </p>
        ) : (
          <ul className="remaining-list">
            {analysis.findings.map((f, i) => (
              <li key={i} data-testid="remaining-finding" data-rule={f.ruleId}>
                <span className={`dot sev-${f.severity}`} /> <code>{f.ruleId}</code>{' '}
                {f.line > 0 ? `line ${f.line}: ` : ''}
                {ruleMeta(f.ruleId)?.title ?? f.message}
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  );
}
