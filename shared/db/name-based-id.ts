/**
 * An item id derived from what names it ("plan of account A for 2026"): a SHA-256 of the name,
 * shaped as a UUID (version nibble 5, variant 8), so "my plan of 2026" is one GetItem and the id
 * itself names no one. The name should start with the kind of item (`bdtx-plan:…`).
 */
import { createHash } from 'node:crypto';

export function nameBasedId(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
