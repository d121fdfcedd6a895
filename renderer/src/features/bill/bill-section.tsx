/**
 * The bill of bytes as the compare result view mounts it: each image's bill and the comparison
 * out of the `CompareReport`, shown by `BillPanel` (nothing when the compare carries no bill).
 * Lazily loaded with recharts, like the layer chart.
 */
import type { CompareReport } from '../../../../shared/api/contract';
import { BillPanel } from './bill-panel';
import { imageBill } from './image-bill';

export function BillSection({ report }: { report: CompareReport }) {
  return (
    <BillPanel
      original={imageBill('original', report.original)}
      optimized={imageBill('optimized', report.optimized)}
      comparison={report.billComparison}
    />
  );
}
