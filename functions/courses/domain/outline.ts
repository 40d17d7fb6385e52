/**
 * A module's outline: chapters of items a learner works through — a video lecture or a document,
 * each a published resource of the learning repository (later: SCORM and cmi5 units, the test).
 * Item ids are the server's and stay when the outline is edited, so a learner's progress survives
 * a chapter renamed or an item added. A module's share done is its items completed over all its
 * items now (an item removed no longer counts, one added is still to do).
 *
 * Pure: no I/O; the caller checks the resources.
 */
export const ITEM_KINDS = ['video', 'document'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const MAX_CHAPTERS = 30;
export const MAX_ITEMS_PER_CHAPTER = 30;

export interface OutlineItem {
  itemId: string;
  kind: ItemKind;
  title: string;
  resourceId: string;
  /** A video's length in seconds, as its manager measured it: what "90% watched" is counted from. */
  durationSeconds?: number;
  /** The resource's file when the outline was saved (what the screens show before opening it). */
  fileName: string;
  contentType: string;
  size: number;
}

export interface Chapter {
  chapterId: string;
  title: string;
  items: OutlineItem[];
}

export interface ItemDraft {
  itemId?: string | undefined;
  kind: ItemKind;
  title: string;
  resourceId: string;
  durationSeconds?: number | undefined;
}

export interface ChapterDraft {
  chapterId?: string | undefined;
  title: string;
  items: ItemDraft[];
}

/** What an outline problem is about, as a field path of the request's body. */
export interface OutlineProblem {
  path: string;
  code:
    | 'outline-unknown-item'
    | 'outline-unknown-chapter'
    | 'outline-item-twice'
    | 'outline-video-duration'
    | 'outline-no-items';
  itemId?: string;
}

export const outlineItems = (chapters: readonly Chapter[]) => chapters.flatMap((c) => c.items);

/**
 * The problems of an edited outline against the one saved: ids must be the saved ones (new items
 * and chapters come without), each item once, a video with its length, no empty chapter.
 */
export function checkOutline(drafts: readonly ChapterDraft[], saved: readonly Chapter[]): OutlineProblem[] {
  const savedItems = new Set(outlineItems(saved).map((i) => i.itemId));
  const savedChapters = new Set(saved.map((c) => c.chapterId));
  const seen = new Set<string>();
  const problems: OutlineProblem[] = [];
  drafts.forEach((chapter, c) => {
    if (chapter.chapterId !== undefined && !savedChapters.has(chapter.chapterId))
      problems.push({ path: `chapters.${c}.chapterId`, code: 'outline-unknown-chapter' });
    if (!chapter.items.length) problems.push({ path: `chapters.${c}.items`, code: 'outline-no-items' });
    chapter.items.forEach((item, i) => {
      const path = `chapters.${c}.items.${i}`;
      if (item.itemId !== undefined) {
        if (!savedItems.has(item.itemId))
          problems.push({ path: `${path}.itemId`, code: 'outline-unknown-item', itemId: item.itemId });
        else if (seen.has(item.itemId))
          problems.push({ path: `${path}.itemId`, code: 'outline-item-twice', itemId: item.itemId });
        seen.add(item.itemId);
      }
      if (item.kind === 'video' && !(item.durationSeconds && item.durationSeconds > 0))
        problems.push({ path: `${path}.durationSeconds`, code: 'outline-video-duration' });
    });
  });
  return problems;
}

/** The share of the module done: completed items still in the outline over the outline's items. */
export function shareDone(chapters: readonly Chapter[], completed: Iterable<string>) {
  const items = outlineItems(chapters);
  const done = new Set(completed);
  const count = items.filter((i) => done.has(i.itemId)).length;
  return { done: count, total: items.length, share: items.length ? count / items.length : 0 };
}

/** Every item of the outline completed (an empty outline is never complete: nothing was learnt). */
export const outlineComplete = (chapters: readonly Chapter[], completed: Iterable<string>) => {
  const { done, total } = shareDone(chapters, completed);
  return total > 0 && done === total;
};
