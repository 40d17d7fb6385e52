/**
 * The second round for grade-10 places left, through the API and the allocation worker: opened
 * only after the first round's confirmation deadline with each programme's places less its
 * confirmed enrolments, preferences listed by candidates without a confirmed place among
 * programmes with places, a run of the round adopted beside the first round's result, its result
 * published on the applications with a notification, and a place confirmed by the round's deadline.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  asCitizen,
  type Child,
  GUARDIAN,
  gradeNinePupil,
  moveIntoPast,
  passConfirmationDeadline,
  publishedGrade10Campaign,
  spareSchoolYear,
} from '../support/admissions.ts';
import { api, until } from '../support/cloud.ts';

const run = Date.now() % 100_000;
const vi = { 'accept-language': 'vi-VN' };

interface Application {
  applicationId: string;
  version: number;
  outcome?: { admitted: boolean; schoolName?: string };
  secondRound?: {
    preferences: { schoolName: string }[];
    outcome?: { admitted: boolean; schoolName?: string; preference?: number };
  };
  mayChooseSecondRound: boolean;
  mayConfirm: boolean;
  confirmation?: { at: string; schoolName?: string };
}
interface Campaign {
  version: number;
  adoptedRunId?: string;
  secondRound?: {
    places: Record<string, number>;
    phase: string;
    adoptedRunId?: string;
    publishedAt?: string;
  };
}
interface Problem {
  detail: string;
  errors?: { field: string; message: string }[];
}

describe('the second round for places left', () => {
  let campaignId: string;
  let tranPhu: string;
  let hongBang: string;
  const ids: Record<'binh' | 'an' | 'chi', string> = {} as never;

  const campaign = async () => (await api<Campaign>(`/admission-campaigns/${campaignId}`)).body;
  const mine = async (name: 'binh' | 'an' | 'chi') =>
    (await asCitizen<Application>(GUARDIAN.sub, `/me/admission-applications/${ids[name]}`)).body;
  const open = async (window: { applyFrom: string; applyUntil: string; confirmUntil: string }) =>
    api<Campaign & Problem>(`/admission-campaigns/${campaignId}/second-round`, {
      as: 'admin',
      headers: vi,
      body: { expectedVersion: (await campaign()).version, ...window },
    });
  const choose = async (name: 'binh' | 'an' | 'chi', preferences: string[]) =>
    asCitizen<Application & Problem>(GUARDIAN.sub, `/me/admission-applications/${ids[name]}/second-round`, {
      method: 'PUT',
      headers: vi,
      body: { expectedVersion: (await mine(name)).version, preferences },
    });
  const confirm = async (name: 'binh' | 'an' | 'chi') =>
    asCitizen<Application & Problem>(GUARDIAN.sub, `/me/admission-applications/${ids[name]}/confirmation`, {
      headers: vi,
      body: { expectedVersion: (await mine(name)).version },
    });

  beforeAll(async () => {
    expect((await asCitizen(GUARDIAN.sub, '/me')).status).toBe(200);
    const pupil = (serial: number, name: string): Promise<Child> => gradeNinePupil(serial + run, name);
    const children = {
      binh: await pupil(810_000, 'Trần Thị Bình'),
      an: await pupil(820_000, 'Nguyễn Thị An'),
      chi: await pupil(830_000, 'Lê Thị Chi'),
    };
    const papers = (score: number) => ({ MATH: score, LIT: score, ENG: score });
    // One place at Trần Phú, one at Hồng Bàng: Bình (27) takes Trần Phú, An (25.5) Hồng Bàng, Chi (24) none.
    const published = await publishedGrade10Campaign(
      spareSchoolYear(7),
      [
        { schoolId: 'THPT-TRANPHU', area: 'KV1', quota: 1 },
        { schoolId: 'THPT-HONGBANG', area: 'KV1', quota: 1 },
      ],
      [
        { child: children.binh, choose: (p) => p, papers: papers(900) },
        { child: children.an, choose: (p) => p, papers: papers(850) },
        { child: children.chi, choose: (p) => p, papers: papers(800) },
      ],
    );
    campaignId = published.campaignId;
    [tranPhu, hongBang] = published.programmeIds as [string, string];
    [ids.binh, ids.an, ids.chi] = published.applicationIds as [string, string, string];
    expect((await mine('an')).outcome).toMatchObject({ admitted: true, schoolName: 'Trường THPT Hồng Bàng' });
    // Bình confirms her place; An lets hers go.
    expect((await confirm('binh')).status).toBe(200);
  }, 180_000);

  it('opens only after the first round’s confirmation deadline, with the places confirmations left', async () => {
    const window = {
      applyFrom: new Date(Date.now() - 1_000).toISOString(),
      applyUntil: new Date(Date.now() + 3_600_000).toISOString(),
      confirmUntil: new Date(Date.now() + 86_400_000).toISOString(),
    };
    const early = await open(window);
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('Chỉ mở xét tuyển bổ sung sau hạn xác nhận nhập học của đợt đầu');
    await passConfirmationDeadline(campaignId);
    const backwards = await open({ ...window, confirmUntil: window.applyFrom });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors?.[0]?.field).toBe('confirmUntil');
    const opened = await open(window);
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    // Trần Phú is full (Bình confirmed); Hồng Bàng's one place was not confirmed.
    expect(opened.body.secondRound).toMatchObject({ places: { [hongBang]: 1 }, phase: 'accepting' });
    expect(opened.body.secondRound!.places[tranPhu]).toBeUndefined();
    expect((await open(window)).status).toBe(409);
  });

  it('takes preferences from candidates without a confirmed place, among programmes with places', async () => {
    expect((await mine('chi')).mayChooseSecondRound).toBe(true);
    expect((await mine('binh')).mayChooseSecondRound).toBe(false);
    const full = await choose('chi', [tranPhu]);
    expect(full.status).toBe(400);
    expect(full.body.errors?.[0]).toMatchObject({
      field: 'preferences.0',
      message: 'Trường này không còn chỉ tiêu xét tuyển bổ sung.',
    });
    const confirmed = await choose('binh', [hongBang]);
    expect(confirmed.status).toBe(409);
    expect(confirmed.body.detail).toContain('chưa xác nhận nhập học');
    for (const name of ['chi', 'an'] as const) {
      const chosen = await choose(name, [hongBang]);
      expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
      expect(chosen.body.secondRound?.preferences.map((p) => p.schoolName)).toEqual([
        'Trường THPT Hồng Bàng',
      ]);
    }
  });

  it('runs over those preferences and places once the window has closed, adopted beside the first round', async () => {
    const start = () =>
      api<{ runId: string } & Problem>(`/admission-campaigns/${campaignId}/allocation-runs`, {
        as: 'admin',
        headers: vi,
        body: { round: 2 },
      });
    expect((await start()).status).toBe(409);
    // The window's end, moved into the past on the table: no test waits on the clock.
    await moveIntoPast(campaignId, 'secondRound.applyUntil');
    expect((await campaign()).secondRound?.phase).toBe('closed');
    // A what-if of the round may take places away, never give more than are left (Hồng Bàng: 1).
    const over = await api<Problem>(`/admission-campaigns/${campaignId}/allocation-runs`, {
      as: 'admin',
      headers: vi,
      body: { round: 2, quotas: { [hongBang]: 2 } },
    });
    expect(over.status).toBe(400);
    expect(over.body.errors).toMatchObject([
      {
        field: `quotas.${hongBang}`,
        message: 'Xét tuyển bổ sung chỉ còn 1 chỉ tiêu ở lớp này: phương án thử không thể nhiều hơn.',
      },
    ]);
    const started = await start();
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const done = await until(async () => {
      const r = await api<{
        state: string;
        round?: number;
        summary: { candidates: number; admitted: number };
      }>(`/admission-allocation-runs/${started.body.runId}`, { as: 'admin' });
      return r.body.state === 'done' ? r.body : undefined;
    }, 30_000);
    expect(done).toMatchObject({ round: 2, summary: { candidates: 2, admitted: 1 } });
    const before = await campaign();
    const adopted = await api<Campaign>(`/admission-allocation-runs/${started.body.runId}/adoption`, {
      as: 'admin',
      body: { expectedVersion: before.version },
    });
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(200);
    expect(adopted.body.secondRound?.adoptedRunId).toBe(started.body.runId);
    expect(adopted.body.adoptedRunId).toBe(before.adoptedRunId);
  });

  it('publishes its result on the applications, tells the families, and takes a confirmation by its deadline', async () => {
    expect((await mine('an')).secondRound?.outcome).toBeUndefined();
    const published = await api<Campaign>(`/admission-campaigns/${campaignId}/second-round/publication`, {
      as: 'admin',
      body: { expectedVersion: (await campaign()).version },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body.secondRound?.phase).toBe('published');
    const an = await mine('an');
    expect(an.secondRound?.outcome).toEqual({
      admitted: true,
      schoolName: 'Trường THPT Hồng Bàng',
      preference: 1,
    });
    expect(an.mayConfirm).toBe(true);
    expect((await mine('chi')).secondRound?.outcome).toEqual({ admitted: false });
    expect((await mine('chi')).mayConfirm).toBe(false);
    const told = await until(async () => {
      const inbox = await asCitizen<{ items: { notificationId: string; body: string }[] }>(
        GUARDIAN.sub,
        '/me/notifications?limit=50',
        { headers: vi },
      );
      return inbox.body.items.find((n) => n.notificationId === `adm-${ids.an}-round2`);
    }, 30_000);
    expect(told.body).toContain('Nguyễn Thị An trúng tuyển xét tuyển bổ sung');
    expect(told.body).toContain('Trường THPT Hồng Bàng');
    const confirmed = await confirm('an');
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.confirmation).toMatchObject({ schoolName: 'Trường THPT Hồng Bàng' });
    expect((await confirm('chi')).status).toBe(409);
    // Counted at the programme: both places are now taken.
    const programmes = await api<{ items: { programmeId: string; confirmed?: number }[] }>(
      `/admission-campaigns/${campaignId}/programmes`,
    );
    expect(programmes.body.items.map((p) => [p.programmeId, p.confirmed])).toEqual(
      expect.arrayContaining([
        [tranPhu, 1],
        [hongBang, 1],
      ]),
    );
    // Published once.
    const again = await api(`/admission-campaigns/${campaignId}/second-round/publication`, {
      as: 'admin',
      body: { expectedVersion: (await campaign()).version },
    });
    expect(again.status).toBe(409);
  });
});
