/**
 * Opaque pagination cursors. ElectroDB hands out its own cursor strings; we wrap them so a client
 * cannot forge a key into another partition: the cursor is bound to the query it came from.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/** The query-string part every list route accepts. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().max(2048).optional(),
});

/** A page's schema in a manifest: the items and, unless it is the last, the cursor to the next. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextCursor?: string;
}

const fingerprint = (scope: string) => createHash('sha256').update(scope).digest('base64url').slice(0, 12);

export function encodeCursor(scope: string, inner: string | null | undefined): string | undefined {
  if (!inner) return undefined;
  return Buffer.from(JSON.stringify({ s: fingerprint(scope), c: inner })).toString('base64url');
}

export class InvalidCursorError extends Error {
  constructor() {
    super('The pagination cursor is not valid for this list');
  }
}

export function decodeCursor(scope: string, cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  try {
    const parsed = z
      .object({ s: z.string(), c: z.string() })
      .parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.s !== fingerprint(scope)) throw new InvalidCursorError();
    return parsed.c;
  } catch {
    throw new InvalidCursorError();
  }
}
