/**
 * Watched time (functions/courses/domain/watched.ts) against hand-worked reports, and a property:
 * whatever a client reports, what is credited never exceeds what could have played in the time the
 * server saw pass (computed here from the report times, not by the module).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyReport,
  COMPLETE_SHARE,
  mergeStretches,
  type Stretch,
  type WatchState,
} from '../../functions/courses/domain/watched.ts';

const T0 = Date.UTC(2026, 3, 6, 1, 0, 0);
const s = (seconds: number) => T0 + seconds * 1000;
const fresh: WatchState = { played: [] };

/** Plays a video honestly at `rate`, reporting every 15 s of wall-clock time. */
function watch(duration: number, rate = 1) {
  let state = applyReport(fresh, [], duration, s(0)).state;
  let position = 0;
  let wall = 0;
  let last = applyReport(state, [], duration, s(0));
  while (position < duration) {
    wall += 15;
    const next = Math.min(duration, position + 15 * rate);
    last = applyReport(state, [[position, next]], duration, s(wall));
    state = last.state;
    position = next;
  }
  return last;
}

describe('watched time', () => {
  it('credits continuous play, reported every 15 s, and completes the video', () => {
    const done = watch(600);
    expect(done.covered).toBe(600);
    expect(done.complete).toBe(true);
    expect(done.state.played).toEqual([[0, 600]]);
  });

  it('credits play at the top rate (2×) too', () => {
    expect(watch(300, 2).covered).toBe(300);
  });

  it('drops a seek to the end: the stretch is longer than the time since the last report allows', () => {
    const started = applyReport(fresh, [], 600, s(0));
    const seek = applyReport(
      started.state,
      [
        [0, 15],
        [570, 600],
      ],
      600,
      s(15),
    );
    // 15 s passed: at 2× up to 32 s of video (30 + 2 slack). [0, 15) fits; [570, 600) is 30 s and
    // 17 s of budget are left: dropped whole.
    expect(seek.state.played).toEqual([[0, 15]]);
    expect(seek.dropped).toEqual([[570, 600]]);
    expect(seek.complete).toBe(false);
    // And one report claiming the whole video a minute in is dropped too.
    const claim = applyReport(started.state, [[0, 600]], 600, s(60));
    expect(claim.covered).toBe(0);
  });

  it('starts the clock on the first report: nothing could have played before', () => {
    const first = applyReport(fresh, [[0, 10]], 600, s(0));
    expect(first.covered).toBe(0);
    expect(first.dropped).toEqual([[0, 10]]);
    expect(first.state.lastReportAt).toBe(s(0));
  });

  it('credits at most 5 minutes of silence (a tab left open does not buy an hour)', () => {
    const started = applyReport(fresh, [], 3_600, s(0));
    // An hour later: 5 min × 2 + 2 s = 602 s of budget, so a 600 s stretch counts, 700 s does not.
    expect(applyReport(started.state, [[0, 600]], 3_600, s(3_600)).covered).toBe(600);
    expect(applyReport(started.state, [[0, 700]], 3_600, s(3_600)).covered).toBe(0);
  });

  it('counts a stretch watched twice once, and what lies outside the video not at all', () => {
    let state = applyReport(fresh, [], 100, s(0)).state;
    state = applyReport(state, [[0, 20]], 100, s(15)).state;
    const again = applyReport(state, [[10, 30]], 100, s(30));
    expect(again.state.played).toEqual([[0, 30]]);
    const outside = applyReport(
      again.state,
      [
        [-5, 3],
        [120, 130],
        [5, Number.NaN],
      ],
      100,
      s(45),
    );
    expect(outside.dropped).toHaveLength(3);
    expect(outside.covered).toBe(30);
    // The end clipped to the video's length.
    expect(applyReport(again.state, [[90, 104]], 100, s(45)).state.played).toEqual([
      [0, 30],
      [90, 100],
    ]);
  });

  it('completes at 90 % covered, not before', () => {
    let state = applyReport(fresh, [], 100, s(0)).state;
    const at = (from: number, to: number, t: number) => applyReport(state, [[from, to]], 100, s(t));
    let r = at(0, 30, 20);
    state = r.state;
    r = at(30, 60, 40);
    state = r.state;
    r = at(60, 89.9, 60);
    expect(r.share).toBeCloseTo(0.899, 6);
    expect(r.complete).toBe(false);
    state = r.state;
    r = at(89.9, 90, 61);
    expect(r.share).toBe(COMPLETE_SHARE);
    expect(r.complete).toBe(true);
  });

  it('joins touching stretches, never across a gap', () => {
    expect(
      mergeStretches([
        [10, 20],
        [0, 10],
        [20.5, 30],
      ]),
    ).toEqual([
      [0, 20],
      [20.5, 30],
    ]);
  });

  it('never credits more than could have played in the time the server saw (property)', () => {
    const stretch = fc
      .tuple(fc.double({ min: -10, max: 700, noNaN: true }), fc.double({ min: 0, max: 300, noNaN: true }))
      .map(([a, len]): Stretch => [a, a + len]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 120_000 }), fc.array(stretch, { maxLength: 6 })), {
          maxLength: 25,
        }),
        (reports) => {
          let state = fresh;
          let t = T0;
          let allowed = 0;
          for (const [gapMs, stretches] of reports) {
            const before = state.lastReportAt;
            t += gapMs;
            state = applyReport(state, stretches, 600, t).state;
            // The oracle: each report may add at most its budget (2× the gap, 5 min at most, + 2 s).
            if (before !== undefined) allowed += (Math.min(t - before, 300_000) / 1000) * 2 + 2;
            const covered = state.played.reduce((sum, [a, b]) => sum + (b - a), 0);
            expect(covered).toBeLessThanOrEqual(allowed + 1e-6);
          }
        },
      ),
    );
  });
});
