/**
 * The bill of bytes as the compare result view mounts it: each image's bill and the comparison
 * out of the `CompareReport`, shown by `BillPanel` (nothing when the compare carries no bill).
 * The bills are derived once per report (the workspace re-renders on every keystroke), and a new
 * pair of images starts with nothing selected. Lazily loaded with recharts, like the layer chart.
 */
import { useMemo } from 'react';
import type { CompareReport } from '../../../../shared/api/contract';
import { BillPanel } from './bill-panel';
import { imageBill } from './image-bill';

export function BillSection({ report }: { report: CompareReport }) {
  const original = useMemo(() => imageBill('original', report.original), [report.original]);
  const optimized = useMemo(() => imageBill('optimized', report.optimized), [report.optimized]);
  return (
    <BillPanel
      key={`${report.original.imageId}|${report.optimized.imageId}`}
      original={original}
      optimized={optimized}
      comparison={report.billComparison}
    />
  );
}
