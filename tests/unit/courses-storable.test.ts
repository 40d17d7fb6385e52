/**
 * What content may send to be kept (functions/courses/domain/storable.ts) against DynamoDB's own
 * limits: 32 levels of nesting, numbers its JavaScript client converts exactly (±2^53 − 1), no
 * empty attribute names; and the launch path of a package's file (domain/packages.ts launchHref),
 * given by manifests encoded or not.
 */
import { describe, expect, it } from 'vitest';
import { launchHref } from '../../functions/courses/domain/packages.ts';
import { MAX_DEPTH, storableProblem } from '../../functions/courses/domain/storable.ts';

const nested = (levels: number): unknown => (levels === 0 ? 'đáy' : { a: nested(levels - 1) });

describe('a document content sends', () => {
  it('is kept when it is an ordinary SCORM or xAPI document', () => {
    expect(
      storableProblem(
        { core: { lesson_location: 'trang-2', score: { raw: '85' } }, suspend_data: 'đã xem=1,2', n: 3.5 },
        1000,
      ),
    ).toBeUndefined();
    expect(storableProblem({ list: [1, [2, [3]]], big: Number.MAX_SAFE_INTEGER }, 1000)).toBeUndefined();
  });

  it('is refused when too long, too deep, with a number DynamoDB would change, or an empty name', () => {
    expect(storableProblem({ s: 'x'.repeat(100) }, 50)).toBe('too-large');
    expect(storableProblem(nested(MAX_DEPTH - 1), 10_000)).toBeUndefined();
    expect(storableProblem(nested(MAX_DEPTH + 1), 10_000)).toBe('too-deep');
    expect(storableProblem({ n: 2 ** 60 }, 1000)).toBe('number');
    expect(storableProblem({ n: [-1e300] }, 1000)).toBe('number');
    expect(storableProblem({ a: { '': 1 } }, 1000)).toBe('empty-name');
  });
});

describe('a launch file as a URL path', () => {
  it.each([
    ['index.html', 'index.html'],
    ['bài 1/index.html', 'b%C3%A0i%201/index.html'],
    ['b%C3%A0i%201/index.html', 'b%C3%A0i%201/index.html'],
    ['100%/index.html', '100%25/index.html'],
  ])('%s → %s', (path, href) => {
    expect(launchHref(path)).toBe(href);
  });
});
