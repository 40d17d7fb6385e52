/**
 * Watched time that seeking cannot fake (issue 21). The player reports the stretches of the video
 * it played since its last report, about every 15 s; the server keeps the union of what was
 * played, in seconds of the video, and the time of the last report by its own clock. A report can
 * only credit as much video as could have played since then: the wall-clock time elapsed (at most
 * MAX_CREDITED_GAP_MS: a tab left open for an hour does not buy an hour) × the top playback rate
 * the player offers, plus a little for the clocks. A stretch longer than what is left of that
 * budget is dropped whole, not trimmed: a seek to the end reports a stretch the budget never
 * covers. The video is complete once COMPLETE_SHARE of it is covered.
 *
 * Pure: times are numbers given by the caller (the server's clock), no I/O.
 */

/** A stretch of the video, [from, to) in seconds. */
export type Stretch = readonly [number, number];

export interface WatchState {
  /** What was played, merged and sorted, in seconds of the video. */
  played: Stretch[];
  /** The server's time of the last accepted report (ms); the budget of the next one runs from it. */
  lastReportAt?: number;
}

export interface WatchRules {
  /** The fastest playback rate the player offers. */
  topRate: number;
  /** Slack for the clocks and the report's own travel time, in seconds of video. */
  slackSeconds: number;
  /** The longest silence a report can be credited for (an outage, the phone locked). */
  maxCreditedGapMs: number;
}

export const COMPLETE_SHARE = 0.9;
export const REPORT_EVERY_SECONDS = 15;
export const MAX_CREDITED_GAP_MS = 5 * 60_000;
/** At most this many separate stretches are kept; past it the report is refused (a scripted client). */
export const MAX_STRETCHES = 500;

export const DEFAULT_WATCH_RULES: WatchRules = {
  topRate: 2,
  slackSeconds: 2,
  maxCreditedGapMs: MAX_CREDITED_GAP_MS,
};

export interface ReportOutcome {
  state: WatchState;
  /** Stretches dropped: longer than the time since the last report allows, or outside the video. */
  dropped: Stretch[];
  /** Seconds of the video covered, and as a share of it (0–1). */
  covered: number;
  share: number;
  complete: boolean;
  /** Refused whole: too many separate stretches. The state is unchanged. */
  refused?: 'too-many-stretches';
}

const round = (s: number) => Math.round(s * 10) / 10;

/**
 * The union of stretches, sorted. Only overlapping or touching stretches are joined, never across
 * a gap: joining gaps "too small to matter" would credit a client that reports slivers spaced just
 * under the gap with several times what it played. The player reports continuous play as
 * stretches that touch (each starts where the last ended).
 */
export function mergeStretches(stretches: readonly Stretch[]): Stretch[] {
  const sorted = [...stretches].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export const coveredSeconds = (played: readonly Stretch[]) => played.reduce((s, [a, b]) => s + (b - a), 0);

/**
 * Applies one report, made at `now` (server ms), of stretches played in a video of
 * `durationSeconds`. The first report of a viewing (no `lastReportAt`) only starts the clock:
 * nothing could have played before the server heard of it.
 */
export function applyReport(
  state: WatchState,
  stretches: readonly Stretch[],
  durationSeconds: number,
  now: number,
  rules: WatchRules = DEFAULT_WATCH_RULES,
): ReportOutcome {
  const dropped: Stretch[] = [];
  const elapsedMs =
    state.lastReportAt === undefined
      ? 0
      : Math.min(Math.max(0, now - state.lastReportAt), rules.maxCreditedGapMs);
  let budget = state.lastReportAt === undefined ? 0 : (elapsedMs / 1000) * rules.topRate + rules.slackSeconds;
  const accepted: Stretch[] = [];
  for (const stretch of stretches) {
    const [from, to] = stretch;
    const inVideo =
      Number.isFinite(from) && Number.isFinite(to) && from >= 0 && to > from && from < durationSeconds;
    const clipped: Stretch = [round(from), round(Math.min(to, durationSeconds))];
    const length = clipped[1] - clipped[0];
    if (!inVideo || length > budget) {
      dropped.push(stretch);
      continue;
    }
    budget -= length;
    accepted.push(clipped);
  }
  const played = mergeStretches([...state.played, ...accepted]);
  if (played.length > MAX_STRETCHES)
    return { ...outcome(state, durationSeconds), dropped: [...stretches], refused: 'too-many-stretches' };
  return { ...outcome({ played, lastReportAt: now }, durationSeconds), dropped };
}

function outcome(state: WatchState, durationSeconds: number) {
  const covered = round(Math.min(coveredSeconds(state.played), durationSeconds));
  const share = durationSeconds > 0 ? covered / durationSeconds : 0;
  return { state, covered, share, complete: share >= COMPLETE_SHARE, dropped: [] as Stretch[] };
}
