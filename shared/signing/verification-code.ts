/**
 * The short code printed on a signed document's stamp, beside its QR code: ten characters a
 * person can read out and type (no 0/O, 1/I/L or U/V look-alikes to confuse), grouped as
 * `K7QM-4XPA-9R`. Random, so the next document's code cannot be guessed from one in hand: 29^10
 * ≈ 4·10^14 codes. Typed in any case, with or without the dashes or spaces.
 */
import { randomInt } from 'node:crypto';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
export const CODE_LENGTH = 10;

/** A new code, without its dashes (as it is stored and looked up). */
export function newVerificationCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** The code as typed — any case, dashes, spaces — as it is stored; undefined if it cannot be one. */
export function normalizeVerificationCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== CODE_LENGTH) return undefined;
  for (const c of code) if (!CODE_ALPHABET.includes(c)) return undefined;
  return code;
}

/** As printed and shown: `K7QM-4XPA-9R`. */
export const formatVerificationCode = (code: string) =>
  [code.slice(0, 4), code.slice(4, 8), code.slice(8)].filter(Boolean).join('-');
