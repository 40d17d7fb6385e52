/**
 * The lives of campaigns, applications and allocation runs, pure.
 *
 * A campaign is drafted (rules, programmes or catchments, timetable), opened, and its results
 * published; whether applications are taken is the timetable's window, not a state — the same
 * minute for every family, never first come first served.
 *
 * An application is submitted by a guardian, verified by the school (or returned with a note,
 * edited and submitted again), or withdrawn by the guardian; until the window closes the
 * guardian may edit it (an edit of a verified application sends it back to the school).
 */
export const ADMISSION_STATES = ['draft', 'open', 'published'] as const;
export type CampaignState = (typeof ADMISSION_STATES)[number];

export const APPLICATION_STATES = ['submitted', 'verified', 'returned', 'withdrawn'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

export const RUN_STATES = ['pending', 'done', 'failed'] as const;

/**
 * A publication: every family's result being written, written and waiting for its minute,
 * released — or failed (its preparation given up on: the Department may ask again).
 */
export const RELEASE_STATES = ['preparing', 'ready', 'released', 'failed'] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];
export type RunState = (typeof RUN_STATES)[number];

export interface Timetable {
  applyFrom: string;
  applyUntil: string;
  /** Grade 10: families see the child's scores from then (the Department's entry closes). */
  scoresFrom?: string;
  /** Grade 10: re-marking is asked for until then (domain/remarking.ts). */
  remarkUntil?: string;
  /** The minute results are published (grade 10: every family at once). */
  publishAt?: string;
  /** Enrolment must be confirmed by then. */
  confirmUntil?: string;
}

/** Where a campaign stands at `now`: what a guardian and the Department may do. */
export type Phase = 'draft' | 'before-window' | 'accepting' | 'closed' | 'published';

export function phaseOf(state: CampaignState, timetable: Timetable, now: Date): Phase {
  if (state === 'draft') return 'draft';
  if (state === 'published') return 'published';
  const t = now.getTime();
  if (t < Date.parse(timetable.applyFrom)) return 'before-window';
  if (t <= Date.parse(timetable.applyUntil)) return 'accepting';
  return 'closed';
}

/** What a guardian's change to an application needs: the window open and the application not withdrawn. */
export type ApplicationRefusal = 'window-closed' | 'withdrawn';

export function guardianMayChange(phase: Phase, state: ApplicationState): ApplicationRefusal | undefined {
  if (state === 'withdrawn') return 'withdrawn';
  if (phase !== 'accepting') return 'window-closed';
  return undefined;
}

/** A school's decision: verify or return a submitted application (a verified one may be returned while the window is open). */
export type VerifyRefusal = 'not-submitted';

export function schoolMayDecide(
  state: ApplicationState,
  decision: 'verify' | 'return',
): VerifyRefusal | undefined {
  if (state === 'submitted') return undefined;
  if (state === 'verified' && decision === 'return') return undefined;
  return 'not-submitted';
}

/** An application's next state after the guardian edits it: the school verifies it again. */
export const afterGuardianEdit = (_state: ApplicationState): ApplicationState => 'submitted';
