/**
 * The portal's SCORM runtime (portal/src/ui/scorm-runtime.ts) with the real scorm-again, driven
 * as a unit drives it: the API is where a unit looks for it (window.API, window.API_1484_11),
 * starts from what the server kept, and every commit reaches the sender with an increasing
 * sequence; a commit that fails is sent with the next; the page going away sends what is left
 * as a final (keepalive) commit; closing the player takes the API away.
 */
import { describe, expect, it } from 'vitest';
import { type RuntimeData, startScormRuntime } from '../../portal/src/ui/scorm-runtime.ts';

type Sent = { cmi: RuntimeData; seq: number; final: boolean };

/** The window a unit's frame sees as its parent: events, a document that can be hidden. */
function fakeWindow() {
  const target = new EventTarget() as EventTarget & Record<string, unknown>;
  const document = new EventTarget() as EventTarget & { visibilityState: string };
  document.visibilityState = 'visible';
  target.document = document;
  return target as unknown as Window & typeof globalThis & Record<string, unknown>;
}

interface Api12 {
  LMSInitialize(v: string): string;
  LMSGetValue(k: string): string;
  LMSSetValue(k: string, v: string): string;
  LMSCommit(v: string): string;
  LMSFinish(v: string): string;
}
interface Api2004 {
  Initialize(v: string): string;
  GetValue(k: string): string;
  SetValue(k: string, v: string): string;
  Commit(v: string): string;
}

const core = (sent: Sent) => sent.cmi.core as Record<string, unknown>;

describe('the SCORM runtime', () => {
  it('gives a SCORM 1.2 unit the learner and what it saved, and sends each commit', async () => {
    const win = fakeWindow();
    const sent: Sent[] = [];
    const runtime = await startScormRuntime(
      {
        standard: 'scorm12',
        learner: { id: 'teacher1', name: 'Nguyễn Thị Hương' },
        cmi: {
          core: { lesson_location: 'trang-2', lesson_status: 'incomplete', entry: 'resume' },
          suspend_data: '1,2',
        },
      },
      async (commit, final) => {
        sent.push({ ...commit, final });
      },
      win,
    );
    const api = win.API as Api12;
    expect(api.LMSInitialize('')).toBe('true');
    expect(api.LMSGetValue('cmi.core.student_id')).toBe('teacher1');
    expect(api.LMSGetValue('cmi.core.student_name')).toBe('Nguyễn Thị Hương');
    expect(api.LMSGetValue('cmi.core.lesson_location')).toBe('trang-2');
    expect(api.LMSGetValue('cmi.core.entry')).toBe('resume');
    expect(api.LMSGetValue('cmi.suspend_data')).toBe('1,2');

    api.LMSSetValue('cmi.core.lesson_location', 'trang-3');
    expect(api.LMSCommit('')).toBe('true');
    await runtime.settled();
    api.LMSSetValue('cmi.core.score.raw', '90');
    api.LMSSetValue('cmi.core.lesson_status', 'passed');
    api.LMSCommit('');
    await runtime.settled();

    expect(sent.map((s) => [core(s).lesson_location, core(s).lesson_status, s.final])).toEqual([
      ['trang-3', 'incomplete', false],
      ['trang-3', 'passed', false],
    ]);
    expect(sent[1]!.seq).toBeGreaterThan(sent[0]!.seq);

    expect(api.LMSFinish('')).toBe('true');
    await runtime.settled();
    expect(sent.at(-1)).toMatchObject({ final: true });
    runtime.stop();
    expect(win.API).toBeUndefined();
  });

  it('sends a failed commit again with the next, and what is left when the page goes away', async () => {
    const win = fakeWindow();
    const sent: Sent[] = [];
    let failNext = true;
    const runtime = await startScormRuntime(
      { standard: 'scorm12', learner: { id: 'teacher1', name: 'Hương' }, cmi: {} },
      async (commit, final) => {
        if (failNext) {
          failNext = false;
          throw new Error('offline');
        }
        sent.push({ ...commit, final });
      },
      win,
    );
    const api = win.API as Api12;
    api.LMSInitialize('');
    api.LMSSetValue('cmi.core.lesson_location', 'trang-1');
    api.LMSCommit('');
    await runtime.settled();
    expect(sent).toEqual([]);
    api.LMSSetValue('cmi.suspend_data', 'da-xem=1');
    api.LMSCommit('');
    await runtime.settled();
    expect(sent.map((s) => s.cmi.suspend_data)).toEqual(['da-xem=1']);

    // Set but not committed by the unit: the page hidden sends it, as a final commit.
    api.LMSSetValue('cmi.core.lesson_location', 'trang-2');
    (win.document as unknown as { visibilityState: string }).visibilityState = 'hidden';
    win.document.dispatchEvent(new Event('visibilitychange'));
    await runtime.settled();
    expect(sent.at(-1)).toMatchObject({ final: true });
    expect(core(sent.at(-1)!).lesson_location).toBe('trang-2');
    runtime.stop();
  });

  it('numbers commits above what the server kept, and sends what waits when the player closes', async () => {
    const win = fakeWindow();
    const sent: Sent[] = [];
    let offline = true;
    // A laptop whose clock ran an hour ahead saved last: this device must still count as newer.
    const kept = Date.now() + 3_600_000;
    const runtime = await startScormRuntime(
      { standard: 'scorm12', learner: { id: 'teacher1', name: 'Hương' }, cmi: {}, seq: kept },
      async (commit, final) => {
        if (offline) throw new Error('offline');
        sent.push({ ...commit, final });
      },
      win,
    );
    const api = win.API as Api12;
    api.LMSInitialize('');
    api.LMSSetValue('cmi.core.lesson_status', 'passed');
    api.LMSFinish('');
    await runtime.settled();
    expect(sent).toEqual([]);
    // The unit is finished and will not commit again: closing the player sends what waits.
    offline = false;
    runtime.stop();
    await runtime.settled();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.seq).toBeGreaterThan(kept);
    expect(core(sent[0]!).lesson_status).toBe('passed');
  });

  it('puts a SCORM 2004 unit’s API where 2004 units look for it', async () => {
    const win = fakeWindow();
    const sent: Sent[] = [];
    const runtime = await startScormRuntime(
      {
        standard: 'scorm2004',
        learner: { id: 'teacher1', name: 'Hương' },
        cmi: { location: 'p4', completion_status: 'incomplete', entry: 'resume' },
      },
      async (commit, final) => {
        sent.push({ ...commit, final });
      },
      win,
    );
    expect(win.API).toBeUndefined();
    const api = win.API_1484_11 as Api2004;
    expect(api.Initialize('')).toBe('true');
    expect(api.GetValue('cmi.learner_id')).toBe('teacher1');
    expect(api.GetValue('cmi.location')).toBe('p4');
    api.SetValue('cmi.completion_status', 'completed');
    api.Commit('');
    await runtime.settled();
    expect(sent.at(-1)!.cmi).toMatchObject({ completion_status: 'completed', location: 'p4' });
    runtime.stop();
    expect(win.API_1484_11).toBeUndefined();
  });
});
