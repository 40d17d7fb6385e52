/** Re-marking's rules (functions/admissions/domain/remarking.ts), pure. */
import { describe, expect, it } from 'vitest';
import {
  applyRemarkResult,
  onScale,
  type RemarkRequest,
  remarkAdoptionRefusal,
  remarkRequestRefusal,
  remarkWindow,
  scoresMayBeEntered,
  scoresShown,
} from '../../functions/admissions/domain/remarking.ts';

const timetable = {
  applyFrom: '2027-05-01T00:00:00Z',
  applyUntil: '2027-05-10T00:00:00Z',
  scoresFrom: '2027-06-20T03:00:00Z',
  remarkUntil: '2027-06-23T10:00:00Z',
};
const at = (iso: string) => new Date(iso);
const asked: RemarkRequest = { papers: ['MATH'], requestedAt: '2027-06-21T00:00:00Z', state: 'requested' };

describe('the re-marking window', () => {
  it('is none without both times, then before, open (both ends included), over', () => {
    expect(
      remarkWindow(
        { applyFrom: timetable.applyFrom, applyUntil: timetable.applyUntil },
        at('2027-06-21T00:00:00Z'),
      ),
    ).toBe('none');
    expect(remarkWindow(timetable, at('2027-06-20T02:59:59Z'))).toBe('before');
    expect(remarkWindow(timetable, at('2027-06-20T03:00:00Z'))).toBe('open');
    expect(remarkWindow(timetable, at('2027-06-23T10:00:00Z'))).toBe('open');
    expect(remarkWindow(timetable, at('2027-06-23T10:00:01Z'))).toBe('over');
  });

  it('shows scores to families from the announcement (or once published) and closes the entry then', () => {
    expect(scoresShown(timetable, false, at('2027-06-20T02:59:59Z'))).toBe(false);
    expect(scoresShown(timetable, false, at('2027-06-20T03:00:00Z'))).toBe(true);
    expect(scoresShown({ applyFrom: '', applyUntil: '' }, true, at('2027-06-20T00:00:00Z'))).toBe(true);
    expect(scoresShown({ applyFrom: '', applyUntil: '' }, false, at('2030-01-01T00:00:00Z'))).toBe(false);
    expect(scoresMayBeEntered(timetable, at('2027-06-20T02:59:59Z'))).toBe(true);
    expect(scoresMayBeEntered(timetable, at('2027-06-20T03:00:00Z'))).toBe(false);
    expect(scoresMayBeEntered({ applyFrom: '', applyUntil: '' }, at('2030-01-01T00:00:00Z'))).toBe(true);
  });
});

describe('a guardian’s request', () => {
  const papers = { MATH: 700, LIT: 650, ENG: 'absent' as const };
  it('is taken once, in the window, for marked papers only', () => {
    expect(remarkRequestRefusal('open', { papers }, ['MATH', 'LIT'])).toBeUndefined();
    expect(remarkRequestRefusal('none', { papers }, ['MATH'])?.code).toBe('remark-not-offered');
    expect(remarkRequestRefusal('before', { papers }, ['MATH'])?.code).toBe('remark-not-open');
    expect(remarkRequestRefusal('over', { papers }, ['MATH'])?.code).toBe('remark-over');
    expect(remarkRequestRefusal('open', { papers, remark: asked }, ['LIT'])?.code).toBe(
      'remark-asked-already',
    );
    expect(remarkRequestRefusal('open', { papers }, [])?.code).toBe('remark-no-papers');
    expect(remarkRequestRefusal('open', { papers }, ['MATH', 'ENG'])).toEqual({
      code: 'remark-paper-not-marked',
      paper: 'ENG',
    });
    expect(remarkRequestRefusal('open', {}, ['MATH'])?.code).toBe('remark-paper-not-marked');
  });
});

describe('the board’s result', () => {
  const papers = { MATH: 700, LIT: 650, ENG: 800 };
  const two: RemarkRequest = { ...asked, papers: ['MATH', 'LIT'] };
  it('replaces each asked paper’s score and keeps what it was', () => {
    expect(applyRemarkResult(papers, two, { MATH: 775, LIT: 600 })).toEqual({
      papers: { MATH: 775, LIT: 600, ENG: 800 },
      results: { MATH: { before: 700, after: 775 }, LIT: { before: 650, after: 600 } },
    });
  });

  it('needs every asked paper on the scale, no other, and a request waiting', () => {
    expect(applyRemarkResult(papers, two, { MATH: 775 })).toEqual({
      refusal: 'remark-result-missing',
      paper: 'LIT',
    });
    expect(applyRemarkResult(papers, two, { MATH: 775, LIT: 610 })).toEqual({
      refusal: 'remark-result-off-scale',
      paper: 'LIT',
    });
    expect(applyRemarkResult(papers, two, { MATH: 775, LIT: 600, ENG: 900 })).toEqual({
      refusal: 'remark-result-not-asked',
      paper: 'ENG',
    });
    expect(applyRemarkResult(papers, undefined, { MATH: 775 })).toEqual({ refusal: 'remark-not-waiting' });
    expect(applyRemarkResult(papers, { ...two, state: 'decided' }, { MATH: 775, LIT: 600 })).toEqual({
      refusal: 'remark-not-waiting',
    });
  });

  it('reads the national scale: 0 to 10 in quarters', () => {
    expect([0, 25, 50, 725, 1000].every(onScale)).toBe(true);
    expect([-25, 10, 730, 1025, 7.5].some(onScale)).toBe(false);
  });
});

describe('adopting a result under re-marking', () => {
  const settled = '2027-06-23T10:01:00Z';
  it('waits for the window to end and settle, then for every result, and takes only a run after them', () => {
    const adopt = (now: string, created: string, last?: string, waiting = false) =>
      remarkAdoptionRefusal(timetable, at(now), created, last, waiting);
    expect(adopt('2027-06-20T02:00:00Z', '2027-06-20T01:00:00Z')).toBe('remark-window-open');
    expect(adopt('2027-06-22T00:00:00Z', '2027-06-21T00:00:00Z')).toBe('remark-window-open');
    expect(adopt('2027-06-23T10:00:59Z', '2027-06-23T10:00:30Z')).toBe('remark-window-open');
    expect(adopt('2027-06-24T00:00:00Z', settled, undefined, true)).toBe('remark-waiting');
    expect(adopt('2027-06-24T00:00:00Z', '2027-06-23T10:00:59Z')).toBe('run-before-remark');
    expect(adopt('2027-06-24T00:00:00Z', settled, '2027-06-23T12:00:00Z')).toBe('run-before-remark');
    expect(adopt('2027-06-24T00:00:00Z', '2027-06-23T12:00:01Z', '2027-06-23T12:00:00Z')).toBeUndefined();
    expect(adopt('2027-06-24T00:00:00Z', settled)).toBeUndefined();
    expect(
      remarkAdoptionRefusal(
        { applyFrom: '', applyUntil: '' },
        at('2027-06-21T00:00:00Z'),
        '2027-06-20T00:00:00Z',
        undefined,
        false,
      ),
    ).toBeUndefined();
  });
});
