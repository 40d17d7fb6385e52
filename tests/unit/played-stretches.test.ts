import { describe, expect, it } from 'vitest';
import { PlayedStretches } from '../../portal/src/ui/played.ts';

const play = (p: PlayedStretches, from: number, to: number, step = 0.25) => {
  for (let t = from; t <= to + 1e-9; t += step) p.at(t);
};

describe('the stretches a player reports', () => {
  it('reports continuous play as stretches that touch, report after report', () => {
    const p = new PlayedStretches();
    play(p, 0, 15);
    expect(p.take()).toEqual([[0, 15]]);
    play(p, 15.25, 30);
    expect(p.take()).toEqual([[15, 30]]);
    expect(p.take()).toEqual([]);
  });

  it('never reports the part a seek skipped, forwards or back', () => {
    const p = new PlayedStretches();
    play(p, 0, 5);
    p.stop(); // seeking
    play(p, 590, 600);
    play(p, 10, 12); // a seek back without a `seeking` event: the jump alone closes the stretch
    expect(p.take()).toEqual([
      [0, 5],
      [590, 600],
      [10, 12],
    ]);
  });

  it('keeps a report that failed for the next one', () => {
    const p = new PlayedStretches();
    play(p, 0, 10);
    const lost = p.take();
    play(p, 10.25, 20);
    p.putBack(lost);
    expect(p.take()).toEqual([
      [0, 10],
      [10, 20],
    ]);
  });

  it('has nothing pending when paused on a frame', () => {
    const p = new PlayedStretches();
    p.at(42);
    expect(p.pending).toBe(false);
    p.stop();
    expect(p.take()).toEqual([]);
  });
});
