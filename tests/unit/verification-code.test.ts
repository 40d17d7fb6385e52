/** The short code on a signed document's stamp: readable, typed any way, not a sequence. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatVerificationCode,
  newVerificationCode,
  normalizeVerificationCode,
} from '../../shared/signing/verification-code.ts';

describe('verification codes', () => {
  it('are ten characters without look-alikes (0, O, 1, I, L, U, V), printed as 4-4-2', () => {
    for (let i = 0; i < 200; i++) {
      const code = newVerificationCode();
      expect(code).toMatch(/^[2-9A-HJKMNP-TW-Z]{10}$/);
      expect(formatVerificationCode(code)).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}$/);
    }
    expect(formatVerificationCode('K7QM4XPA9R')).toBe('K7QM-4XPA-9R');
  });

  it('are not guessable one from another: a thousand are all different', () => {
    expect(new Set(Array.from({ length: 1000 }, newVerificationCode)).size).toBe(1000);
  });

  it('are found however they are typed: any case, with dashes or spaces', () => {
    fc.assert(
      fc.property(
        fc.constant(null).map(() => newVerificationCode()),
        fc.boolean(),
        fc.constantFrom('-', ' ', ''),
        (code, lower, separator) => {
          const typed = formatVerificationCode(code).replaceAll('-', separator);
          expect(normalizeVerificationCode(lower ? typed.toLowerCase() : typed)).toBe(code);
        },
      ),
    );
    expect(normalizeVerificationCode(' k7qm-4xpa-9r ')).toBe('K7QM4XPA9R');
  });

  it('refuse what cannot be a code', () => {
    expect(normalizeVerificationCode('K7QM-4XPA')).toBeUndefined();
    expect(normalizeVerificationCode('K7QM-4XPA-9RR')).toBeUndefined();
    expect(normalizeVerificationCode('K0QM-4XPA-9R')).toBeUndefined(); // 0 is never printed
    expect(normalizeVerificationCode('55555555-6666-4777-8888-999999999901')).toBeUndefined();
  });
});
