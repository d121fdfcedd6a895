/**
 * The layer chart: every layer of both images as a bar (original amber, optimized teal; base
 * image layers shaded lighter), a totals bar per image split into base and own bytes, and the
 * reduction. Hover shows instruction, Dockerfile line and size; click opens the layer's files.
 */
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { CompareReport } from '../../../../shared/api/contract';
import { formatBytes } from '../../../../shared/report/bytes';
import { layerRows, shareRows, type LayerRow } from './chart-data';

interface Props {
  report: CompareReport;
  selected: { imageId: string; layerIndex: number } | null;
  onSelect: (row: LayerRow) => void;
}

const COLORS = {
  original: { own: 'var(--c-original)', base: 'var(--c-original-base)' },
  optimized: { own: 'var(--c-optimized)', base: 'var(--c-optimized-base)' },
};

function LayerTooltip({
  active,
  payload,
}: {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: unknown }>;
}) {
  const row = payload?.[0]?.payload as LayerRow | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tip" data-testid="chart-tooltip">
      <div>
        <strong>{row.variant === 'original' ? 'Original' : 'Optimized'}</strong> · layer {row.layer.index}
        {row.layer.isBase ? ' · base image' : ''}
      </div>
      <code>{row.layer.instruction || '(base image layer)'}</code>
      <div>
        {row.layer.line !== null ? `Dockerfile line ${row.layer.line} · ` : ''}
        <strong>{formatBytes(row.sizeBytes)}</strong>
      </div>
    </div>
  );
}

const tick = (v: number) => formatBytes(v);

export function LayerChart({ report, selected, onSelect }: Props) {
  const rows = layerRows(report);
  const shares = shareRows(report);
  const height = Math.max(220, rows.length * 22 + 60);
  return (
    <section className="card chart" data-testid="layer-chart">
      <header className="totals" data-testid="totals">
        <div>
          <span className="muted small">Original</span>
          <strong data-testid="total-original">{formatBytes(report.original.sizeBytes)}</strong>
        </div>
        <div>
          <span className="muted small">Optimized</span>
          <strong data-testid="total-optimized">{formatBytes(report.optimized.sizeBytes)}</strong>
        </div>
        <div className={report.reductionBytes >= 0 ? 'good' : 'bad'}>
          <span className="muted small">Reduction</span>
          <strong data-testid="reduction">
            {formatBytes(report.reductionBytes)} ({report.reductionPercent.toFixed(1)}%)
          </strong>
        </div>
      </header>

      <h3>Base image vs your layers</h3>
      <div className="share-chart" data-testid="share-chart">
        <ResponsiveContainer width="100%" height={110}>
          <BarChart data={shares} layout="vertical" margin={{ left: 16, right: 24 }}>
            <XAxis type="number" tickFormatter={tick} />
            <YAxis type="category" dataKey="name" width={80} />
            <Tooltip formatter={(v) => formatBytes(Number(v))} />
            <Legend />
            <Bar dataKey="base" name="Base image" stackId="s" fill="var(--c-base)" />
            <Bar dataKey="own" name="Your layers" stackId="s" fill="var(--c-own)" />
          </BarChart>
        </ResponsiveContainer>
      </div>

      <h3>
        Layers <span className="muted small">(click a bar to see its largest files)</span>
      </h3>
      <div className="legend-inline small">
        <span className="swatch" style={{ background: COLORS.original.own }} /> original
        <span className="swatch" style={{ background: COLORS.optimized.own }} /> optimized
        <span className="swatch" style={{ background: COLORS.original.base }} /> base-image layer (shaded)
      </div>
      <div
        data-testid="layer-bars"
        data-original-layers={report.original.layers.length}
        data-optimized-layers={report.optimized.layers.length}
      >
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={rows} layout="vertical" margin={{ left: 16, right: 24 }}>
            <CartesianGrid horizontal={false} strokeDasharray="3 3" />
            <XAxis type="number" tickFormatter={tick} />
            <YAxis
              type="category"
              dataKey="key"
              width={300}
              interval={0}
              tick={{ fontSize: 11 }}
              tickFormatter={(key: string) => {
                const r = rows.find((x) => x.key === key);
                return r ? `${r.variant === 'original' ? 'O' : 'N'}${r.layer.index} ${r.label}` : key;
              }}
            />
            <Tooltip content={LayerTooltip} cursor={{ fillOpacity: 0.08 }} />
            <Bar
              dataKey="sizeBytes"
              name="Layer size"
              minPointSize={2}
              onClick={(d) => onSelect(d.payload as LayerRow)}
              cursor="pointer"
            >
              {rows.map((r) => {
                const isSel = selected?.imageId === r.imageId && selected.layerIndex === r.layer.index;
                return (
                  <Cell
                    key={r.key}
                    data-testid={`bar-${r.variant}`}
                    fill={r.layer.isBase ? COLORS[r.variant].base : COLORS[r.variant].own}
                    stroke={isSel ? 'var(--fg)' : undefined}
                    strokeWidth={isSel ? 2 : 0}
                  />
                );
              })}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
