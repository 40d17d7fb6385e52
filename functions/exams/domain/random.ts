/**
 * Deterministic randomness: the same seed gives the same paper, the same order of questions and
 * options for a candidate on every device and after every reload, without storing the order.
 */
import { createHash } from 'node:crypto';

/** A 32-bit seed from any strings (exam, variant, candidate…). */
export const seedOf = (...parts: string[]): number =>
  createHash('sha256').update(parts.join('\u0000')).digest().readUInt32LE(0);

/** mulberry32: small, fast, good enough to shuffle. Returns floats in [0, 1). */
export function randomFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Fisher–Yates with a seeded generator; the input is not changed. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A question id from its content and bank: the same row imported twice is the same question. */
export function contentId(orgUnitId: string, content: unknown): string {
  const h = createHash('sha256')
    .update(orgUnitId)
    .update('\u0000')
    .update(JSON.stringify(content))
    .digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
