/** Reads one image's bill out of its `ImageReport` for the UI. */
import type { ImageReport } from '../../../../shared/api/contract';
import type { BillVariant, ImageBill } from './bill-view';

/**
 * The bill of `r` (`ImageReport.bill` + `billTotals`) as the UI shows it, or undefined when the
 * report has none (layer contents not analysed). Owners of 0 bytes (an empty folder, a package of
 * only directories) are left out: they have nothing to draw or list. The total is the bill's own
 * (`billTotals.totalBytes`), else the sum of its owners.
 */
export function imageBill(variant: BillVariant, r: ImageReport): ImageBill | undefined {
  if (!r.bill) return undefined;
  return {
    variant,
    entries: r.bill.filter((e) => e.bytes > 0),
    totalBytes: r.billTotals?.totalBytes ?? r.bill.reduce((s, e) => s + e.bytes, 0),
    ...(r.billTotals?.note ? { note: r.billTotals.note } : {}),
  };
}
