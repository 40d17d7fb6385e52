/**
 * A grade-10 campaign from draft to an adopted allocation, through the API and the worker: rules
 * checked, programmes set, guardians applying with VNeID level 2 (checked against the population
 * database stand-in), the lower-secondary school verifying and returning, edits and withdrawal
 * while the window is open and not after, scores entered, an allocation explained per candidate,
 * a what-if with other quotas that changes nothing until adopted.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  openResult,
  type PublishedResult,
  RESULT_TOKEN,
  type ReleaseNotice,
  releasePath,
  resultLocator,
  resultPath,
  type SealedResult,
} from '../../functions/admissions/domain/sealed-result.ts';
import { RESULTS_PREFIX } from '../../functions/admissions/messages.ts';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import {
  asCitizen,
  type Child,
  closedWindow,
  GRADE10_RULES,
  GUARDIAN,
  gradeNinePupil,
  LEVEL_1_GUARDIAN,
  openGrade10Campaign,
  openWindow,
  residentChild,
  spareSchoolYear,
} from '../support/admissions.ts';
import { api, cloud, postUpload, type UploadLink, until } from '../support/cloud.ts';
import { pdfPages, pdfText } from '../support/pdf.ts';

const run = Date.now() % 100_000;
const vi = { 'accept-language': 'vi-VN' };

interface Application {
  applicationId: string;
  state: string;
  version: number;
  schoolName: string;
  child: { fullName: string; currentSchoolName?: string };
  preferences?: { programmeId: string; schoolName: string }[];
  history: { action: string; byName: string; note?: string }[];
  mayChange: boolean;
  area?: string;
}

/** One notification of the guardian's inbox, once the notifications worker has put it there. */
const inboxItem = (notificationId: string) =>
  until(async () => {
    const inbox = await asCitizen<{
      items: { notificationId: string; category: string; title: string; body: string }[];
    }>(GUARDIAN.sub, '/me/notifications?limit=50', { headers: vi });
    return inbox.body.items.find((n) => n.notificationId === notificationId);
  }, 30_000);

