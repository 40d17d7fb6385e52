/**
 * At the start of every minute: releases the publications whose minute has come (publication.ts).
 * The scheduled event's `time` is the release's "now" (a run can be replayed for a given minute).
 */
import { releaseDue } from '../publication.ts';

export async function handler(event: { time?: string; id?: string } = {}) {
  const now = event.time && !Number.isNaN(Date.parse(event.time)) ? new Date(event.time) : new Date();
  return releaseDue(now, event.id ?? `release-admission-results:${now.toISOString()}`);
}
