/**
 * How each kind of bill owner looks: one label and one colour per `BillKind`, the same in both
 * treemaps, the legend, the owner list and the drill-down. Colours are fixed (not themed) so a
 * kind reads the same in light and dark mode; `fg` is the label colour with enough contrast on it.
 */
import type { BillKind } from '../../../../shared/api/bill';

/** A kind's label and colours (CSS colour strings). */
export interface KindStyle {
  label: string;
  fill: string;
  fg: string;
}

export const KIND_STYLE: Record<BillKind, KindStyle> = {
  base: { label: 'Base image files', fill: '#64748b', fg: '#ffffff' },
  'os-package': { label: 'OS packages', fill: '#2f6fdb', fg: '#ffffff' },
  python: { label: 'Python packages', fill: '#e0b121', fg: '#1d2330' },
  npm: { label: 'npm packages', fill: '#c2413b', fg: '#ffffff' },
  gem: { label: 'Ruby gems', fill: '#b4337a', fg: '#ffffff' },
  runtime: { label: 'Language runtimes', fill: '#7446d8', fg: '#ffffff' },
  app: { label: 'Your app files', fill: '#1a9e8f', fg: '#ffffff' },
  cache: { label: 'Caches and leftovers', fill: '#e07b2b', fg: '#1d2330' },
  reclaimable: { label: 'Reclaimable (hidden by a later layer)', fill: '#8a5a3c', fg: '#ffffff' },
  unattributed: { label: 'Unattributed', fill: '#a3a9b5', fg: '#1d2330' },
};