describe('a grade-10 campaign', () => {
  const schoolYear = spareSchoolYear(1);
  let campaignId: string;
  let tranPhu: string;
  let hongBang: string;
  let thienHuong: string;
  const pupils: Record<'an' | 'binh' | 'chi' | 'dung' | 'other', Child & { recordId: string }> = {} as never;
  const applications: Record<string, Application> = {};

  beforeAll(async () => {
    // Their first VNeID sign-in makes their accounts (the portal asks GET /me first).
    for (const citizen of [GUARDIAN, LEVEL_1_GUARDIAN])
      expect((await asCitizen(citizen.sub, '/me')).status).toBe(200);
    const campaign = await openGrade10Campaign(schoolYear, [
      { schoolId: 'THPT-TRANPHU', area: 'KV1', quota: 2 },
      { schoolId: 'THPT-HONGBANG', area: 'KV1', quota: 1 },
      { schoolId: 'THPT-THIENHUONG', area: 'KV2', quota: 5 },
    ]);
    campaignId = campaign.campaignId;
    [tranPhu, hongBang, thienHuong] = campaign.programmeIds as [string, string, string];
    pupils.an = await gradeNinePupil(700_000 + run, 'Nguyễn Thị An');
    pupils.binh = await gradeNinePupil(710_000 + run, 'Trần Thị Bình');
    pupils.chi = await gradeNinePupil(720_000 + run, 'Lê Thị Chi');
    pupils.dung = await gradeNinePupil(730_000 + run, 'Phạm Thị Dung');
    // Another family's child: the guardian signed in is not among her parents.
    pupils.other = await gradeNinePupil(740_000 + run, 'Vũ Thị Khác', { guardians: ['031080999999'] });
  }, 120_000);

  it('checks the rules a form cannot: three papers with maths and literature, a window of its own days', async () => {
    const wrong = await api<{ errors: { field: string; message: string }[] }>('/admission-campaigns', {
      as: 'admin',
      headers: vi,
      body: {
        schoolYear: spareSchoolYear(2),
        grade: 10,
        name: 'Sai quy định',
        timetable: openWindow(),
        rules: {
          ...GRADE10_RULES,
          subjects: [
            GRADE10_RULES.subjects[0],
            { code: 'ENG', name: 'Tiếng Anh' },
            { code: 'HIS', name: 'Lịch sử' },
          ],
        },
      },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toMatchObject({
      field: 'rules.subjects',
      message: expect.stringContaining('Toán (MATH), Ngữ văn (LIT)'),
    });
    // Grade 6 of the same school year may not take applications on grade 10's days.
    const sameDays = await api<{ errors: { field: string; message: string }[] }>('/admission-campaigns', {
      as: 'admin',
      headers: vi,
      body: { schoolYear, grade: 6, name: 'Tuyển sinh lớp 6', timetable: openWindow() },
    });
    expect(sameDays.status).toBe(400);
    expect(sameDays.body.errors[0]!.message).toContain('đã dành cho tuyển sinh lớp 10');
    // Only the Department's office runs campaigns.
    expect(
      (
        await api('/admission-campaigns', {
          as: 'commune2.admin',
          body: { schoolYear: spareSchoolYear(3), grade: 6, name: 'x', timetable: openWindow() },
        })
      ).status,
    ).toBe(403);
  });

  it('shows its rules and programmes to anyone, by school name', async () => {
    const programmes = await api<{
      items: { programmeId: string; schoolName: string; areaName: string; quota: number }[];
    }>(`/admission-campaigns/${campaignId}/programmes`);
    expect(programmes.status).toBe(200);
    expect(programmes.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=60');
    expect(programmes.body.items.find((p) => p.programmeId === tranPhu)).toMatchObject({
      schoolName: 'Trường THPT chuyên Trần Phú',
      areaName: expect.stringContaining('Khu vực 1'),
      quota: 2,
    });
    const campaign = await api<{ phase: string; rules: { preferences: unknown[] } }>(
      `/admission-campaigns/${campaignId}`,
    );
    expect(campaign.body).toMatchObject({ phase: 'accepting' });
    expect(campaign.body.rules.preferences).toHaveLength(3);
  });

  it('takes applications from a guardian at identity level 2, for their own child only', async () => {
    const body = (child: Child, preferences: string[]) => ({
      campaignId,
      childPersonalId: child.personalId,
      preferences,
      phone: '0912345678',
    });
    const levelOne = await asCitizen(LEVEL_1_GUARDIAN.sub, '/me/admission-applications', {
      body: body(pupils.an, [tranPhu]),
      headers: vi,
    });
    expect(levelOne.status).toBe(403);
    expect(JSON.stringify(levelOne.body)).toContain('định danh mức 2');
    // Someone else's child and an ID nobody has get the same answer: nothing learnt by trying IDs.
    const other = await asCitizen(GUARDIAN.sub, '/me/admission-applications', {
      body: body(pupils.other, [tranPhu]),
      headers: vi,
    });
    const nobody = await asCitizen(GUARDIAN.sub, '/me/admission-applications', {
      body: body({ ...pupils.other, personalId: makePersonalId('031', 2011, 'male', 999_000 + run) }, [
        tranPhu,
      ]),
      headers: vi,
    });
    expect(other.status).toBe(400);
    expect(nobody.status).toBe(400);
    expect((other.body as { detail: string }).detail).toBe((nobody.body as { detail: string }).detail);
    // Preference 1 must be in the child's area (Ngô Quyền is in area 1; Thiên Hương in area 2).
    const outside = await asCitizen<{ errors: { field: string; message: string }[] }>(
      GUARDIAN.sub,
      '/me/admission-applications',
      {
        body: body(pupils.an, [thienHuong]),
        headers: vi,
      },
    );
    expect(outside.status).toBe(400);
    expect(outside.body.errors[0]).toMatchObject({
      field: 'preferences.0',
      message: expect.stringContaining('Nguyện vọng 1 phải là trường thuộc khu vực'),
    });

    const choices = {
      an: [tranPhu, hongBang, thienHuong],
      binh: [tranPhu],
      chi: [tranPhu],
      dung: [tranPhu, hongBang],
    };
    for (const [name, preferences] of Object.entries(choices)) {
      const made = await asCitizen<Application>(GUARDIAN.sub, '/me/admission-applications', {
        body: body(pupils[name as keyof typeof choices], preferences),
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      applications[name] = made.body;
    }
    // Filled in from the population and education databases, read by names.
    expect(applications.an).toMatchObject({
      state: 'submitted',
      schoolName: 'Trường THCS Ngô Quyền',
      area: 'KV1',
      child: { fullName: 'Nguyễn Thị An', currentSchoolName: 'Trường THCS Ngô Quyền' },
      mayChange: true,
    });
    expect(applications.an!.preferences!.map((p) => p.schoolName)).toEqual([
      'Trường THPT chuyên Trần Phú',
      'Trường THPT Hồng Bàng',
      'Trường THPT Thiên Hương',
    ]);
    expect(JSON.stringify(applications.an)).not.toContain(pupils.an.personalId);
    const again = await asCitizen(GUARDIAN.sub, '/me/admission-applications', {
      body: body(pupils.an, [tranPhu]),
    });
    expect(again.status).toBe(409);
    const mine = await asCitizen<{ items: Application[] }>(
      GUARDIAN.sub,
      '/me/admission-applications?limit=100',
    );
    expect(mine.body.items.map((a) => a.applicationId)).toEqual(
      expect.arrayContaining(Object.values(applications).map((a) => a.applicationId)),
    );
  });

  it('is verified by the pupil’s lower-secondary school, which may return it with what to correct', async () => {
    const listed = await api<{ items: { applicationId: string; childName: string; state: string }[] }>(
      `/org-units/THCS-NGOQUYEN/admission-applications?campaignId=${campaignId}&limit=100`,
      { as: 'principal2' },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((a) => a.childName)).toEqual(
      expect.arrayContaining(['Nguyễn Thị An', 'Lê Thị Chi']),
    );
    // Another school's leader sees no such application.
    expect(
      (await api(`/admission-applications/${applications.an!.applicationId}`, { as: 'principal1' })).status,
    ).toBe(404);
    const verify = async (name: string, decision: 'verify' | 'return', note?: string) => {
      const a = applications[name]!;
      const res = await api<Application>(`/admission-applications/${a.applicationId}/verification`, {
        as: 'principal2',
        headers: vi,
        body: { decision, expectedVersion: a.version, ...(note ? { note } : {}) },
      });
      if (res.status === 200) applications[name] = res.body;
      return res;
    };
    const noNote = await verify('binh', 'return');
    expect(noNote.status).toBe(400);
    expect(JSON.stringify(noNote.body)).toContain('Cần ghi rõ nội dung');
    expect((await verify('binh', 'return', 'Bổ sung số điện thoại của mẹ')).status).toBe(200);
    expect(applications.binh).toMatchObject({ state: 'returned' });
    // The family is told in its inbox, with what to correct and by when (Vietnam's clock).
    const returned = await inboxItem(
      `adm-${applications.binh!.applicationId}-v${applications.binh!.version}`,
    );
    expect(returned).toMatchObject({ category: 'admissions', title: 'Hồ sơ tuyển sinh cần bổ sung' });
    expect(returned.body).toContain('Trường THCS Ngô Quyền đề nghị sửa hồ sơ tuyển sinh của Trần Thị Bình');
    expect(returned.body).toContain('“Bổ sung số điện thoại của mẹ”');
    expect(returned.body).toMatch(/trước \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}\.$/);
    // The family corrects it: back to the school.
    const edited = await asCitizen<Application>(
      GUARDIAN.sub,
      `/me/admission-applications/${applications.binh!.applicationId}`,
      {
        method: 'PUT',
        body: {
          expectedVersion: applications.binh!.version,
          preferences: [tranPhu, hongBang],
          phone: '0987654321',
        },
      },
    );
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.state).toBe('submitted');
    applications.binh = edited.body;
    for (const name of ['an', 'binh', 'chi', 'dung']) expect((await verify(name, 'verify')).status).toBe(200);
    expect(applications.binh!.history.map((h) => h.action)).toEqual([
      'submitted',
      'returned',
      'edited',
      'verified',
    ]);
    expect(applications.binh!.history[1]).toMatchObject({
      byName: 'Phạm Thị Thu Hà',
      note: 'Bổ sung số điện thoại của mẹ',
    });
    // A stale version is refused, not overwritten.
    const stale = await api(`/admission-applications/${applications.an!.applicationId}/verification`, {
      as: 'principal2',
      body: { decision: 'return', note: 'x', expectedVersion: 1 },
    });
    expect(stale.status).toBe(409);
  });

  it('lets a family withdraw while the window is open and apply again; nothing changes once it has closed', async () => {
    const withdrawn = await asCitizen<Application>(
      GUARDIAN.sub,
      `/me/admission-applications/${applications.dung!.applicationId}/withdrawal`,
      {
        body: { expectedVersion: applications.dung!.version },
      },
    );
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.state).toBe('withdrawn');
    const again = await asCitizen<Application>(GUARDIAN.sub, '/me/admission-applications', {
      body: { campaignId, childPersonalId: pupils.dung.personalId, preferences: [tranPhu, hongBang] },
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    applications.dung = again.body;
    const verified = await api<Application>(
      `/admission-applications/${again.body.applicationId}/verification`,
      {
        as: 'principal2',
        body: { decision: 'verify', expectedVersion: again.body.version },
      },
    );
    applications.dung = verified.body;
    // The Department closes the window.
    const campaign = await api<{ version: number; name: string }>(`/admission-campaigns/${campaignId}`);
    const closed = await api<{ phase: string }>(`/admission-campaigns/${campaignId}`, {
      as: 'admin',
      method: 'PUT',
      body: { expectedVersion: campaign.body.version, name: campaign.body.name, timetable: closedWindow() },
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.phase).toBe('closed');
    const late = await asCitizen(
      GUARDIAN.sub,
      `/me/admission-applications/${applications.an!.applicationId}`,
      {
        method: 'PUT',
        headers: vi,
        body: { expectedVersion: applications.an!.version, preferences: [hongBang] },
      },
    );
    expect(late.status).toBe(409);
    expect(JSON.stringify(late.body)).toContain('Hồ sơ được nhận từ');
  });

  it('numbers and seats the verified candidates: their area, their school together, 24 a room', async () => {
    const seat = (councils: { schoolId: string; rooms: number }[]) =>
      api<{ state: string; councils: { schoolName: string; candidates?: number; roomsUsed?: number }[] }>(
        `/admission-campaigns/${campaignId}/exam-seating`,
        { as: 'admin', method: 'PUT', headers: vi, body: { councils } },
      );
    // A council must be an upper-secondary school of the campaign's areas (Bạch Đằng is in neither).
    const outside = await seat([{ schoolId: 'THPT-BACHDANG', rooms: 3 }]);
    expect(outside.status).toBe(400);
    expect(JSON.stringify(outside.body)).toContain('Hội đồng thi phải là trường THPT');
    const asked = await seat([
      { schoolId: 'THPT-TRANPHU', rooms: 1 },
      { schoolId: 'THPT-HONGBANG', rooms: 1 },
    ]);
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    expect(asked.body.state).toBe('pending');
    const done = await until(async () => {
      const r = await api<{
        state: string;
        candidates: number;
        councils: { schoolName: string; candidates?: number }[];
      }>(`/admission-campaigns/${campaignId}/exam-seating`, { as: 'admin' });
      return r.body.state === 'done' ? r.body : undefined;
    }, 30_000);
    // Four verified pupils of one school: together, in the first council with the most room.
    expect(done.candidates).toBe(4);
    expect(done.councils.map((k) => [k.schoolName, k.candidates])).toEqual([
      ['Trường THPT chuyên Trần Phú', 0],
      ['Trường THPT Hồng Bàng', 4],
    ]);
    // Numbered by given name: An, Bình, Chi, Dung.
    const exams = await Promise.all(
      ['an', 'binh', 'chi', 'dung'].map(async (name) => {
        const mine = await asCitizen<{
          exam?: { candidateNumber: string; councilName: string; room: number; seat: number };
        }>(GUARDIAN.sub, `/me/admission-applications/${applications[name]!.applicationId}`);
        return mine.body.exam;
      }),
    );
    expect(exams).toEqual(
      [1, 2, 3, 4].map((n) => ({
        candidateNumber: `00000${n}`,
        councilName: 'Trường THPT Hồng Bàng',
        room: 1,
        seat: n,
      })),
    );
  });

  it('prints the family’s receipt and admission ticket, and each council’s room list', async () => {
    type Doc = { state: 'ready'; downloadUrl: string } | { state: 'preparing' };
    const familyDoc = async (name: string, kind: 'receipt' | 'ticket') => {
      const path = `/me/admission-applications/${applications[name]!.applicationId}/documents/${kind}`;
      const asked = await asCitizen<Doc>(GUARDIAN.sub, path, { method: 'POST' });
      expect([200, 202], JSON.stringify(asked.body)).toContain(asked.status);
      return until(async () => {
        const r = await asCitizen<Doc>(GUARDIAN.sub, path);
        return r.body.state === 'ready' ? r.body.downloadUrl : undefined;
      }, 30_000);
    };
    // The receipt of the application as it stands: its version, the child, the preferences by name.
    const current = await asCitizen<{ version: number }>(
      GUARDIAN.sub,
      `/me/admission-applications/${applications.an!.applicationId}`,
    );
    const receipt = await pdfText(await familyDoc('an', 'receipt'));
    for (const text of [
      'PHIẾU TIẾP NHẬN HỒ SƠ TUYỂN SINH',
      'Nguyễn Thị An',
      'Trường THCS Ngô Quyền',
      'Trường THPT chuyên Trần Phú',
      'Trường THPT Thiên Hương',
      `lần cập nhật thứ ${current.body.version}`,
    ])
      expect(receipt).toContain(text);
    // The personal ID is masked on paper.
    expect(receipt).not.toContain(pupils.an.personalId);
    const ticket = await pdfText(await familyDoc('binh', 'ticket'));
    for (const text of [
      'GIẤY BÁO DỰ THI',
      '000002',
      'Trần Thị Bình',
      'Trường THPT Hồng Bàng',
      'chỗ ngồi số 2',
    ])
      expect(ticket).toContain(text);
    // Asked again, the one there is answers at once.
    const again = await asCitizen<Doc>(
      GUARDIAN.sub,
      `/me/admission-applications/${applications.binh!.applicationId}/documents/ticket`,
      { method: 'POST' },
    );
    expect(again).toMatchObject({ status: 200, body: { state: 'ready' } });
    // Nobody else's: another guardian's token finds no such application.
    expect(
      (
        await asCitizen(
          LEVEL_1_GUARDIAN.sub,
          `/me/admission-applications/${applications.an!.applicationId}/documents/receipt`,
        )
      ).status,
    ).toBe(404);

    // The Department's room lists: one PDF a council used, a room a page, candidates by seat.
    const asked = await api<{ councils: { councilName: string; state: string }[] }>(
      `/admission-campaigns/${campaignId}/room-lists`,
      { as: 'admin', method: 'POST' },
    );
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const lists = await until(async () => {
      const r = await api<{
        councils: { councilName: string; candidates: number; state: string; downloadUrl?: string }[];
      }>(`/admission-campaigns/${campaignId}/room-lists`, { as: 'admin' });
      return r.body.councils.length > 0 && r.body.councils.every((c) => c.state === 'ready')
        ? r.body.councils
        : undefined;
    }, 30_000);
    expect(lists.map((c) => c.councilName)).toEqual(['Trường THPT Hồng Bàng']);
    const pages = await pdfPages(lists[0]!.downloadUrl!);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toContain('DANH SÁCH THÍ SINH');
    expect(pages[0]).toContain('Phòng thi 001');
    const order = ['000001', '000002', '000003', '000004'].map((n) => pages[0]!.indexOf(n));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    // Schools and families may not have them.
    expect((await api(`/admission-campaigns/${campaignId}/room-lists`, { as: 'principal2' })).status).toBe(
      403,
    );
  });

  it('imports the scores from the marking boards’ sheet by candidate number, naming each refused cell', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Điểm thi');
    sheet.addRow(['STT', 'Số báo danh', 'Họ và tên', 'Toán', 'Ngữ văn', 'Tiếng Anh']);
    for (const row of [
      [1, '000001', 'Nguyễn Thị An', '8', '8', '8'],
      [2, 2, 'Trần Thị Bình', 9, 9, 9], // a number typed as a number: 000002
      [3, '000003', 'Lê Thị Chi', '8,5', '8.5', 8.5],
      [4, '000004', 'Phạm Thị Dung', '1', '9', '9'],
      [5, '000009', 'Không có', '7', '7', '7'],
      [6, '000001', 'Nguyễn Thị An', '9', '9', '9'],
      [7, 'SBD?', 'Không rõ', '7', '7', '7'],
      [8, '000007', 'Sai điểm', '8,3', '7', 'Vắng'],
      [],
    ])
      sheet.addRow(row);
    const asked = await api<{ importId: string; upload: UploadLink }>(
      `/admission-campaigns/${campaignId}/score-imports`,
      { as: 'admin', method: 'POST' },
    );
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    await postUpload(asked.body.upload, Buffer.from(await book.xlsx.writeBuffer()));
    const job = await until(async () => {
      const r = await api<{
        status: string;
        rows: number;
        saved: number;
        failed: number;
        errors: { row: number; column: string; message: string }[];
      }>(`/admission-score-imports/${asked.body.importId}`, { as: 'admin', headers: vi });
      return r.body.status === 'done' || r.body.status === 'failed' ? r.body : undefined;
    }, 30_000);
    expect(job).toMatchObject({ status: 'done', rows: 8, saved: 4, failed: 4 });
    expect(job.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [6, 'Số báo danh', 'Không có thí sinh nào của kỳ tuyển sinh mang số báo danh 000009.'],
      [7, 'Số báo danh', 'Số báo danh này đã có ở dòng 2.'],
      [8, 'Số báo danh', '“SBD?” không phải số báo danh.'],
      [9, 'Toán', '“8,3” không phải điểm từ 0 đến 10 (lẻ đến 0,25) hay “Vắng”.'],
    ]);
    // Another unit's staff cannot read it, and it looks like none.
    const outsider = await api(`/admission-score-imports/${asked.body.importId}`, { as: 'principal1' });
    expect([403, 404]).toContain(outsider.status);
  });

  it('allocates by deferred acceptance, explains each refusal, and adopts only the run chosen', async () => {
    // An 24; Bình 27; Chi 25.5; Dũng disqualified by a maths paper of 1.0.
    const papers = (math: number, lit: number, eng: number) => ({ MATH: math, LIT: lit, ENG: eng });
    const entered = await api<{ saved: number; refused: unknown[] }>(
      `/admission-campaigns/${campaignId}/scores`,
      {
        as: 'admin',
        body: {
          scores: [
            { applicationId: applications.an!.applicationId, papers: papers(800, 800, 800) },
            { applicationId: applications.binh!.applicationId, papers: papers(900, 900, 900) },
            { applicationId: applications.chi!.applicationId, papers: papers(850, 850, 850) },
            { applicationId: applications.dung!.applicationId, papers: papers(100, 900, 900) },
            { applicationId: applications.an!.applicationId, papers: { PHYS: 500 } },
          ],
        },
      },
    );
    expect(entered.status, JSON.stringify(entered.body)).toBe(200);
    expect(entered.body).toMatchObject({ saved: 4, refused: [{ row: 4 }] });

    const started = await api<{ runId: string; state: string }>(
      `/admission-campaigns/${campaignId}/allocation-runs`,
      {
        as: 'admin',
        body: { note: 'Chính thức' },
      },
    );
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    interface Run {
      state: string;
      summary: {
        admitted: number;
        disqualified: number;
        programmes: { programmeId: string; admitted: number; cutOffs?: number[] }[];
      };
    }
    const done = await until(async () => {
      const r = await api<Run>(`/admission-allocation-runs/${started.body.runId}`, { as: 'admin' });
      return r.body.state === 'done' ? r.body : undefined;
    }, 30_000);
    expect(done.summary).toMatchObject({ admitted: 3, disqualified: 1 });
    expect(done.summary.programmes.find((p) => p.programmeId === tranPhu)).toMatchObject({
      admitted: 2,
      cutOffs: [2550, 2650, 2750],
    });

    const explain = async (runId: string, name: string) =>
      (
        await api<{
          preferences: { outcome: string; reason?: string; schoolName: string }[];
          disqualified?: string;
        }>(`/admission-allocation-runs/${runId}/applications/${applications[name]!.applicationId}`, {
          as: 'admin',
          headers: vi,
        })
      ).body;
    const an = await explain(started.body.runId, 'an');
    expect(an.preferences.map((p) => p.outcome)).toEqual(['rejected', 'admitted', 'not-considered']);
    expect(an.preferences[0]!.reason).toBe('24 điểm, thấp hơn điểm chuẩn 25,5 ở nguyện vọng 1.');
    expect(an.preferences[1]!.schoolName).toBe('Trường THPT Hồng Bàng');
    const dung = await explain(started.body.runId, 'dung');
    expect(dung.disqualified).toBe('Bài Toán được 1 điểm: bài thi từ 1 điểm trở xuống bị loại.');

    // A what-if: three places at Trần Phú. An is in; nothing is official until adopted.
    const whatIf = await api<{ runId: string }>(`/admission-campaigns/${campaignId}/allocation-runs`, {
      as: 'admin',
      body: { quotas: { [tranPhu]: 3 }, note: 'Thêm 1 chỉ tiêu Trần Phú' },
    });
    expect(whatIf.status).toBe(202);
    await until(async () => {
      const r = await api<Run>(`/admission-allocation-runs/${whatIf.body.runId}`, { as: 'admin' });
      return r.body.state === 'done' ? r.body : undefined;
    }, 30_000);
    expect((await explain(whatIf.body.runId, 'an')).preferences[0]!.outcome).toBe('admitted');
    const before = await api<{ version: number; adoptedRunId?: string }>(
      `/admission-campaigns/${campaignId}`,
    );
    expect(before.body.adoptedRunId).toBeUndefined();
    const adopted = await api<{ adoptedRunId: string }>(
      `/admission-allocation-runs/${started.body.runId}/adoption`,
      {
        as: 'admin',
        body: { expectedVersion: before.body.version },
      },
    );
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(200);
    expect(adopted.body.adoptedRunId).toBe(started.body.runId);
    const runs = await api<{ items: { runId: string; whatIf: boolean; adoptedAt?: string }[] }>(
      `/admission-campaigns/${campaignId}/allocation-runs`,
      { as: 'admin' },
    );
    expect(runs.body.items.map((r) => [r.runId, r.whatIf, Boolean(r.adoptedAt)])).toEqual([
      [whatIf.body.runId, true, false],
      [started.body.runId, false, true],
    ]);
  });

  it('publishes at its minute: each family’s result sealed behind the CDN, opened only with their own token, then confirmed', async () => {
    const campaign = await api<{ version: number; name: string; timetable: Record<string, string> }>(
      `/admission-campaigns/${campaignId}`,
    );
    const releaseOf = async () =>
      (await api<{ createdAt: string }>(`/admission-campaigns/${campaignId}/publication`, { as: 'admin' }))
        .body;
    const setTimes = async (publishInMinutes: number, expectedVersion: number) =>
      api<{ version: number }>(`/admission-campaigns/${campaignId}`, {
        as: 'admin',
        method: 'PUT',
        body: {
          expectedVersion,
          name: campaign.body.name,
          timetable: {
            applyFrom: campaign.body.timetable.applyFrom,
            applyUntil: campaign.body.timetable.applyUntil,
            publishAt: new Date(Date.now() + publishInMinutes * 60_000).toISOString(),
            confirmUntil: new Date(Date.now() + 3 * 86_400_000).toISOString(),
          },
        },
      });
    const schedule = (expectedVersion: number) =>
      api<{ state: string; publishAt: string; code?: string }>(
        `/admission-campaigns/${campaignId}/publication`,
        {
          as: 'admin',
          headers: vi,
          body: { expectedVersion },
        },
      );
    // Too soon to write every family's result first.
    const soon = await setTimes(5, campaign.body.version);
    expect(soon.status, JSON.stringify(soon.body)).toBe(200);
    const tooSoon = await schedule(soon.body.version);
    expect(tooSoon.status).toBe(409);
    expect(JSON.stringify(tooSoon.body)).toContain('ít nhất 10 phút');
    const later = await setTimes(30, soon.body.version);
    const scheduled = await schedule(later.body.version);
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(202);
    expect(scheduled.body.state).toBe('preparing');
    const publishAt = scheduled.body.publishAt;

    const ready = await until(async () => {
      const r = await api<{ state: string; prepared: number; total: number }>(
        `/admission-campaigns/${campaignId}/publication`,
        { as: 'admin' },
      );
      return r.body.state === 'ready' ? r.body : undefined;
    }, 30_000);
    expect(ready.prepared).toBe(ready.total);
    expect(ready.total).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(ready)).not.toMatch(/secret/i);

    // The adopted result and the timetable no longer change.
    const now = await api<{ version: number }>(`/admission-campaigns/${campaignId}`);
    expect((await setTimes(60, now.body.version)).status).toBe(409);

    // Before the minute: the notice says "not yet" and holds no secret; the results are there, sealed.
    const cdn = (path: string) => fetch(`${cloud().apiUrl}/${RESULTS_PREFIX}${path}`);
    const early = await cdn(releasePath(campaignId));
    expect(early.status).toBe(200);
    expect(early.headers.get('cache-control')).toBe('public, max-age=5');
    const earlyNotice = (await early.json()) as ReleaseNotice;
    expect(earlyNotice).toMatchObject({ campaignId, released: false, publishAt });
    expect(earlyNotice.secret).toBeUndefined();

    const mine = async (name: string) =>
      (
        await asCitizen<Application & { resultToken?: string; outcome?: unknown; mayConfirm: boolean }>(
          GUARDIAN.sub,
          `/me/admission-applications/${applications[name]!.applicationId}`,
        )
      ).body;
    const an = await mine('an');
    expect(an.resultToken).toMatch(RESULT_TOKEN);
    expect(an.outcome).toBeUndefined();
    expect(an.mayConfirm).toBe(false);
    // Each family was told the minute, before it, with its own link (the token after `#`).
    const told = await inboxItem(
      `adm-res-${applications.an!.applicationId}-${Date.parse((await releaseOf()).createdAt).toString(36)}`,
    );
    expect(told).toMatchObject({ category: 'admissions', title: 'Giờ công bố kết quả tuyển sinh' });
    expect(told.body).toContain(`${cloud().apiUrl}/results/admissions/${campaignId}#${an.resultToken}`);
    const minute = new Date(Date.parse(publishAt) + 7 * 3_600_000).toISOString();
    expect(told.body).toContain(
      `lúc ${minute.slice(11, 16)} ${minute.slice(8, 10)}/${minute.slice(5, 7)}/${minute.slice(0, 4)}.`,
    );
    // The school and the Department never see a family's token.
    const staffView = await api(`/admission-applications/${applications.an!.applicationId}`, { as: 'admin' });
    expect(JSON.stringify(staffView.body)).not.toContain(an.resultToken!);

    const anPath = resultPath(campaignId, await resultLocator(an.resultToken!));
    expect(anPath).not.toContain(an.resultToken!);
    const sealedResponse = await cdn(anPath);
    expect(sealedResponse.status).toBe(200);
    const sealedText = await sealedResponse.text();
    for (const plain of ['Nguyễn Thị An', 'Hồng Bàng', 'admitted']) expect(sealedText).not.toContain(plain);
    const sealed = JSON.parse(sealedText) as SealedResult;
    // A path no family has is refused, as S3 refuses CloudFront a key it does not hold.
    expect((await cdn(resultPath(campaignId, 'ab'.repeat(32)))).status).toBe(403);

    // The release runs every minute: before the minute it releases nothing.
    const release = async (time: string) => {
      const fired = await fetch(
        `${cloud().apiUrl}/_local/fire/admissions-release-admission-results?time=${encodeURIComponent(time)}`,
        { method: 'POST' },
      );
      expect(fired.status).toBe(200);
      return ((await fired.json()) as { result: { released: string[] } }).result.released;
    };
    expect(await release(new Date(Date.parse(publishAt) - 60_000).toISOString())).not.toContain(campaignId);
    expect(((await (await cdn(releasePath(campaignId))).json()) as ReleaseNotice).released).toBe(false);
    expect(await release(publishAt)).toContain(campaignId);

    const notice = (await (await cdn(releasePath(campaignId))).json()) as ReleaseNotice;
    expect(notice.released).toBe(true);
    // The secret is the notice's alone: no answer of the API holds it.
    const staffReads = await Promise.all([
      api(`/admission-campaigns/${campaignId}/publication`, { as: 'admin' }),
      api(`/admission-campaigns/${campaignId}`),
      api(`/admission-applications/${applications.an!.applicationId}`, { as: 'admin' }),
      api('/org-units/SGD/audit?limit=100', { as: 'admin' }),
    ]);
    for (const read of staffReads) {
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body)).not.toContain(notice.secret!);
    }
    const result = await openResult<PublishedResult>(sealed, notice.secret!, an.resultToken!);
    expect(result).toMatchObject({
      childName: 'Nguyễn Thị An',
      status: 'admitted',
      points: 2400,
      admitted: { schoolName: 'Trường THPT Hồng Bàng', preference: 2 },
    });
    expect(result.preferences[0]!.reason!.vi).toBe('24 điểm, thấp hơn điểm chuẩn 25,5 ở nguyện vọng 1.');
    // Another family's token opens nothing of An's.
    const chi = await mine('chi');
    await expect(openResult(sealed, notice.secret!, chi.resultToken!)).rejects.toThrow();
    const dung = await mine('dung');
    const dungResult = await openResult<PublishedResult>(
      JSON.parse(
        await (await cdn(resultPath(campaignId, await resultLocator(dung.resultToken!)))).text(),
      ) as SealedResult,
      notice.secret!,
      dung.resultToken!,
    );
    expect(dungResult.status).toBe('not-admitted');
    expect(dungResult.disqualified!.vi).toBe('Bài Toán được 1 điểm: bài thi từ 1 điểm trở xuống bị loại.');

    // Published: the family confirms the enrolment, once; a child not admitted has nothing to confirm.
    expect((await api<{ state: string }>(`/admission-campaigns/${campaignId}`)).body.state).toBe('published');
    const published = await mine('an');
    expect(published.outcome).toEqual({ admitted: true, schoolName: 'Trường THPT Hồng Bàng', preference: 2 });
    expect(published.mayConfirm).toBe(true);
    const confirm = (name: string, expectedVersion: number) =>
      asCitizen<{ confirmation?: { at: string }; mayConfirm: boolean }>(
        GUARDIAN.sub,
        `/me/admission-applications/${applications[name]!.applicationId}/confirmation`,
        { body: { expectedVersion }, headers: vi },
      );
    const confirmed = await confirm('an', published.version);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.confirmation).toBeDefined();
    expect(confirmed.body.mayConfirm).toBe(false);
    expect((await confirm('an', published.version + 1)).status).toBe(409);
    // Counted at its programme: its places less the confirmed are what a second round would fill.
    const counted = await api<{ items: { programmeId: string; quota: number; confirmed?: number }[] }>(
      `/admission-campaigns/${campaignId}/programmes`,
    );
    expect(counted.body.items.find((p) => p.programmeId === hongBang)).toMatchObject({
      quota: 1,
      confirmed: 1,
    });
    expect(counted.body.items.find((p) => p.programmeId === tranPhu)).toMatchObject({ confirmed: 0 });
    const refused = await confirm('dung', dung.version);
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('không trúng tuyển');
  });

  it('keeps every change in the audit trail of the school’s commune', async () => {
    // The commune's trail, newest first (other tests write to it too): read until Bình's application is met.
    const entries: { action: string; targetId: string }[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const res = await api<{ items: { action: string; targetId: string }[]; nextCursor?: string }>(
        `/org-units/P-NGOQUYEN/audit?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { as: 'commune2.admin' },
      );
      entries.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (
        !cursor ||
        entries.some(
          (e) =>
            e.action === 'admission-application.submit' && e.targetId === applications.binh!.applicationId,
        )
      )
        break;
    }
    const of = (name: string) =>
      entries.filter((e) => e.targetId === applications[name]!.applicationId).map((e) => e.action);
    expect(of('binh')).toEqual(
      expect.arrayContaining([
        'admission-application.submit',
        'admission-application.return',
        'admission-application.update',
        'admission-application.verify',
      ]),
    );
    expect(of('an')).toEqual(expect.arrayContaining(['admission-application.confirm']));
  });
});

describe('residence and catchments are checked against the population database', () => {
  it('refuses a child whose residence is outside the city', async () => {
    const schoolYear = spareSchoolYear(4);
    const campaign = await openGrade10Campaign(schoolYear, [
      { schoolId: 'THPT-TRANPHU', area: 'KV1', quota: 1 },
    ]);
    const pupil = await gradeNinePupil(760_000 + run, 'Đào Thị Xa');
    await residentChild(pupil, { communeId: 'HN-HOANKIEM', area: 'Tổ 1', address: 'Hà Nội' }, [
      GUARDIAN.personalId,
    ]);
    const res = await asCitizen(GUARDIAN.sub, '/me/admission-applications', {
      headers: vi,
      body: {
        campaignId: campaign.campaignId,
        childPersonalId: pupil.personalId,
        preferences: [campaign.programmeIds[0]],
      },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('không thuộc thành phố');
  });
});
