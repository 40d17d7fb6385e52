/**
 * A module's outline: chapters of items a learner works through — a video lecture or a document,
 * each a published resource of the learning repository, or a unit of a SCORM or cmi5 package
 * imported into the catalogue, or the module's test (an exam session of the exams context whose
 * roll is open: a learner joins it from the course and the item completes when they pass).
 * Item ids are the server's and stay when the outline is edited, so a learner's progress survives
 * a chapter renamed or an item added. A module's share done is its items completed over all its
 * items now (an item removed no longer counts, one added is still to do).
 *
 * Pure: no I/O; the caller checks the resources.
 */
import { PASS_MARK } from './bdtx.ts';
import type { PackageStandard, PackageUnit } from './packages.ts';

export const ITEM_KINDS = ['video', 'document', 'package', 'test'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const MATERIAL_KINDS = ['video', 'document'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];
export const MAX_CHAPTERS = 30;
export const MAX_ITEMS_PER_CHAPTER = 30;

export type OutlineItem = MaterialItem | PackageUnitItem | TestItem;

/** A video or a document of the learning repository. */
export interface MaterialItem {
  itemId: string;
  kind: MaterialKind;
  title: string;
  resourceId: string;
  /** A video's length in seconds, as its manager measured it: what "90% watched" is counted from. */
  durationSeconds?: number;
  /** The resource's file when the outline was saved (what the screens show before opening it). */
  fileName: string;
  contentType: string;
  size: number;
}

/** A unit of a SCORM package: launched in the portal's runtime, completed by what it reports. */
export interface PackageUnitItem {
  itemId: string;
  kind: 'package';
  title: string;
  packageId: string;
  /** The unit's identifier in the manifest. */
  unitRef: string;
  standard: PackageStandard;
  /** The file to launch, relative to the package's root. */
  launch: string;
  /**
   * A SCO talks to the SCORM runtime; an asset is only shown (completed on opening, as a
   * document); a cmi5 AU sends xAPI statements to the platform's store.
   */
  unitKind: PackageUnit['kind'];
  /** cmi5: what completes the AU, and the scaled score needed to pass. */
  moveOn?: NonNullable<PackageUnit['moveOn']>;
  masteryScore?: number;
}

/**
 * The module's test: an exam session (the exams context keeps its paper, clock and attempts). The
 * rules are copied for the course's screens; the session's own are what the exam room applies.
 */
export interface TestItem {
  itemId: string;
  kind: 'test';
  title: string;
  sessionId: string;
  durationMinutes: number;
  passMark: number;
  maxPoints: number;
  attemptsAllowed: number;
}

export interface Chapter {
  chapterId: string;
  title: string;
  items: OutlineItem[];
}

export type ItemDraft = MaterialDraft | PackageUnitDraft | TestDraft;

export interface MaterialDraft {
  itemId?: string | undefined;
  kind: MaterialKind;
  title: string;
  resourceId: string;
  durationSeconds?: number | undefined;
}

export interface PackageUnitDraft {
  itemId?: string | undefined;
  kind: 'package';
  title: string;
  packageId: string;
  unitRef: string;
}

export interface TestDraft {
  itemId?: string | undefined;
  kind: 'test';
  title: string;
  sessionId: string;
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
    | 'outline-no-items'
    | 'outline-two-tests';
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
  let tests = 0;
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
      // One test per module: the certificate and the evidence give the module's one result.
      if (item.kind === 'test' && tests++ > 0)
        problems.push({ path: `${path}.sessionId`, code: 'outline-two-tests' });
    });
  });
  return problems;
}

/** What the outline needs to know of a package: whether it is ready, its standard and units. */
export interface PackageFacts {
  packageId: string;
  status: string;
  standard?: PackageStandard;
  units?: PackageUnit[];
}

/**
 * The package unit an item names, ready to be saved in the outline, or why it cannot be: the
 * package must be ready (checked and unpacked) and hold the unit.
 */
export function packageUnitItem(
  draft: PackageUnitDraft & { itemId: string },
  pkg: PackageFacts | undefined,
): { item: PackageUnitItem } | { code: 'package-unavailable' | 'package-unit-unknown' } {
  if (pkg?.status !== 'ready' || !pkg.standard) return { code: 'package-unavailable' };
  const unit = pkg.units?.find((u) => u.id === draft.unitRef);
  if (!unit) return { code: 'package-unit-unknown' };
  return {
    item: {
      itemId: draft.itemId,
      kind: 'package',
      title: draft.title,
      packageId: pkg.packageId,
      unitRef: unit.id,
      standard: pkg.standard,
      launch: unit.launch,
      unitKind: unit.kind,
      ...(unit.moveOn ? { moveOn: unit.moveOn } : {}),
      ...(unit.masteryScore !== undefined ? { masteryScore: unit.masteryScore } : {}),
    },
  };
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

/** What the outline needs to know of an exam session named as the module's test. */
export interface TestFacts {
  sessionId: string;
  ownerUnitId: string;
  opensAt: string;
  closesAt: string;
  durationMinutes: number;
  passMark: number;
  maxPoints: number;
  attemptsAllowed: number;
  openRoll: boolean;
}

/** A module's pass mark (5 out of 10) as a share of the paper's points, whatever they are. */
export const PASS_SHARE = PASS_MARK / 10;

export type TestProblem =
  | 'course-test-unknown'
  | 'course-test-not-open-roll'
  | 'course-test-other-unit'
  | 'course-test-pass-mark'
  | 'course-test-window';

/**
 * The test an item names, ready to be saved, or why it cannot be: an exam session of the module's
 * own unit whose roll is open to the course's learners, passed at no less than half its points,
 * and open while the module is (from before it closes to no earlier than it closes).
 */
export function testItem(
  draft: TestDraft & { itemId: string },
  session: TestFacts | undefined,
  module: { unitId: string; closesAt: string },
): { item: TestItem } | { code: TestProblem } {
  if (!session) return { code: 'course-test-unknown' };
  if (!session.openRoll) return { code: 'course-test-not-open-roll' };
  if (session.ownerUnitId !== module.unitId) return { code: 'course-test-other-unit' };
  if (session.passMark < session.maxPoints * PASS_SHARE) return { code: 'course-test-pass-mark' };
  if (session.closesAt < module.closesAt || session.opensAt > module.closesAt)
    return { code: 'course-test-window' };
  return {
    item: {
      itemId: draft.itemId,
      kind: 'test',
      title: draft.title,
      sessionId: session.sessionId,
      durationMinutes: session.durationMinutes,
      passMark: session.passMark,
      maxPoints: session.maxPoints,
      attemptsAllowed: session.attemptsAllowed,
    },
  };
}
