/**
 * What a SCORM unit's runtime data means to the course (issue 21): the portal's runtime
 * (scorm-again) commits the learner's `cmi` object, and the server reads from it whether the unit
 * is done and with what score, and keeps what a later launch needs to resume where the learner
 * left off. SCORM 1.2 reports one `lesson_status`; SCORM 2004 splits it into completion and
 * success. A unit completes on `completed` or `passed`, never on `failed`: a failed test is taken
 * again.
 *
 * Pure: no I/O.
 */
export type ScormStandard = 'scorm12' | 'scorm2004';

/** The most a commit may hold (SCORM 2004's suspend_data alone may reach 64,000 characters). */
export const MAX_RUNTIME_CHARS = 96_000;

export interface ScormOutcome {
  complete: boolean;
  /** The status as the unit reported it (1.2's lesson_status; 2004's success, else completion). */
  status: string;
  /** The score scaled to 0–1, when the unit reported one. */
  score?: number;
}

type Json = Record<string, unknown>;
const objectAt = (value: unknown, key: string): Json => {
  const inner = value && typeof value === 'object' ? (value as Json)[key] : undefined;
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Json) : {};
};
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
/** A number SCORM sends as a string ("85", "0.85"), or undefined when it is not one. */
const decimal = (value: unknown) => {
  const n = typeof value === 'number' ? value : Number.parseFloat(text(value));
  return Number.isFinite(n) ? n : undefined;
};

/** A raw score within its range scaled to 0–1 (SCORM 1.2's range is 0–100 unless told). */
function scaled(score: Json): number | undefined {
  const raw = decimal(score.raw);
  if (raw === undefined) return undefined;
  const min = decimal(score.min) ?? 0;
  const max = decimal(score.max) ?? 100;
  if (max <= min) return undefined;
  return Math.min(1, Math.max(0, (raw - min) / (max - min)));
}

/** Whether the unit is done, its status and score, from the committed `cmi` object. */
export function scormOutcome(standard: ScormStandard, cmi: unknown): ScormOutcome {
  if (standard === 'scorm12') {
    const core = objectAt(cmi, 'core');
    const status = text(core.lesson_status) || 'not attempted';
    const score = scaled(objectAt(core, 'score'));
    return {
      complete: status === 'completed' || status === 'passed',
      status,
      ...(score !== undefined ? { score } : {}),
    };
  }
  const root = cmi && typeof cmi === 'object' ? (cmi as Json) : {};
  const completion = text(root.completion_status) || 'unknown';
  const success = text(root.success_status) || 'unknown';
  const scoreObject = objectAt(cmi, 'score');
  const scaledScore = decimal(scoreObject.scaled);
  const score =
    scaledScore !== undefined && scaledScore >= -1 && scaledScore <= 1
      ? Math.max(0, scaledScore)
      : scaled(scoreObject);
  return {
    complete: success === 'passed' || (completion === 'completed' && success !== 'failed'),
    status: success !== 'unknown' ? success : completion,
    ...(score !== undefined ? { score } : {}),
  };
}

const pick = (from: Json, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((k) => from[k] !== undefined && from[k] !== '').map((k) => [k, from[k]]));

/**
 * What the runtime is given at the next launch: where the learner was, what the unit saved, its
 * status and score, and `entry` "resume" when the unit was left suspended. Nothing else of the
 * last session (its time, its exit) is carried into the next.
 */
export function resumeState(standard: ScormStandard, cmi: unknown): Json {
  if (standard === 'scorm12') {
    const core = objectAt(cmi, 'core');
    const root = cmi && typeof cmi === 'object' ? (cmi as Json) : {};
    return {
      core: {
        ...pick(core, ['lesson_location', 'lesson_status']),
        ...(Object.keys(objectAt(core, 'score')).length
          ? { score: pick(objectAt(core, 'score'), ['raw', 'min', 'max']) }
          : {}),
        entry: text(core.exit) === 'suspend' ? 'resume' : '',
      },
      ...pick(root, ['suspend_data']),
    };
  }
  const root = cmi && typeof cmi === 'object' ? (cmi as Json) : {};
  return {
    ...pick(root, ['location', 'completion_status', 'success_status', 'suspend_data']),
    ...(Object.keys(objectAt(cmi, 'score')).length
      ? { score: pick(objectAt(cmi, 'score'), ['scaled', 'raw', 'min', 'max']) }
      : {}),
    entry: text(root.exit) === 'suspend' ? 'resume' : '',
  };
}
