/**
 * Re-marking (phúc khảo) of grade-10 papers through the API: the family sees the scores from the
 * timetable's announcement, asks once for a paper to be marked again while the window is open,
 * the Department enters the board's result, which becomes the score the allocation uses; the
 * Department's own entry closes at the announcement, and nothing is adopted while requests may
 * come or wait for a result.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../../infra/local/demo-citizens.ts';
import {
  asCitizen,
  type Child,
  closedWindow,
  GUARDIAN,
  gradeNinePupil,
  LEVEL_1_GUARDIAN,
  openGrade10Campaign,
  runAllocation,
  spareSchoolYear,
} from '../support/admissions.ts';
import { api, until } from '../support/cloud.ts';

/** A citizen at level 2 who is no parent of these children. */
const STRANGER = DEMO_CITIZENS.find((c) => c.identityLevel === 2 && c.sub !== GUARDIAN.sub)!;

const run = Date.now() % 100_000;
const vi = { 'accept-language': 'vi-VN' };

interface Application {
  applicationId: string;
  version: number;
  papers?: { code: string; name: string; score: number | 'absent' }[];
  remark?: {
    state: string;
    reason?: string;
    papers: { code: string; name: string; score: number; after?: number }[];
    note?: string;
    decidedByName?: string;
  };
  mayRequestRemark: boolean;
  history: { action: string }[];
}
interface Problem {
  detail: string;
  errors?: { field: string; message: string }[];
}

