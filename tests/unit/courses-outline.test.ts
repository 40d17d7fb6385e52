import { describe, expect, it } from 'vitest';
import { formatShare } from '../../functions/courses/domain/bdtx.ts';
import {
  type Chapter,
  checkOutline,
  outlineComplete,
  shareDone,
} from '../../functions/courses/domain/outline.ts';

const item = (itemId: string, kind: 'video' | 'document' = 'document') => ({
  itemId,
  kind,
  title: itemId,
  resourceId: `r-${itemId}`,
  ...(kind === 'video' ? { durationSeconds: 600 } : {}),
  fileName: 'f',
  contentType: kind === 'video' ? 'video/mp4' : 'application/pdf',
  size: 1,
});
// Twelve items over two chapters: one done is the course home's "8,33% hoàn thành".
const saved: Chapter[] = [
  {
    chapterId: 'c1',
    title: 'Chương 1',
    items: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => item(id, 'video')),
  },
  { chapterId: 'c2', title: 'Chương 2', items: ['g', 'h', 'i', 'j', 'k', 'l'].map((id) => item(id)) },
];

describe('a module outline', () => {
  it('counts the share done over the items now in it', () => {
    const one = shareDone(saved, ['a']);
    expect(one).toEqual({ done: 1, total: 12, share: 1 / 12 });
    expect(formatShare(one.done, one.total, 'vi')).toBe('8,33%');
    // An item since removed no longer counts.
    expect(shareDone(saved, ['a', 'gone']).done).toBe(1);
    expect(shareDone([], []).share).toBe(0);
  });

  it('is complete only when every item is, and never when empty', () => {
    const all = saved.flatMap((c) => c.items.map((i) => i.itemId));
    expect(outlineComplete(saved, all)).toBe(true);
    expect(outlineComplete(saved, all.slice(1))).toBe(false);
    expect(outlineComplete([], [])).toBe(false);
  });

  it('accepts new items without ids and saved ones with theirs', () => {
    expect(
      checkOutline(
        [
          {
            chapterId: 'c1',
            title: 'Chương 1',
            items: [
              { itemId: 'a', kind: 'video', title: 'A', resourceId: 'r', durationSeconds: 60 },
              { kind: 'document', title: 'Mới', resourceId: 'r2' },
            ],
          },
          { title: 'Chương mới', items: [{ kind: 'document', title: 'B', resourceId: 'r3' }] },
        ],
        saved,
      ),
    ).toEqual([]);
  });

  it('names each problem by its field', () => {
    const problems = checkOutline(
      [
        {
          chapterId: 'nope',
          title: 'x',
          items: [
            { itemId: 'zzz', kind: 'document', title: 'x', resourceId: 'r' },
            { itemId: 'a', kind: 'video', title: 'x', resourceId: 'r' },
            { itemId: 'a', kind: 'video', title: 'x', resourceId: 'r', durationSeconds: 5 },
          ],
        },
        { title: 'trống', items: [] },
      ],
      saved,
    );
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['chapters.0.chapterId', 'outline-unknown-chapter'],
      ['chapters.0.items.0.itemId', 'outline-unknown-item'],
      ['chapters.0.items.1.durationSeconds', 'outline-video-duration'],
      ['chapters.0.items.2.itemId', 'outline-item-twice'],
      ['chapters.1.items', 'outline-no-items'],
    ]);
  });
});
