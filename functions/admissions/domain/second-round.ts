/**
 * The second round (xét tuyển bổ sung) for grade-10 places left unfilled, pure. Once the first
 * round's confirmation deadline has passed, the Department opens it with its own window and
 * confirmation deadline; each programme's places are its quota less the enrolments confirmed,
 * fixed when it opens. A candidate verified and without a confirmed place lists new preferences
 * among the programmes with places; the run uses those preferences, those places and the same
 * scores and rules (no reserved places: the groups had their round). Its result is published to
 * the few thousand families concerned through the API, and confirmed by its own deadline.
 */
import type { Timetable } from './states.ts';

export interface SecondRound {
  applyFrom: string;
  applyUntil: string;
  confirmUntil: string;
  /** Programme id → places left when opened (quota less confirmed), programmes with places only. */
  places: Record<string, number>;
  openedAt: string;
  openedByName: string;
  adoptedRunId?: string;
  publishedAt?: string;
}

/** A family's part in it: the preferences listed, the result once published, its confirmation. */
export interface SecondRoundChoice {
  preferences: string[];
  at: string;
  outcome?: { runId: string; admitted: boolean; programmeId?: string; preference?: number };
}

/** Places left at each programme: its quota less the enrolments confirmed (none below zero). */
export function placesLeft(
  programmes: readonly { programmeId: string; quota: number; confirmed?: number }[],
): Record<string, number> {
  const places: Record<string, number> = {};
  for (const p of programmes) {
    const left = p.quota - (p.confirmed ?? 0);
    if (left > 0) places[p.programmeId] = left;
  }
  return places;
}

export type OpenRefusal = 'not-published' | 'round-one-open' | 'second-round-opened' | 'no-places-left';

/** Whether the Department may open the second round now. */
export function openRefusal(
  campaign: { state: string; timetable: Timetable; secondRound?: SecondRound },
  places: Record<string, number>,
  now: Date,
): OpenRefusal | undefined {
  if (campaign.state !== 'published') return 'not-published';
  const deadline = campaign.timetable.confirmUntil;
  if (!deadline || now.getTime() <= Date.parse(deadline)) return 'round-one-open';
  if (campaign.secondRound) return 'second-round-opened';
  if (Object.keys(places).length === 0) return 'no-places-left';
  return undefined;
}

export type WindowRefusal = 'second-window-order' | 'second-confirm-order';

/** The window ends after it starts; the confirmation deadline after the window. */
export function windowRefusal(window: {
  applyFrom: string;
  applyUntil: string;
  confirmUntil: string;
}): { field: 'applyUntil' | 'confirmUntil'; code: WindowRefusal } | undefined {
  if (Date.parse(window.applyUntil) <= Date.parse(window.applyFrom))
    return { field: 'applyUntil', code: 'second-window-order' };
  if (Date.parse(window.confirmUntil) <= Date.parse(window.applyUntil))
    return { field: 'confirmUntil', code: 'second-confirm-order' };
  return undefined;
}

export type SecondRoundPhase = 'none' | 'before' | 'accepting' | 'closed' | 'published';

export function secondRoundPhase(round: SecondRound | undefined, now: Date): SecondRoundPhase {
  if (!round) return 'none';
  if (round.publishedAt) return 'published';
  const t = now.getTime();
  if (t < Date.parse(round.applyFrom)) return 'before';
  if (t <= Date.parse(round.applyUntil)) return 'accepting';
  return 'closed';
}

/** Who takes part: a verified candidate without a confirmed place. */
export const eligibleForSecondRound = (application: { state: string; confirmation?: unknown }) =>
  application.state === 'verified' && !application.confirmation;
