/**
 * Runtime config keys that differ between the images (user, cmd, ports, env …), in words
 * (config-values.ts). List values show each item once; an item only one image has is marked.
 */
import type { ConfigDifference } from '../../../../shared/api/contract';
import { KEY_LABELS, showConfigValue } from './config-values';

function Value({ d, side }: { d: ConfigDifference; side: 'original' | 'optimized' }) {
  const shown = showConfigValue(d.key, d[side]);
  if (shown.kind === 'text')
    return shown.placeholder ? (
      <span className="muted config-placeholder">{shown.text}</span>
    ) : (
      <code>{shown.text}</code>
    );
  const other = showConfigValue(d.key, d[side === 'original' ? 'optimized' : 'original']);
  const otherItems = new Set(other.kind === 'list' ? other.items : []);
  return (
    <ul className="config-list">
      {shown.items.map((item) => {
        const only = !otherItems.has(item);
        return (
          <li
            key={item}
            className={only ? 'only-here' : undefined}
            title={only ? `Only in the ${side} image` : undefined}
          >
            <code>{item}</code>
          </li>
        );
      })}
    </ul>
  );
}

export function ConfigDiff({ diffs }: { diffs: ConfigDifference[] }) {
  return (
    <section className="card config-diff" data-testid="config-diff">
      <h3>Runtime config differences</h3>
      {diffs.length === 0 ? (
        <p className="muted">None: both images start the same way.</p>
      ) : (
        <table>
          <colgroup>
            <col className="config-key" />
            <col />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th>Setting</th>
              <th>Original</th>
              <th>Optimized</th>
            </tr>
          </thead>
          <tbody>
            {diffs.map((d) => (
              <tr key={d.key} data-key={d.key}>
                <td>{KEY_LABELS[d.key] ?? d.key}</td>
                <td data-side="original">
                  <Value d={d} side="original" />
                </td>
                <td data-side="optimized">
                  <Value d={d} side="optimized" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
