/** Runtime config keys that differ between the images (user, cmd, ports, env …). */
import type { ConfigDifference } from '../../../../shared/api/contract';

const show = (v: unknown) =>
  v === null || v === undefined ? '—' : typeof v === 'string' ? v || '""' : JSON.stringify(v);

export function ConfigDiff({ diffs }: { diffs: ConfigDifference[] }) {
  return (
    <section className="card config-diff" data-testid="config-diff">
      <h3>Runtime config differences</h3>
      {diffs.length === 0 ? (
        <p className="muted">None: both images start the same way.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Key</th>
              <th>Original</th>
              <th>Optimized</th>
            </tr>
          </thead>
          <tbody>
            {diffs.map((d) => (
              <tr key={d.key}>
                <td>
                  <code>{d.key}</code>
                </td>
                <td>
                  <code>{show(d.original)}</code>
                </td>
                <td>
                  <code>{show(d.optimized)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
