/**
 * What the union catalogue's title page says about each school holding a title: its shelves and
 * whether a copy is there to borrow, or when the first one is due back. No borrower. Pure.
 */
import type { CopyStatus } from './circulation.ts';

/** Copies a school still holds (a lost or withdrawn copy is on no shelf). */
const held = (status: CopyStatus) => status !== 'lost' && status !== 'withdrawn';

/** The distinct shelves a school's copies of a title stand on, in shelf order. */
export function shelvesOf(copies: readonly { status: CopyStatus; location?: string | undefined }[]) {
  const shelves = new Set<string>();
  for (const c of copies) if (held(c.status) && c.location?.trim()) shelves.add(c.location.trim());
  return [...shelves].sort((a, b) => a.localeCompare(b, 'vi', { numeric: true }));
}

/** The earliest due day among open loans (ISO days compare as text), if any. */
export const earliestDue = (dueDays: readonly string[]) => [...dueDays].sort()[0];

export interface SchoolHolding {
  name: string;
  available: number;
  copies: number;
}

/**
 * The order a reader wants: schools with a copy on the shelf first (more on the shelf first),
 * then the others; by name within each (Vietnamese collation).
 */
export function byAvailability(a: SchoolHolding, b: SchoolHolding) {
  const onShelf = Number(b.available > 0) - Number(a.available > 0);
  if (onShelf) return onShelf;
  return b.available - a.available || a.name.localeCompare(b.name, 'vi');
}
