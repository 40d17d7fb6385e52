/**
 * A stock-taking (kiểm kê) of a school library: the copies scanned on the shelves against the
 * copies the school holds. Pure: the service reads copies and scans and keeps the report.
 */
import type { CopyStatus } from './circulation.ts';

export interface StockCopy {
  barcode: string;
  titleId: string;
  status: CopyStatus;
  location?: string;
}

/** How many barcodes of each kind a report lists (the counts are whole). */
export const REPORT_LIST_LIMIT = 500;

export function stocktakeReport(copies: readonly StockCopy[], scanned: ReadonlySet<string>) {
  const known = new Set(copies.map((c) => c.barcode));
  const outOnLoan = (s: CopyStatus) => s === 'on-loan' || s === 'lent-out';
  const gone = (s: CopyStatus) => s === 'lost' || s === 'withdrawn';
  const held = copies.filter((c) => !gone(c.status));
  /** On the shelf (or the hold shelf) by the books, but not scanned: missing. */
  const missing = held.filter((c) => !outOnLoan(c.status) && !scanned.has(c.barcode));
  /** Scanned on the shelf though the books say it is out: a return not recorded. */
  const onShelfButOut = held.filter((c) => outOnLoan(c.status) && scanned.has(c.barcode));
  /** Scanned though marked lost or withdrawn: found again. */
  const foundAgain = copies.filter((c) => gone(c.status) && scanned.has(c.barcode));
  const unknown = [...scanned].filter((b) => !known.has(b)).sort();
  const list = <T>(xs: T[]) => xs.slice(0, REPORT_LIST_LIMIT);
  return {
    held: held.length,
    scanned: scanned.size,
    found: held.filter((c) => !outOnLoan(c.status) && scanned.has(c.barcode)).length,
    onLoan: held.filter((c) => outOnLoan(c.status) && !scanned.has(c.barcode)).length,
    missing: missing.length,
    onShelfButOut: onShelfButOut.length,
    foundAgain: foundAgain.length,
    unknown: unknown.length,
    lists: {
      missing: list(
        missing.map((c) => ({
          barcode: c.barcode,
          titleId: c.titleId,
          ...(c.location ? { location: c.location } : {}),
        })),
      ),
      onShelfButOut: list(onShelfButOut.map((c) => c.barcode)),
      foundAgain: list(foundAgain.map((c) => c.barcode)),
      unknown: list(unknown),
    },
  };
}
export type StocktakeReport = ReturnType<typeof stocktakeReport>;
