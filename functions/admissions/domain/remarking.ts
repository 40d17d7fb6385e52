/**
 * Re-marking (phúc khảo), pure. Grade 10's scores are shown to families from the timetable's
 * `scoresFrom`; until `remarkUntil` a guardian may ask, once, for some of the child's marked papers
 * to be marked again. The marking board's result is entered by the Department: each asked paper's
 * score after re-marking (the national scale, 0 to 10 in steps of 0.25), which becomes the
 * candidate's score. From `scoresFrom` scores change only this way; nothing is adopted while the
 * window is open or a request is waiting, so every result counts in the allocation.
 */
import type { Timetable } from './states.ts';

export interface RemarkRequest {
  /** The papers asked for (codes), each marked (not absent) when asked. */
  papers: string[];
  reason?: string;
  requestedAt: string;
  state: 'requested' | 'decided';
  /** Each asked paper's score before and after (hundredths). */
  results?: Record<string, { before: number; after: number }>;
  note?: string;
  decidedAt?: string;
  decidedByName?: string;
}

/** Where re-marking stands: no window in the timetable, before the scores are shown, open, over. */
export type RemarkWindow = 'none' | 'before' | 'open' | 'over';

export function remarkWindow(timetable: Timetable, now: Date): RemarkWindow {
  if (!timetable.scoresFrom || !timetable.remarkUntil) return 'none';
  const t = now.getTime();
  if (t < Date.parse(timetable.scoresFrom)) return 'before';
  if (t <= Date.parse(timetable.remarkUntil)) return 'open';
  return 'over';
}

/**
 * A request checked just before `remarkUntil` commits a moment later: the window is settled this
 * long after its end, and only then may a result be adopted.
 */
export const REMARK_GRACE_MS = 60_000;

export type AdoptionRefusal = 'remark-window-open' | 'remark-waiting' | 'run-before-remark';

/**
 * Whether a run may be adopted as the result: not before the window has ended and settled, not
 * while a request waits, and only a run computed after the window and after the last result.
 */
export function remarkAdoptionRefusal(
  timetable: Timetable,
  now: Date,
  runCreatedAt: string,
  lastDecidedAt: string | undefined,
  waiting: boolean,
): AdoptionRefusal | undefined {
  const window = remarkWindow(timetable, now);
  if (window === 'none') return undefined;
  const settled = Date.parse(timetable.remarkUntil!) + REMARK_GRACE_MS;
  if (window !== 'over' || now.getTime() < settled) return 'remark-window-open';
  if (waiting) return 'remark-waiting';
  const created = Date.parse(runCreatedAt);
  if (created < settled || (lastDecidedAt !== undefined && created < Date.parse(lastDecidedAt)))
    return 'run-before-remark';
  return undefined;
}

/** Families see the child's scores once announced (or, with no such time set, once published). */
export function scoresShown(timetable: Timetable, published: boolean, now: Date): boolean {
  if (published) return true;
  return timetable.scoresFrom !== undefined && now.getTime() >= Date.parse(timetable.scoresFrom);
}

/** The Department's score entry and sheet: only before the scores are shown to families. */
export const scoresMayBeEntered = (timetable: Timetable, now: Date) =>
  !timetable.scoresFrom || now.getTime() < Date.parse(timetable.scoresFrom);

export type RemarkRefusal =
  | 'remark-not-offered'
  | 'remark-not-open'
  | 'remark-over'
  | 'remark-asked-already'
  | 'remark-no-papers'
  | 'remark-paper-not-marked';

/** Why a guardian may not ask for these papers to be marked again now (undefined: they may). */
export function remarkRequestRefusal(
  window: RemarkWindow,
  application: { papers?: Record<string, number | 'absent'>; remark?: RemarkRequest },
  asked: string[],
): { code: RemarkRefusal; paper?: string } | undefined {
  if (window === 'none') return { code: 'remark-not-offered' };
  if (window === 'before') return { code: 'remark-not-open' };
  if (window === 'over') return { code: 'remark-over' };
  if (application.remark) return { code: 'remark-asked-already' };
  if (asked.length === 0) return { code: 'remark-no-papers' };
  const unmarked = asked.find((p) => typeof application.papers?.[p] !== 'number');
  if (unmarked) return { code: 'remark-paper-not-marked', paper: unmarked };
  return undefined;
}

export type RemarkResultRefusal = 'remark-not-waiting' | 'remark-result-missing' | 'remark-result-not-asked';
export type ScaleRefusal = 'remark-result-off-scale';

/**
 * The board's result applied: every asked paper given a score on the scale, no other. Answers
 * the papers to keep and each asked paper's before and after, or the first refusal with its paper.
 */
export function applyRemarkResult(
  papers: Record<string, number | 'absent'>,
  remark: RemarkRequest | undefined,
  given: Record<string, number>,
):
  | {
      papers: Record<string, number | 'absent'>;
      results: Record<string, { before: number; after: number }>;
    }
  | { refusal: RemarkResultRefusal | ScaleRefusal; paper?: string } {
  if (remark?.state !== 'requested') return { refusal: 'remark-not-waiting' };
  const extra = Object.keys(given).find((p) => !remark.papers.includes(p));
  if (extra) return { refusal: 'remark-result-not-asked', paper: extra };
  const results: Record<string, { before: number; after: number }> = {};
  const next = { ...papers };
  for (const paper of remark.papers) {
    const after = given[paper];
    if (after === undefined) return { refusal: 'remark-result-missing', paper };
    if (!onScale(after)) return { refusal: 'remark-result-off-scale', paper };
    results[paper] = { before: papers[paper] as number, after };
    next[paper] = after;
  }
  return { papers: next, results };
}

/** The national scale in hundredths: 0 to 10 in steps of 0.25. */
export const onScale = (hundredths: number) =>
  Number.isInteger(hundredths) && hundredths >= 0 && hundredths <= 1000 && hundredths % 25 === 0;

/**
 * A request as its readers see it (the family on the application, the Department in its list):
 * papers by name with the score when asked and, once decided, after.
 */
export function remarkView(
  remark: RemarkRequest,
  papers: Record<string, number | 'absent'> | undefined,
  nameOf: (code: string) => string,
) {
  return {
    state: remark.state,
    requestedAt: remark.requestedAt,
    ...(remark.reason ? { reason: remark.reason } : {}),
    papers: remark.papers.map((code) => ({
      code,
      name: nameOf(code),
      score: remark.results?.[code]?.before ?? (papers?.[code] as number),
      ...(remark.results?.[code] ? { after: remark.results[code].after } : {}),
    })),
    ...(remark.note ? { note: remark.note } : {}),
    ...(remark.decidedAt ? { decidedAt: remark.decidedAt, decidedByName: remark.decidedByName } : {}),
  };
}
