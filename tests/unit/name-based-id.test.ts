import { describe, expect, it } from 'vitest';
import { planIdOf } from '../../functions/courses/plans.ts';
import { ratingIdOf } from '../../functions/courses/ratings.ts';
import { nameBasedId } from '../../shared/db/name-based-id.ts';

describe('ids derived from what names them', () => {
  it('keeps the ids plans were stored under (the value computed apart, with Python’s hashlib)', () => {
    expect(planIdOf('teacher1', 2026)).toBe('f98dee83-f270-535c-8a6c-80f33abffaaa');
  });

  it('is UUID-shaped, and differs by kind of item for the same parts', () => {
    expect(nameBasedId('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ratingIdOf('m', 'a')).not.toBe(nameBasedId('bdtx-plan:a:m'));
  });
});
