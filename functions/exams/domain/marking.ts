/**
 * Essay marking by rubric, single or double. Each criterion is marked in steps of a quarter
 * point, as Vietnamese exams do. With double marking two different markers mark blind; when
 * their totals differ by no more than the tolerance the script's mark is their mean, otherwise
 * the script is disputed and the chief marker's mark decides (chấm lần ba).
 */
import type { CodedText } from '#shared/text/texts.ts';
import { examsText } from './texts.ts';

export interface Criterion {
  criterion: string;
  points: number;
}

export interface Mark {
  markerId: string;
  criterionPoints: number[];
  points: number;
  chief?: boolean;
  markedAt: string;
}

export interface Script {
  criteria: Criterion[];
  requiredMarks: 1 | 2;
  marks: Mark[];
  state: 'open' | 'disputed' | 'done';
}

export type MarkRefusal =
  | { code: 'done'; detail: CodedText }
  | { code: 'already-marked'; detail: CodedText }
  | { code: 'chief-only'; detail: CodedText }
  | { code: 'invalid'; detail: CodedText; criterion?: number };

export type MarkOutcome =
  | { ok: true; state: Script['state']; mark: Mark; finalPoints?: number }
  | { ok: false; refusal: MarkRefusal };

export const MARK_STEP = 0.25;
/** The national rule: two markings within half a point are averaged. */
export const DEFAULT_TOLERANCE = 0.5;

const round2 = (n: number) => Math.round(n * 100) / 100;
const onStep = (n: number) => Math.abs(n / MARK_STEP - Math.round(n / MARK_STEP)) < 1e-9;

export function applyMark(
  script: Script,
  marker: { markerId: string; chief: boolean },
  criterionPoints: number[],
  tolerance: number,
  at: string,
): MarkOutcome {
  const refuse = (refusal: MarkRefusal): MarkOutcome => ({ ok: false, refusal });
  if (script.state === 'done') return refuse({ code: 'done', detail: examsText('marking-done') });
  if (script.state === 'disputed' && !marker.chief)
    return refuse({ code: 'chief-only', detail: examsText('marking-chief-only') });
  if (script.state === 'open' && script.marks.some((m) => m.markerId === marker.markerId))
    return refuse({ code: 'already-marked', detail: examsText('marking-already-marked') });
  if (criterionPoints.length !== script.criteria.length)
    return refuse({
      code: 'invalid',
      detail: examsText('marking-count', { count: script.criteria.length }),
    });
  for (const [i, value] of criterionPoints.entries()) {
    const max = script.criteria[i]!.points;
    if (!(value >= 0 && value <= max + 1e-9) || !onStep(value))
      return refuse({
        code: 'invalid',
        criterion: i,
        detail: examsText('marking-criterion', { n: i + 1, max, step: MARK_STEP }),
      });
  }
  // On the grid up to float noise (0.1 + 0.2…): store the grid's value.
  const onGrid = criterionPoints.map((p) => Math.round(p / MARK_STEP) * MARK_STEP);
  const mark: Mark = {
    markerId: marker.markerId,
    criterionPoints: onGrid,
    points: round2(onGrid.reduce((n, p) => n + p, 0)),
    ...(script.state === 'disputed' ? { chief: true } : {}),
    markedAt: at,
  };
  if (script.state === 'disputed') return { ok: true, state: 'done', mark, finalPoints: mark.points };
  const marks = [...script.marks, mark];
  if (marks.length < script.requiredMarks) return { ok: true, state: 'open', mark };
  if (script.requiredMarks === 1) return { ok: true, state: 'done', mark, finalPoints: mark.points };
  const [first, second] = marks as [Mark, Mark];
  if (Math.abs(first.points - second.points) <= tolerance + 1e-9)
    return { ok: true, state: 'done', mark, finalPoints: round2((first.points + second.points) / 2) };
  return { ok: true, state: 'disputed', mark };
}