describe('re-marking a grade-10 paper', () => {
  const schoolYear = spareSchoolYear(6);
  let campaignId: string;
  let tranPhu: string;
  let hongBang: string;
  const pupils: Record<'an' | 'binh', Child> = {} as never;
  /** A run computed before the re-marking's result. */
  let first: string;
  const applications: Record<'an' | 'binh', Application> = {} as never;

  const campaign = async () =>
    (
      await api<{ version: number; name: string; timetable: Record<string, string> }>(
        `/admission-campaigns/${campaignId}`,
      )
    ).body;
  const setTimetable = async (timetable: Record<string, string>) => {
    const c = await campaign();
    return api<Problem>(`/admission-campaigns/${campaignId}`, {
      as: 'admin',
      method: 'PUT',
      headers: vi,
      body: { expectedVersion: c.version, name: c.name, timetable },
    });
  };
  const mine = async (name: 'an' | 'binh') =>
    (
      await asCitizen<Application>(
        GUARDIAN.sub,
        `/me/admission-applications/${applications[name].applicationId}`,
      )
    ).body;
  const ask = (name: 'an' | 'binh', body: Record<string, unknown>, sub = GUARDIAN.sub) =>
    asCitizen<Application & Problem>(
      sub,
      `/me/admission-applications/${applications[name].applicationId}/remarking`,
      { body, headers: vi },
    );
  const allocate = () => runAllocation(campaignId);
  const adopt = async (runId: string) =>
    api<Problem & { adoptedRunId?: string }>(`/admission-allocation-runs/${runId}/adoption`, {
      as: 'admin',
      headers: vi,
      body: { expectedVersion: (await campaign()).version },
    });

  beforeAll(async () => {
    for (const citizen of [GUARDIAN, STRANGER, LEVEL_1_GUARDIAN])
      expect((await asCitizen(citizen.sub, '/me')).status).toBe(200);
    const made = await openGrade10Campaign(schoolYear, [
      { schoolId: 'THPT-TRANPHU', area: 'KV1', quota: 1 },
      { schoolId: 'THPT-HONGBANG', area: 'KV1', quota: 1 },
    ]);
    campaignId = made.campaignId;
    [tranPhu, hongBang] = made.programmeIds as [string, string];
    pupils.an = await gradeNinePupil(750_000 + run, 'Nguyễn Thị An');
    pupils.binh = await gradeNinePupil(760_000 + run, 'Trần Thị Bình');
    for (const name of ['an', 'binh'] as const) {
      const applied = await asCitizen<Application>(GUARDIAN.sub, '/me/admission-applications', {
        body: { campaignId, childPersonalId: pupils[name].personalId, preferences: [tranPhu, hongBang] },
      });
      expect(applied.status, JSON.stringify(applied.body)).toBe(201);
      const verified = await api<Application>(
        `/admission-applications/${applied.body.applicationId}/verification`,
        { as: 'principal2', body: { decision: 'verify', expectedVersion: applied.body.version } },
      );
      expect(verified.status, JSON.stringify(verified.body)).toBe(200);
      applications[name] = verified.body;
    }
    expect((await setTimetable(closedWindow())).status).toBe(200);
    // Bình 21.2, An 21: Bình takes Trần Phú's one place, An goes to Hồng Bàng — until re-marked.
    const scored = await api(`/admission-campaigns/${campaignId}/scores`, {
      as: 'admin',
      body: {
        scores: [
          { applicationId: applications.an.applicationId, papers: { MATH: 700, LIT: 700, ENG: 700 } },
          { applicationId: applications.binh.applicationId, papers: { MATH: 720, LIT: 700, ENG: 700 } },
        ],
      },
    });
    expect(scored.status, JSON.stringify(scored.body)).toBe(200);
  }, 120_000);

  it('is offered only when the timetable names when scores are announced and requests end', async () => {
    const an = await mine('an');
    expect(an.papers).toBeUndefined();
    expect(an.mayRequestRemark).toBe(false);
    const refused = await ask('an', { expectedVersion: an.version, papers: ['MATH'] });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('Kỳ tuyển sinh này không nhận đơn phúc khảo.');

    const window = closedWindow(Date.now() - 10 * 60_000);
    const alone = await setTimetable({ ...window, scoresFrom: new Date().toISOString() });
    expect(alone.status).toBe(400);
    expect(alone.body.errors?.[0]?.field).toBe('timetable.remarkUntil');
    const backwards = await setTimetable({
      ...window,
      scoresFrom: new Date().toISOString(),
      remarkUntil: new Date(Date.now() - 30_000).toISOString(),
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors?.[0]).toMatchObject({
      field: 'timetable.remarkUntil',
      message: 'Hạn nộp đơn phúc khảo phải sau thời điểm công bố điểm.',
    });
    const set = await setTimetable({
      ...window,
      scoresFrom: new Date(Date.now() - 5 * 60_000).toISOString(),
      remarkUntil: new Date(Date.now() + 10 * 60_000).toISOString(),
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
  });

  it('shows the family the scores once announced; from then the Department’s entry is closed', async () => {
    const an = await mine('an');
    expect(an.papers).toEqual([
      { code: 'MATH', name: 'Toán', score: 700 },
      { code: 'LIT', name: 'Ngữ văn', score: 700 },
      { code: 'ENG', name: 'Tiếng Anh', score: 700 },
    ]);
    expect(an.mayRequestRemark).toBe(true);
    const entry = await api<Problem>(`/admission-campaigns/${campaignId}/scores`, {
      as: 'admin',
      headers: vi,
      body: { scores: [{ applicationId: applications.an.applicationId, papers: { MATH: 1000 } }] },
    });
    expect(entry.status).toBe(409);
    expect(entry.body.detail).toContain('từ đó điểm chỉ thay đổi qua phúc khảo');
    const sheet = await api(`/admission-campaigns/${campaignId}/score-imports`, {
      as: 'admin',
      method: 'POST',
    });
    expect(sheet.status).toBe(409);
  });

  it('takes one request from the guardian at identity level 2, for papers that were marked', async () => {
    const an = await mine('an');
    const none = await ask('an', { expectedVersion: an.version, papers: [] });
    expect(none.status).toBe(400);
    expect(none.body.errors?.[0]).toMatchObject({
      field: 'papers',
      message: 'Hãy chọn ít nhất một bài thi cần phúc khảo.',
    });
    const unmarked = await ask('an', { expectedVersion: an.version, papers: ['PHYS'] });
    expect(unmarked.status).toBe(400);
    expect(unmarked.body.errors?.[0]?.field).toBe('papers');
    const stale = await ask('an', { expectedVersion: an.version - 1, papers: ['MATH'] });
    expect(stale.status).toBe(409);
    // Not their child: the same as none at all; level 1 is not enough.
    expect((await ask('an', { expectedVersion: an.version, papers: ['MATH'] }, STRANGER.sub)).status).toBe(
      404,
    );
    expect(
      (await ask('an', { expectedVersion: an.version, papers: ['MATH'] }, LEVEL_1_GUARDIAN.sub)).status,
    ).toBe(403);

    const asked = await ask('an', {
      expectedVersion: an.version,
      papers: ['MATH'],
      reason: 'Con tự chấm lại được khoảng 8 điểm.',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body.remark).toEqual({
      state: 'requested',
      requestedAt: expect.any(String),
      reason: 'Con tự chấm lại được khoảng 8 điểm.',
      papers: [{ code: 'MATH', name: 'Toán', score: 700 }],
    });
    expect(asked.body.mayRequestRemark).toBe(false);
    expect(asked.body.history.at(-1)?.action).toBe('remark-requested');
    const twice = await ask('an', { expectedVersion: asked.body.version, papers: ['LIT'] });
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toBe('Thí sinh này đã nộp đơn phúc khảo.');
  });

  it('adopts nothing while requests may come or wait for their result', async () => {
    first = await allocate();
    const open = await adopt(first);
    expect(open.status).toBe(409);
    expect(open.body.detail).toContain('Đơn phúc khảo được nhận đến');
    // Announced: the window and the announcement no longer move.
    const c = await campaign();
    const moved = await setTimetable({
      applyFrom: c.timetable.applyFrom!,
      applyUntil: c.timetable.applyUntil!,
      scoresFrom: new Date(Date.now() + 60_000).toISOString(),
      remarkUntil: c.timetable.remarkUntil!,
    });
    expect(moved.status).toBe(400);
    expect(moved.body.errors?.[0]).toMatchObject({
      field: 'timetable.scoresFrom',
      message: 'Điểm thi đã được công bố: nay chỉ có thể thay đổi hạn nộp đơn phúc khảo.',
    });
    // The Department ends the requests early (minutes ago: settled); the request still waits.
    expect(
      (
        await setTimetable({
          applyFrom: c.timetable.applyFrom!,
          applyUntil: c.timetable.applyUntil!,
          scoresFrom: c.timetable.scoresFrom!,
          remarkUntil: new Date(Date.now() - 2 * 60_000).toISOString(),
        })
      ).status,
    ).toBe(200);
    const waiting = await adopt(first);
    expect(waiting.status).toBe(409);
    expect(waiting.body.detail).toBe(
      'Còn đơn phúc khảo chưa có kết quả: hãy nhập kết quả trước khi chọn kết quả xét tuyển.',
    );
    // Over: no more requests.
    const bBinh = await mine('binh');
    expect(bBinh.mayRequestRemark).toBe(false);
    const late = await ask('binh', { expectedVersion: bBinh.version, papers: ['MATH'] });
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('Đã hết hạn nộp đơn phúc khảo');
  });

  it('takes the board’s result from the Department: the new score is kept and the family told', async () => {
    interface Remark {
      applicationId: string;
      childName: string;
      schoolName: string;
      state: string;
      papers: { name: string; score: number; after?: number }[];
      version: number;
    }
    const waiting = await api<{ items: Remark[] }>(`/admission-campaigns/${campaignId}/remarking`, {
      as: 'admin',
    });
    expect(waiting.status, JSON.stringify(waiting.body)).toBe(200);
    expect(waiting.body.items).toEqual([
      expect.objectContaining({
        applicationId: applications.an.applicationId,
        childName: 'Nguyễn Thị An',
        schoolName: 'Trường THCS Ngô Quyền',
        state: 'requested',
        papers: [{ code: 'MATH', name: 'Toán', score: 700 }],
      }),
    ]);
    const version = waiting.body.items[0]!.version;
    const decide = (scores: Record<string, number>, as = 'admin') =>
      api<Application & Problem>(
        `/admission-applications/${applications.an.applicationId}/remarking/result`,
        {
          as,
          headers: vi,
          body: { expectedVersion: version, scores, note: 'Câu 4 chấm sót 0,75 điểm.' },
        },
      );
    // Outside the Department: refused. Each paper asked needs a score on the scale, and no other.
    expect([403, 404]).toContain((await decide({ MATH: 775 }, 'principal2')).status);
    const missing = await decide({});
    expect(missing.status).toBe(400);
    expect(missing.body.errors?.[0]).toMatchObject({
      field: 'scores.MATH',
      message: 'Hãy nhập điểm bài “Toán” sau phúc khảo.',
    });
    const offScale = await decide({ MATH: 730 });
    expect(offScale.body.errors?.[0]).toMatchObject({
      field: 'scores.MATH',
      message: 'Điểm bài “Toán” phải từ 0 đến 10, lẻ đến 0,25.',
    });
    const notAsked = await decide({ MATH: 775, LIT: 800 });
    expect(notAsked.body.errors?.[0]?.field).toBe('scores.LIT');

    const decided = await decide({ MATH: 775 });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.papers?.find((p) => p.code === 'MATH')?.score).toBe(775);
    expect(decided.body.remark).toMatchObject({
      state: 'decided',
      papers: [{ code: 'MATH', score: 700, after: 775 }],
      note: 'Câu 4 chấm sót 0,75 điểm.',
      decidedByName: expect.any(String),
    });
    expect((await decide({ MATH: 800 })).status).toBe(409);
    const left = await api<{ items: Remark[] }>(`/admission-campaigns/${campaignId}/remarking`, {
      as: 'admin',
    });
    expect(left.body.items).toEqual([]);
    const done = await api<{ items: Remark[] }>(
      `/admission-campaigns/${campaignId}/remarking?state=decided`,
      { as: 'admin' },
    );
    expect(done.body.items.map((r) => [r.childName, r.papers[0]?.after])).toEqual([['Nguyễn Thị An', 775]]);

    // The family reads it on the application and in the inbox.
    expect((await mine('an')).remark?.papers).toEqual([
      { code: 'MATH', name: 'Toán', score: 700, after: 775 },
    ]);
    const told = await until(async () => {
      const inbox = await asCitizen<{ items: { notificationId: string; body: string }[] }>(
        GUARDIAN.sub,
        '/me/notifications?limit=50',
        { headers: vi },
      );
      return inbox.body.items.find((n) => n.notificationId === `adm-${applications.an.applicationId}-remark`);
    }, 30_000);
    expect(told.body).toContain('Nguyễn Thị An: Toán: 7 → 7,75');
  });

  it('counts the re-marked score in the allocation adopted after it', async () => {
    // The run computed before the result does not count it: refused.
    const stale = await adopt(first);
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toContain('chạy trước khi có kết quả phúc khảo cuối cùng');
    const runId = await allocate();
    const adopted = await adopt(runId);
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(200);
    const explain = async (name: 'an' | 'binh') =>
      (
        await api<{ preferences: { outcome: string; schoolName: string }[] }>(
          `/admission-allocation-runs/${runId}/applications/${applications[name].applicationId}`,
          { as: 'admin', headers: vi },
        )
      ).body;
    // An 21.75 now ahead of Bình 21.2: the one place at Trần Phú is hers.
    expect((await explain('an')).preferences[0]).toMatchObject({
      outcome: 'admitted',
      schoolName: 'Trường THPT chuyên Trần Phú',
    });
    expect((await explain('binh')).preferences.map((p) => p.outcome)).toEqual(['rejected', 'admitted']);
    // Audited at the school's commune.
    const trail = await api<{ items: { action: string; targetId: string }[] }>(
      '/org-units/P-NGOQUYEN/audit?limit=100',
      { as: 'commune2.admin' },
    );
    expect(
      trail.body.items.filter((e) => e.targetId === applications.an.applicationId).map((e) => e.action),
    ).toEqual(
      expect.arrayContaining(['admission-application.remark-request', 'admission-application.remark-result']),
    );
  });
});
