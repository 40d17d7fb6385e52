/**
 * The candidate's attempt by the server's clock: when it may start, its deadline, which autosaves
 * count. Autosaves carry a sequence number per device session; per question the highest sequence
 * wins, so a retried or out-of-order save never overwrites a newer answer. After the deadline
 * (plus a small allowance for the network) writes are refused and the last saved answers count.
 */
import type { Answer } from './questions.ts';

export interface SessionWindow {
  opensAt: string;
  closesAt: string;
  /** No new start after this (late entry cut-off). */
  lateEntryUntil: string;
  durationMinutes: number;
}

export type StartRefusal = 'not-open-yet' | 'late-entry-closed' | 'closed';

export function startRefusal(window: SessionWindow, now: Date): StartRefusal | undefined {
  const t = now.toISOString();
  if (t < window.opensAt) return 'not-open-yet';
  if (t >= window.closesAt) return 'closed';
  if (t > window.lateEntryUntil) return 'late-entry-closed';
  return undefined;
}

/** The earlier of start + duration and the window's end. */
export function deadlineOf(window: SessionWindow, startedAt: Date): string {
  const byDuration = startedAt.getTime() + window.durationMinutes * 60_000;
  return new Date(Math.min(byDuration, Date.parse(window.closesAt))).toISOString();
}

/** A save sent in the last moments may arrive a little late; more than this is refused. */
export const NETWORK_ALLOWANCE_MS = 5_000;

export const acceptsWrites = (deadline: string, now: Date, allowanceMs = NETWORK_ALLOWANCE_MS) =>
  now.getTime() <= Date.parse(deadline) + allowanceMs;

export interface SavedAnswer {
  answer: Answer;
  seq: number;
  /** When the server took it (older attempts; chunks keep one time for the chunk, to stay small). */
  savedAt?: string;
}

export interface MergeResult {
  answers: Record<string, SavedAnswer>;
  accepted: string[];
  /** Older than what is saved: a retry or a save that overtook another. */
  stale: string[];
}

export function mergeAutosave(
  current: Record<string, SavedAnswer>,
  save: { seq: number; answers: Record<string, Answer> },
  savedAt?: string,
): MergeResult {
  const answers = { ...current };
  const accepted: string[] = [];
  const stale: string[] = [];
  for (const [questionId, answer] of Object.entries(save.answers)) {
    const existing = answers[questionId];
    if (existing && existing.seq >= save.seq) {
      stale.push(questionId);
      continue;
    }
    answers[questionId] = { answer, seq: save.seq, ...(savedAt ? { savedAt } : {}) };
    accepted.push(questionId);
  }
  return { answers, accepted, stale };
}
