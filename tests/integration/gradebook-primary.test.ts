/**
 * A primary class under Circular 27 (functions/gradebook): the homeroom teacher rates each
 * quality and competency, the subjects' teacher rates each subject and enters the periodic tests,
 * and the year's results follow. The expected achievements are read from Circular 27, Art. 9, 11
 * and 15 by hand: all subjects Hoàn thành tốt, every quality Tốt and tests of 9 and above is
 * Hoàn thành xuất sắc ("Học sinh Xuất sắc"); a quality Cần cố gắng is Chưa hoàn thành.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { api, until } from '../support/cloud.ts';
import { approvedPerson } from '../support/people.ts';

const run = Date.now() % 100000;
const dir = mkdtempSync(join(tmpdir(), 'primary-it-'));
const XSD = join(import.meta.dirname, '../../docs/hoc-ba.xsd');

interface Problem {
  detail: string;
  errors?: { field: string; message: string }[];
}
interface Homeroom {
  level: string;
  fields: string[];
  qualities: { code: string; name: string; group: string }[];
  rows: { learnerId: string; qualities?: Record<string, string>; version: number }[];
  locked: boolean;
  mayEnter: boolean;
  mayCorrect: boolean;
}
interface Results {
  ruleSet: { id: string; level: string };
  qualities?: { code: string; name: string }[];
  rows: {
    learnerId: string;
    results: Record<string, string>;
    tests?: Record<string, number>;
    qualities?: Record<string, string>;
    missing: string[];
    achievement?: string;
    completion?: string;
    honour?: string;
  }[];
}

describe('a primary class’s year under Circular 27', () => {
  let classId: string;
  let best: string;
  let struggling: string;
  const cells = (learnerId: string, values: Record<string, string>, expectedVersion = 0) =>
    Object.entries(values).map(([field, value]) => ({ learnerId, field, value, expectedVersion }));
  const enter = (path: string, changes: unknown[]) =>
    api<Problem & { rows: { learnerId: string; version: number }[] }>(path, {
      as: 'teacher1',
      method: 'PATCH',
      body: { changes },
      headers: { 'accept-language': 'vi-VN' },
    });
  const results = async (period: string) => {
    const res = await api<Results>(`/classes/${classId}/results?period=${period}`, { as: 'teacher1' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    const links = await api<{ items: { recordId: string; relation: string }[] }>('/me/links', {
      as: 'teacher1',
    });
    const staff = links.body.items.find((l) => l.relation === 'staff')!.recordId;
    classId = await approvedPerson('class', {
      code: `2A${run}`,
      name: `2A${run}`,
      grade: 2,
      schoolYear: '2024-2025',
      homeroomTeacherId: staff,
      assignments: ([1, 2] as const).flatMap((semester) =>
        ['Tiếng Việt', 'Toán', 'Đạo đức'].map((subject) => ({ subject, semester, teacherId: staff })),
      ),
    });
    const pupil = (fullName: string, n: number) =>
      approvedPerson('student', {
        personalId: makePersonalId('031', 2018, 'male', 420_000 + run * 2 + n),
        fullName,
        gender: 'male',
        dateOfBirth: '2018-05-05',
        grade: 2,
        classId,
        guardians: [],
      });
    best = await pupil('Phạm Minh Khôi', 0);
    struggling = await pupil('Lê Văn Cố', 1);
  }, 120_000);

  it('asks the homeroom teacher for the grade’s qualities and competencies, not conduct', async () => {
    const path = `/classes/${classId}/homeroom/2`;
    const read = await api<Homeroom>(path, { as: 'teacher1' });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body.level).toBe('primary');
    // Grade 2: 5 qualities, 3 general and 5 specific competencies (Tin học, Công nghệ from grade 3).
    expect(read.body.qualities).toHaveLength(13);
    expect(read.body.qualities.map((q) => q.name)).toContain('Trung thực');
    expect(read.body.fields).not.toContain('conduct');
    const bad = await enter(path, [
      ...cells(best, { 'q.YEU_NUOC': 'Khá' }),
      ...cells(struggling, { conduct: 'Tốt' }),
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.message)).toEqual([
      'Nhập T (Tốt), Đ (Đạt) hoặc CCG (Cần cố gắng).',
      'Sổ điểm này không có cột này.',
    ]);
    expect((await api<Homeroom>(path, { as: 'teacher1' })).body.rows.every((r) => r.version === 0)).toBe(
      true,
    );
  });

  it('decides the year from the second semester’s books and ratings', async () => {
    const codes = (
      await api<Homeroom>(`/classes/${classId}/homeroom/2`, { as: 'teacher1' })
    ).body.qualities.map((q) => q.code);
    const rate = (learnerId: string, rating: (code: string) => string) =>
      cells(learnerId, Object.fromEntries(codes.map((c) => [`q.${c}`, rating(c)])));
    const rated = await enter(`/classes/${classId}/homeroom/2`, [
      ...rate(best, () => 'Tốt'),
      ...rate(struggling, (c) => (c === 'TINH_TOAN' ? 'Cần cố gắng' : 'Đạt')),
    ]);
    expect(rated.status, JSON.stringify(rated.body)).toBe(200);

    const before = await results('year');
    expect(before.ruleSet).toMatchObject({ id: 'tt27-2020', level: 'primary' });
    expect(before.rows.find((r) => r.learnerId === best)?.missing).toEqual(['TIENG_VIET', 'TOAN', 'DAO_DUC']);

    const book = (subject: string) => `/classes/${classId}/grade-books/${subject}/2`;
    for (const [subject, bestCells, otherCells] of [
      ['TIENG_VIET', { rating: 'HTT', test: '9' }, { rating: 'HT', test: '6' }],
      ['TOAN', { rating: 'Hoàn thành tốt', test: '10' }, { rating: 'HT', test: '7' }],
      ['DAO_DUC', { rating: 'HTT' }, { rating: 'HT' }],
    ] as const) {
      const res = await enter(book(subject), [...cells(best, bestCells), ...cells(struggling, otherCells)]);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const refused = await enter(book('TOAN'), cells(best, { test: '9,5' }, 1));
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.message).toBe('Điểm bài kiểm tra định kì là số nguyên từ 0 đến 10.');

    const year = await results('year');
    const top = year.rows.find((r) => r.learnerId === best)!;
    expect(top).toMatchObject({
      results: { TIENG_VIET: 'HTT', TOAN: 'HTT', DAO_DUC: 'HTT' },
      tests: { TIENG_VIET: 9, TOAN: 10 },
      missing: [],
      achievement: 'HTXS',
      completion: 'grade',
      honour: 'excellent',
    });
    expect(top.qualities?.YEU_NUOC).toBe('T');
    expect(year.rows.find((r) => r.learnerId === struggling)).toMatchObject({
      missing: [],
      achievement: 'CHT',
      completion: 'support',
    });
    // The first semester is the mid-year assessment: nothing entered there, nothing decided.
    const first = await results('1');
    expect(first.rows.find((r) => r.learnerId === best)?.missing).toContain('qualities');
    expect(first.rows.find((r) => r.learnerId === best)?.achievement).toBeUndefined();
  });

  it('sends the year to the education database once semester II is locked, and counts it apart in the statistics', async () => {
    const path = `/classes/${classId}/results/submission`;
    const open = await api<{ openBooks: string[]; submitted: number }>(path, {
      as: 'teacher1',
      body: { period: 'year' },
    });
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    // The year reads semester II only (the year-end assessment): semester I's books do not hold it.
    expect(open.body.openBooks.sort()).toEqual(['DAO_DUC/2', 'TIENG_VIET/2', 'TOAN/2']);
    for (const subject of ['TIENG_VIET', 'TOAN', 'DAO_DUC']) {
      const locked = await api(`/classes/${classId}/grade-books/${subject}/2/lock`, {
        as: 'principal1',
        method: 'POST',
      });
      expect(locked.status, JSON.stringify(locked.body)).toBe(200);
    }
    const sent = await api<{ submitted: number; skipped: unknown[]; openBooks: string[] }>(path, {
      as: 'teacher1',
      body: { period: 'year' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ submitted: 2, skipped: [], openBooks: [] });
    // Sent again, nothing changed (the learner's name is a label, not a figure): nothing is sent.
    const again = await api<{ submitted: number; unchanged: number; pending: number }>(path, {
      as: 'teacher1',
      body: { period: 'year' },
    });
    expect(again.body).toMatchObject({ submitted: 0, unchanged: 2 });

    // As the education database keeps it: the ratings, the tests as whole numbers, the achievement.
    const queued: { recordId: string; kind: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await api<{ items: { recordId: string; kind: string }[]; nextCursor?: string }>(
        `/org-units/P-NGOQUYEN/approval-queue?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { as: 'commune2.admin' },
      );
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      queued.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const records = await Promise.all(
      queued
        .filter((i) => i.kind === 'result')
        .map(
          async (q) =>
            (await api<{ data: Record<string, unknown> }>(`/records/${q.recordId}`, { as: 'commune2.admin' }))
              .body.data,
        ),
    );
    expect(records.find((d) => d.learnerId === best)).toMatchObject({
      ruleSet: 'tt27-2020',
      period: 'year',
      subjects: { TIENG_VIET: 'HTT', TOAN: 'HTT', DAO_DUC: 'HTT' },
      tests: { TIENG_VIET: 9, TOAN: 10 },
      achievement: 'HTXS',
      completion: 'grade',
      honour: 'excellent',
    });

    interface Stats {
      total: {
        learners: number;
        primary?: {
          learners: number;
          achievements: Record<string, number>;
          completions: Record<string, number>;
          subjects: { code: string; ratings: Record<string, number> }[];
          qualities: { code: string; ratings: Record<string, number> }[];
        };
      };
      parts: { id: string; learners: number }[];
    }
    const live = await api<Stats>(`/classes/${classId}/result-statistics?period=year`, { as: 'teacher1' });
    expect(live.status, JSON.stringify(live.body)).toBe(200);
    expect(live.body.total.primary).toMatchObject({
      learners: 2,
      achievements: { HTXS: 1, HTT: 0, HT: 0, CHT: 1 },
      completions: { grade: 1, primary: 0, support: 1 },
    });
    expect(live.body.total.primary?.subjects.find((x) => x.code === 'TOAN')?.ratings).toEqual({
      HTT: 1,
      HT: 1,
      CHT: 0,
    });
    expect(live.body.total.primary?.qualities.find((x) => x.code === 'TINH_TOAN')?.ratings).toEqual({
      T: 1,
      D: 0,
      CCG: 1,
    });
    const school = await api<Stats>(
      '/org-units/THPT-TRANPHU/result-statistics?schoolYear=2024-2025&period=year',
      {
        as: 'principal1',
      },
    );
    expect(school.body.parts.find((p) => p.id === classId)?.learners).toBe(2);
    expect(school.body.total.primary?.learners).toBeGreaterThanOrEqual(2);

    // The school's deadline for semester II has come (set only now: the books are locked by hand
    // above, and a schedule fired meanwhile finds nothing more to lock; the year is this file's
    // alone, as deadlines are a school's): the homeroom rows lock, and a school leader corrects
    // them, audited.
    const homeroom = `/classes/${classId}/homeroom/2`;
    const deadline = await api('/org-units/THPT-TRANPHU/grade-book-deadlines', {
      as: 'principal1',
      method: 'PUT',
      body: { schoolYear: '2024-2025', semester: 2, lockOn: '2025-05-25' },
    });
    expect(deadline.status, JSON.stringify(deadline.body)).toBe(200);
    const row = (await api<Homeroom>(homeroom, { as: 'teacher1' })).body;
    expect(row).toMatchObject({ locked: true, mayEnter: false, mayCorrect: false });
    const version = row.rows.find((r) => r.learnerId === struggling)!.version;
    const change = cells(struggling, { 'q.TINH_TOAN': 'Đạt' }, version);
    const refused = await enter(homeroom, change);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(
      'Đã đến hạn khoá sổ của học kì: phần chủ nhiệm đã khoá, nay chỉ lãnh đạo nhà trường sửa được.',
    );
    expect((await api<Homeroom>(homeroom, { as: 'principal1' })).body).toMatchObject({
      locked: true,
      mayCorrect: true,
    });
    expect(
      (await api(`${homeroom}/corrections`, { as: 'teacher1', method: 'PATCH', body: { changes: change } }))
        .status,
    ).toBe(403);
    const corrected = await api<{ rows: { learnerId: string; qualities?: Record<string, string> }[] }>(
      `${homeroom}/corrections`,
      { as: 'principal1', method: 'PATCH', body: { changes: change } },
    );
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    // A leader of another school (one of this file's own: other files count a school's accounts)
    // finds no such class, as if it did not exist.
    const outsider = `hieutruong.khac${run}`;
    const elsewhereSchool = `TH-KHAC${run}`;
    expect(
      (
        await api('/org-units/P-NGOQUYEN/children', {
          as: 'commune2.admin',
          body: {
            orgUnitId: elsewhereSchool,
            code: `3103${String(run).padStart(5, '0')}K`.slice(0, 12),
            name: `Trường Tiểu học Khác ${run}`,
            kind: 'school',
          },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api(`/org-units/${elsewhereSchool}/accounts`, {
          as: 'admin',
          body: { accountId: outsider, fullName: 'Lý Văn Khác', email: `${outsider}@khac.example.vn` },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api(`/org-units/${elsewhereSchool}/role-assignments`, {
          as: 'admin',
          body: { accountId: outsider, role: 'school-leader' },
        })
      ).status,
    ).toBe(201);
    const elsewhere = await api(`${homeroom}/corrections`, {
      as: outsider,
      method: 'PATCH',
      body: { changes: change },
    });
    expect(elsewhere.status).toBe(404);
    expect(corrected.body.rows[0]?.qualities?.TINH_TOAN).toBe('D');
    // The year's results were sent: they go again, and Cúc is now Hoàn thành in the school's figures.
    const after = await api<{ parts: { id: string; primary?: { achievements: Record<string, number> } }[] }>(
      '/org-units/THPT-TRANPHU/result-statistics?schoolYear=2024-2025&period=year',
      { as: 'principal1' },
    );
    expect(after.body.parts.find((p) => p.id === classId)?.primary?.achievements).toEqual({
      HTXS: 1,
      HTT: 0,
      HT: 1,
      CHT: 0,
    });
    // Semester I is still open: no correction there, the homeroom teacher enters it.
    const stillOpen = await api<{ detail: string }>(`/classes/${classId}/homeroom/1/corrections`, {
      as: 'principal1',
      method: 'PATCH',
      body: { changes: cells(struggling, { absentHalfDays: '1' }) },
      headers: { 'accept-language': 'vi-VN' },
    });
    expect(stillOpen.status).toBe(409);
    expect(stillOpen.body.detail).toBe(
      'Chưa đến hạn khoá sổ của học kì: giáo viên chủ nhiệm nhập trực tiếp.',
    );
    const audit = await api<{
      items: { action: string; targetId: string; changes?: { cells: unknown[] } }[];
    }>('/org-units/P-NGOQUYEN/audit?limit=100', { as: 'commune2.admin' });
    const entry = audit.body.items.find(
      (e) => e.action === 'gradebook.homeroom-correct' && e.targetId === `${classId}/2`,
    );
    expect(entry?.changes?.cells).toEqual([
      { learnerId: struggling, field: 'q.TINH_TOAN', before: 'CCG', after: 'D' },
    ]);
  });

  it('issues the year’s transcripts (học bạ), signed three times, the XML valid against the XSD’s primary branch', async () => {
    // Semester I's books are locked too: the transcript carries the mid-year assessment.
    for (const subject of ['TIENG_VIET', 'TOAN', 'DAO_DUC']) {
      const locked = await api(`/classes/${classId}/grade-books/${subject}/1/lock`, {
        as: 'principal1',
        method: 'POST',
      });
      expect(locked.status, JSON.stringify(locked.body)).toBe(200);
    }
    const approved = await api<{ approved: { learnerId: string }[]; skipped: unknown[] }>(
      `/classes/${classId}/transcripts`,
      { as: 'teacher1', method: 'POST', body: {} },
    );
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.approved.map((a) => a.learnerId).sort()).toEqual([best, struggling].sort());
    const asked = await api<{ queued: number }>('/org-units/THPT-TRANPHU/transcripts/signing', {
      as: 'principal1',
      body: { schoolYear: '2024-2025', grade: 2 },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    await until(async () => {
      const res = await api<{ items: { learnerId: string; state?: string }[] }>(
        `/classes/${classId}/transcripts`,
        {
          as: 'teacher1',
        },
      );
      return res.body.items.every((i) => i.state === 'signed') ? true : undefined;
    }, 60_000);
    const file = async (format: 'pdf' | 'xml') => {
      const link = await api<{ url: string }>(`/classes/${classId}/transcripts/download`, {
        as: 'teacher1',
        body: { learnerId: best, format },
      });
      expect(link.status, JSON.stringify(link.body)).toBe(200);
      const path = join(dir, `hoc-ba-${run}.${format}`);
      writeFileSync(path, Buffer.from(await (await fetch(link.body.url)).arrayBuffer()));
      return path;
    };
    const report = spawnSync('pdfsig', [await file('pdf')], { encoding: 'utf8' });
    expect(
      [...report.stdout.matchAll(/Signature Validation: (.*)/g)].map((m) => m[1]),
      report.stdout,
    ).toEqual(['Signature is Valid.', 'Signature is Valid.', 'Signature is Valid.']);
    const xml = await file('xml');
    const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, xml], { encoding: 'utf8' });
    expect(lint.status, lint.stderr).toBe(0);
    const text = readFileSync(xml, 'utf8');
    expect(text).toContain('<BoQuyTac>tt27-2020</BoQuyTac>');
    expect(text).toContain('<KetQuaGiaoDuc>HTXS</KetQuaGiaoDuc>');
    expect(text).toContain('<KiemTraCuoiNam>10</KiemTraCuoiNam>');
    expect(text.match(/<Muc>/g)).toHaveLength(13);
  }, 90_000);

  it('sends the year again after a change approved on a locked book: the statistics follow', async () => {
    // Khôi's Toán test was 10 (Hoàn thành xuất sắc); corrected to 6 it is Hoàn thành (Art. 9: tests
    // of 7 and above for Hoàn thành tốt, 5 for Hoàn thành).
    const asked = await api<{ requestId: string }>(`/classes/${classId}/grade-books/TOAN/2/change-requests`, {
      as: 'teacher1',
      body: { learnerId: best, field: 'test', value: '6', reason: 'Nhập nhầm điểm bài kiểm tra cuối năm' },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const decided = await api(`/grade-book-changes/${asked.body.requestId}/decision`, {
      as: 'principal1',
      body: { decision: 'approve' },
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const school = await api<{ parts: { id: string; primary?: { achievements: Record<string, number> } }[] }>(
      '/org-units/THPT-TRANPHU/result-statistics?schoolYear=2024-2025&period=year',
      { as: 'principal1' },
    );
    expect(school.body.parts.find((p) => p.id === classId)?.primary?.achievements).toEqual({
      HTXS: 0,
      HTT: 0,
      HT: 2,
      CHT: 0,
    });
  });
});
