/**
 * What a video player actually played, as stretches of the video in seconds, for the server's
 * watched-time check (functions/courses/domain/watched.ts). The player calls `at(currentTime)`
 * on each `timeupdate` while playing and `stop()` on pause, seeking and end; `take()` hands over
 * what was played since the last report. Continuous play gives stretches that touch (each starts
 * where the last ended); a jump — a seek either way, or a step longer than playback could make —
 * closes the stretch, so a seek never reports the part skipped.
 */
export type Stretch = [number, number];

/** `timeupdate` fires every 250 ms or so: at the top rate (2×) a step is about 0.5 s. */
export const MAX_STEP_SECONDS = 1.5;

export class PlayedStretches {
  private open: Stretch | undefined;
  private closed: Stretch[] = [];

  /** The player is at `time` while playing. */
  at(time: number) {
    if (!Number.isFinite(time)) return;
    const open = this.open;
    if (open && time >= open[1] && time - open[1] <= MAX_STEP_SECONDS) open[1] = time;
    else {
      this.close();
      this.open = [time, time];
    }
  }

  /** Play stopped: paused, seeking, ended, the page hidden. */
  stop() {
    this.close();
  }

  /** What was played since the last take; play going on continues from where it was. */
  take(): Stretch[] {
    const out = this.closed;
    this.closed = [];
    if (this.open && this.open[1] > this.open[0]) {
      out.push([this.open[0], this.open[1]]);
      this.open = [this.open[1], this.open[1]];
    }
    return out.map(([a, b]) => [round(a), round(b)]);
  }

  /** A report that did not reach the server: its stretches go with the next one. */
  putBack(stretches: readonly Stretch[]) {
    this.closed.unshift(...stretches);
  }

  get pending() {
    return this.closed.length > 0 || Boolean(this.open && this.open[1] > this.open[0]);
  }

  private close() {
    if (this.open && this.open[1] > this.open[0]) this.closed.push(this.open);
    this.open = undefined;
  }
}

const round = (s: number) => Math.round(s * 10) / 10;
