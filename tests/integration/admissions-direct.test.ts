/**
 * Direct admissions (tuyển thẳng) and places reserved for a priority group, through the API: the
 * Department admits a verified candidate directly with the basis written down, never beyond the
 * programme's places and never once a result is adopted; reserved places are a priority group's of
 * the campaign's rules; the allocation places the direct admissions first and fills a group's
 * places with the group's best. The expected outcome is worked out by hand from the rules below.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  asCitizen,
  closedWindow,
  GUARDIAN,
  gradeNinePupil,
  openGrade10Campaign,
  runAllocation,
  spareSchoolYear,
} from '../support/admissions.ts';
import { api } from '../support/cloud.ts';

const run = Date.now() % 100_000;
const vi = { 'accept-language': 'vi-VN' };
type Name = 'an' | 'binh' | 'cuc' | 'dat' | 'em';

interface Application {
  applicationId: string;
  version: number;
  direct?: { programmeId: string; schoolName: string; basis: string; byName: string };
  history: { action: string; note?: string }[];
}
interface Problem {
  detail: string;
  errors?: { field: string; message: string }[];
}

describe('direct admissions and places reserved for a priority group', () => {
  let campaignId: string;
  let tranPhu: string;
  let hongBang: string;
  const applications = {} as Record<Name, Application>;

  const staffView = async (name: Name) =>
    (await api<Application>(`/admission-applications/${applications[name].applicationId}`, { as: 'admin' }))
      .body;
  const admitDirectly = async (
    name: Name,
    direct: { programmeId: string; basis: string } | null,
    version?: number,
  ) =>
    api<Application & Problem>(
      `/admission-applications/${applications[name].applicationId}/direct-admission`,
      {
        as: 'admin',
        method: 'PUT',
        headers: vi,
        body: { expectedVersion: version ?? (await staffView(name)).version, direct },
      },
    );

  beforeAll(async () => {
    // The guardian's first sign-in makes their account.
    expect((await asCitizen(GUARDIAN.sub, '/me')).status).toBe(200);
    const made = await openGrade10Campaign(spareSchoolYear(21), [
      { schoolId: 'THPT-TRANPHU', area: 'KV1', quota: 2 },
      { schoolId: 'THPT-HONGBANG', area: 'KV1', quota: 1 },
    ]);
    campaignId = made.campaignId;
    [tranPhu, hongBang] = made.programmeIds as [string, string];
    // Cúc is of group UT3 (one point); the others of none.
    const pupils: [Name, string, string | undefined][] = [
      ['an', 'Lương Thị An', undefined],
      ['binh', 'Lương Thị Bình', undefined],
      ['cuc', 'Lương Thị Cúc', 'UT3'],
      ['dat', 'Lương Thị Đạt', undefined],
      ['em', 'Lương Thị Em', undefined],
    ];
    for (const [i, [name, fullName, group]] of pupils.entries()) {
      const child = await gradeNinePupil(930_000 + run * 5 + i, fullName);
      const applied = await asCitizen<Application>(GUARDIAN.sub, '/me/admission-applications', {
        body: {
          campaignId,
          childPersonalId: child.personalId,
          preferences: [tranPhu, hongBang],
          ...(group ? { priorityGroup: group } : {}),
        },
      });
      expect(applied.status, JSON.stringify(applied.body)).toBe(201);
      applications[name] = applied.body;
      // Em's stays unverified.
      if (name === 'em') continue;
      const verified = await api<Application>(
        `/admission-applications/${applied.body.applicationId}/verification`,
        {
          as: 'principal2',
          body: { decision: 'verify', expectedVersion: applied.body.version },
        },
      );
      expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    }
  });

  it('keeps reserved places for a priority group of the rules, within the places', async () => {
    const put = (reserved: unknown, quota = 2) =>
      api<Problem>(`/admission-campaigns/${campaignId}/programmes`, {
        as: 'admin',
        method: 'PUT',
        headers: vi,
        body: { schoolId: 'THPT-TRANPHU', kind: 'regular', area: 'KV1', quota, reserved },
      });
    const unknown = await put([{ category: 'NOT-A-GROUP', places: 1, releaseUnfilled: true }]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toMatchObject([
      {
        field: 'reserved',
        message: 'Chỉ tiêu dành riêng phải cho một nhóm ưu tiên trong quy định của kỳ tuyển sinh.',
      },
    ]);
    expect((await put([{ category: 'UT3', places: 1, releaseUnfilled: true }])).status).toBe(200);
  });

  it('admits only a verified candidate directly, with a basis, never beyond the places', async () => {
    const basis = 'Giải Nhất học sinh giỏi quốc gia môn Toán năm 2027';
    const unverified = await admitDirectly('em', { programmeId: tranPhu, basis });
    expect(unverified.status).toBe(409);
    expect(unverified.body.detail).toBe('Chỉ hồ sơ đã được trường xác nhận mới được tuyển thẳng.');
    const nowhere = await admitDirectly('dat', { programmeId: 'THPT-NOWHERE:regular', basis });
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.errors?.[0]?.field).toBe('direct.programmeId');
    const blank = await admitDirectly('dat', { programmeId: tranPhu, basis: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.errors?.[0]?.field).toBe('direct.basis');
    const stale = await admitDirectly('dat', { programmeId: tranPhu, basis }, 1);
    expect(stale.status).toBe(409);

    const dat = await admitDirectly('dat', { programmeId: tranPhu, basis });
    expect(dat.status, JSON.stringify(dat.body)).toBe(200);
    expect(dat.body.direct).toMatchObject({
      programmeId: tranPhu,
      schoolName: 'Trường THPT chuyên Trần Phú',
      basis,
    });
    expect(dat.body.history.at(-1)).toMatchObject({ action: 'direct-admitted', note: basis });
    // The family reads it as the published outcome, not before.
    const own = await asCitizen<Application>(
      GUARDIAN.sub,
      `/me/admission-applications/${applications.dat.applicationId}`,
    );
    expect(own.body.direct).toBeUndefined();
    expect(own.body.history.map((h) => h.action)).not.toContain('direct-admitted');

    // Two places at Trần Phú: An fills the second, Bình finds none; An taken away again.
    expect((await admitDirectly('an', { programmeId: tranPhu, basis })).status).toBe(200);
    const full = await admitDirectly('binh', { programmeId: tranPhu, basis });
    expect(full.status).toBe(400);
    expect(full.body.errors).toMatchObject([
      {
        field: 'direct.programmeId',
        message: 'Toàn bộ chỉ tiêu của lớp này đã dành cho học sinh tuyển thẳng.',
      },
    ]);
    const fewer = await api<Problem>(`/admission-campaigns/${campaignId}/programmes`, {
      as: 'admin',
      method: 'PUT',
      headers: vi,
      body: { schoolId: 'THPT-TRANPHU', kind: 'regular', area: 'KV1', quota: 1 },
    });
    expect(fewer.status).toBe(400);
    expect(fewer.body.errors?.[0]).toMatchObject({
      field: 'quota',
      message: 'Lớp đã có 2 học sinh tuyển thẳng: chỉ tiêu không thể ít hơn.',
    });
    // An's family withdraws: the place is free again, and Bình takes it; then the Department takes it away.
    const withdrawn = await asCitizen<Application>(
      GUARDIAN.sub,
      `/me/admission-applications/${applications.an.applicationId}/withdrawal`,
      { body: { expectedVersion: (await staffView('an')).version } },
    );
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect((await staffView('an')).direct).toBeUndefined();
    expect((await admitDirectly('binh', { programmeId: tranPhu, basis })).status).toBe(200);
    const removed = await admitDirectly('binh', null);
    expect(removed.status).toBe(200);
    expect(removed.body.direct).toBeUndefined();
    expect(removed.body.history.at(-1)?.action).toBe('direct-removed');

    const list = await api<{
      items: { applicationId: string; childName: string; programme: { schoolName: string } }[];
    }>(`/admission-campaigns/${campaignId}/direct-admissions`, { as: 'admin' });
    expect(list.body.items).toEqual([
      expect.objectContaining({
        applicationId: applications.dat.applicationId,
        childName: 'Lương Thị Đạt',
        programme: expect.objectContaining({ schoolName: 'Trường THPT chuyên Trần Phú' }),
      }),
    ]);
    // A school's staff manage no admissions.
    expect(
      (await api(`/admission-campaigns/${campaignId}/direct-admissions`, { as: 'principal1' })).status,
    ).toBe(403);
  });

  it('lists a school’s applications in one state, page by page', async () => {
    const inState = async (state: string) => {
      const names: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await api<{ items: { childName: string; state: string }[]; nextCursor?: string }>(
          `/org-units/THCS-NGOQUYEN/admission-applications?campaignId=${campaignId}&state=${state}&limit=1${
            cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
          }`,
          { as: 'principal2' },
        );
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(1);
        names.push(...page.body.items.map((a) => a.childName));
        cursor = page.body.nextCursor;
      } while (cursor);
      return names.sort();
    };
    // Em was never verified; An's family withdrew.
    expect(await inState('submitted')).toEqual(['Lương Thị Em']);
    expect(await inState('withdrawn')).toEqual(['Lương Thị An']);
    expect(await inState('verified')).toEqual(['Lương Thị Bình', 'Lương Thị Cúc', 'Lương Thị Đạt']);
    const bad = await api<Problem>(
      `/org-units/THCS-NGOQUYEN/admission-applications?campaignId=${campaignId}&state=approved`,
      { as: 'principal2' },
    );
    expect(bad.status).toBe(400);
  });

  it('places the direct admission first and the group’s best on its reserved place; then nothing changes', async () => {
    const c = await api<{ version: number; name: string }>(`/admission-campaigns/${campaignId}`);
    const closed = await api(`/admission-campaigns/${campaignId}`, {
      as: 'admin',
      method: 'PUT',
      body: { expectedVersion: c.body.version, name: c.body.name, timetable: closedWindow() },
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const papers = (score: number) => ({ MATH: score, LIT: score, ENG: score });
    const scored = await api(`/admission-campaigns/${campaignId}/scores`, {
      as: 'admin',
      body: {
        scores: [
          { applicationId: applications.binh.applicationId, papers: papers(800) },
          { applicationId: applications.cuc.applicationId, papers: papers(500) },
          { applicationId: applications.dat.applicationId, papers: papers(300) },
        ],
      },
    });
    expect(scored.status, JSON.stringify(scored.body)).toBe(200);
    const runId = await runAllocation(campaignId);
    const explain = async (name: Name) =>
      (
        await api<{
          direct?: string;
          preferences: { programmeId: string; outcome: string; seat?: { kind: string; category?: string } }[];
        }>(`/admission-allocation-runs/${runId}/applications/${applications[name].applicationId}`, {
          as: 'admin',
          headers: vi,
        })
      ).body;
    // Trần Phú's two places: Đạt's directly; the other is UT3's, so Cúc (15 + 1 points) takes it
    // over Bình (24), who goes to Hồng Bàng's one place (An withdrew).
    expect((await explain('dat')).direct).toBe('Trường THPT chuyên Trần Phú');
    const cuc = await explain('cuc');
    expect(cuc.preferences[0]).toMatchObject({
      programmeId: tranPhu,
      outcome: 'admitted',
      seat: { kind: 'reserved', category: 'UT3' },
    });
    expect((await explain('binh')).preferences.map((p) => p.outcome)).toEqual(['rejected', 'admitted']);

    const adopt = async (id: string) =>
      api<Problem>(`/admission-allocation-runs/${id}/adoption`, {
        as: 'admin',
        headers: vi,
        body: {
          expectedVersion: (await api<{ version: number }>(`/admission-campaigns/${campaignId}`)).body
            .version,
        },
      });
    // A direct admission changed after the run (its basis corrected): that run is not adopted.
    const corrected = await admitDirectly('dat', {
      programmeId: tranPhu,
      basis: 'Giải Nhất học sinh giỏi quốc gia môn Toán (Quyết định 125)',
    });
    expect(corrected.status).toBe(200);
    const stale = await adopt(runId);
    expect(stale.status).toBe(409);
    expect(stale.body.detail).toBe(
      'Lần xét tuyển này chạy trước lần thay đổi tuyển thẳng gần nhất: hãy chạy xét tuyển lại.',
    );
    const adopted = await adopt(await runAllocation(campaignId));
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(200);
    const late = await admitDirectly('binh', { programmeId: hongBang, basis: 'Giải Nhì quốc gia' });
    expect(late.status).toBe(409);
    expect(late.body.detail).toBe(
      'Kết quả xét tuyển đã được chọn: không thể thay đổi dữ liệu dùng để xét tuyển.',
    );
  });
});
