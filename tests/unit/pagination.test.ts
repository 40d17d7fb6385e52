import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, InvalidCursorError } from '../../shared/db/pagination.ts';

describe('pagination cursors', () => {
  it('round-trip within the same list', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (scope, inner) => {
        expect(decodeCursor(scope, encodeCursor(scope, inner))).toBe(inner);
      }),
    );
  });

  it('are refused by another list', () => {
    const cursor = encodeCursor('accounts:S1', 'abc');
    expect(() => decodeCursor('accounts:S2', cursor)).toThrow(InvalidCursorError);
  });

  it('refuse garbage', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (garbage) => {
        expect(() => decodeCursor('x', garbage)).toThrow(InvalidCursorError);
      }),
    );
  });

  it('mean "no more pages" when empty', () => {
    expect(encodeCursor('x', null)).toBeUndefined();
    expect(decodeCursor('x', undefined)).toBeNull();
  });
});
