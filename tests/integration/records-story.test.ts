/**
 * Seed 003's story through the API and the signing worker: a teacher's plan goes up, the group
 * leader approves and signs it, the signed PDF validates in pdfsig and on the public verification
 * route; a lesson plan names exactly one lesson of the approved plan; a return asks for a new
 * version and the old one stays readable; the lesson plan is visible to exactly the people seed
 * 003 names.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleLessonPlan } from '../../infra/local/sign-sample.ts';
import { api, cloud, postUpload, type UploadLink, until } from '../support/cloud.ts';

const SCHOOL = 'THPT-TRANPHU';
const GROUP = 'THPT-TRANPHU.TOAN';
const YEAR = `${2030 + (Date.now() % 60)}-${2031 + (Date.now() % 60)}`;

interface Record_ {
  recordId: string;
  status: string;
  step?: number;
  revision: number;
  signatures: { signatureId: string; code?: string }[];
  history: { action: string; by: string }[];
  lessons?: { lessonId: string; title: string }[];
  files?: { version: number; sha256: string; url: string; signedUrl?: string }[];
}

async function upload(
  recordId: string,
  bytes: Uint8Array,
  contentType = 'application/pdf',
  fileName = 'ke-hoach.pdf',
) {
  const link = await api<{ version: number; upload: UploadLink }>(
    `/professional-records/${recordId}/uploads`,
    { as: 'teacher1', body: { fileName, contentType } },
  );
  expect(link.status, JSON.stringify(link.body)).toBe(201);
  const put = await postUpload(link.body.upload, new Blob([new Uint8Array(bytes)], { type: contentType }));
  expect(put.status).toBe(204);
  return link.body.version;
}

async function submit(r: Record_, version: number) {
  const res = await api<Record_>(`/professional-records/${r.recordId}/submit`, {
    as: 'teacher1',
    body: { version, expectedRevision: r.revision },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

const decide = (r: Record_, as: string, decision: 'approve' | 'return', comment?: string) =>
  api<Record_>(`/professional-records/${r.recordId}/decisions`, {
    as,
    body: { decision, expectedRevision: r.revision, ...(comment ? { comment } : {}) },
  });

const pdfsig = (bytes: Uint8Array) => {
  const file = join(mkdtempSync(join(tmpdir(), 'pdfsig-')), 'signed.pdf');
  writeFileSync(file, bytes);
  return /Signature Validation: (.*)/.exec(execFileSync('pdfsig', [file], { encoding: 'utf8' }))?.[1];
};

describe('professional records', () => {
  let plan: Record_;
  let lessonPlan: Record_;

  it('a teacher’s plan is approved and signed by the group leader; pdfsig and the public page agree', async () => {
    const created = await api<Record_>(`/org-units/${SCHOOL}/professional-records`, {
      as: 'teacher1',
      body: {
        kind: 'teacher-plan',
        schoolYear: YEAR,
        title: 'Kế hoạch giáo dục của giáo viên – Toán 10',
        groupId: GROUP,
        subject: 'toan',
        // No ids: the system makes them.
        lessons: [
          { title: 'Mệnh đề', week: 1, periods: 2 },
          { title: 'Tập hợp', week: 2, periods: 2 },
        ],
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const ids = created.body.lessons!.map((l) => l.lessonId);
    expect(new Set(ids).size).toBe(2);
    // Nothing to plan a lesson from until the plan is approved.
    const before = await api<{ items: unknown[] }>(`/me/planned-lessons?schoolYear=${YEAR}`, {
      as: 'teacher1',
    });
    expect(before.body.items).toEqual([]);
    const file = await sampleLessonPlan();
    const version = await upload(created.body.recordId, file);
    plan = await submit(created.body, version);
    // Sent again (its answer lost on the way): the same record, submitted once.
    const resent = await submit(created.body, version);
    expect(resent.revision).toBe(plan.revision);
    expect(resent.history.filter((h) => h.action === 'submit')).toHaveLength(1);
    // Not the board's step, and never a colleague's.
    expect((await decide(plan, 'principal1', 'approve')).status).toBe(403);
    // Only the group leader's page and queue offer the decision; the author's never does.
    const yourStep = async (as: string) =>
      (await api<Record_ & { yourStep?: boolean }>(`/professional-records/${plan.recordId}`, { as })).body
        .yourStep;
    expect(await yourStep('groupleader1')).toBe(true);
    expect(await yourStep('principal1')).toBe(false);
    expect(await yourStep('teacher1')).toBe(false);
    const queue = async (as: string) =>
      (
        await api<{ items: { recordId: string }[] }>(
          `/org-units/${SCHOOL}/professional-records?schoolYear=${YEAR}&status=submitted&awaiting=me&limit=100`,
          { as },
        )
      ).body.items.map((r) => r.recordId);
    expect(await queue('groupleader1')).toContain(plan.recordId);
    expect(await queue('principal1')).not.toContain(plan.recordId);
    const approved = await decide(plan, 'groupleader1', 'approve');
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe('approved');
    const signatureId = approved.body.signatures[0]!.signatureId;
    // Asked again from the same revision, as a client does when the answer was lost: the same
    // record with its one signature, not "changed meanwhile"; a different decision from that
    // revision is stale.
    const again = await decide(plan, 'groupleader1', 'approve');
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.signatures.map((s) => s.signatureId)).toEqual([signatureId]);
    expect(again.body.history.filter((h) => h.action.startsWith('approve:'))).toHaveLength(1);
    const returned = await decide(plan, 'groupleader1', 'return', 'Bổ sung tiết 3');
    expect(returned.status, JSON.stringify(returned.body)).toBe(409);

    const signed = await until(async () => {
      const r = await api<Record_>(`/professional-records/${plan.recordId}`, { as: 'teacher1' });
      return r.body.files?.[0]?.signedUrl ? r.body.files[0] : undefined;
      // The worker's first run loads the PDF and CMS libraries and makes the CA's keys.
    }, 60_000);
    const signedBytes = new Uint8Array(await (await fetch(signed.signedUrl!)).arrayBuffer());
    expect(pdfsig(signedBytes)).toBe('Signature is Valid.');
    expect(signed.sha256).toBe(createHash('sha256').update(file).digest('hex'));

    // The QR code's page, for anyone: no sign-in.
    const verified = await api<{
      status: string;
      kind: string;
      signer: string;
      documentSha256: string;
      signedSha256: string;
      record: { school: string };
    }>(`/verify/${signatureId}`);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      status: 'signed',
      kind: 'pades',
      signer: 'Ngô Đức Mạnh',
      documentSha256: signed.sha256,
    });
    expect(verified.body.signedSha256).toBe(createHash('sha256').update(signedBytes).digest('hex'));
    expect(verified.body.record.school).toContain('Trần Phú');
    expect(Buffer.from(signedBytes).toString('latin1')).toContain('/SubFilter /ETSI.CAdES.detached');

    // The short code: printed on the stamp, in the QR code's link, and typed any way a person types it.
    const code = approved.body.signatures[0]!.code!;
    expect(code).toMatch(/^[2-9A-HJKMNP-TW-Z]{10}$/);
    const grouped = `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
    const dir = mkdtempSync(join(tmpdir(), 'stamp-'));
    writeFileSync(join(dir, 'signed.pdf'), signedBytes);
    expect(execFileSync('pdftotext', [join(dir, 'signed.pdf'), '-'], { encoding: 'utf8' })).toContain(
      `Mã xác thực: ${grouped}`,
    );
    execFileSync('pdftoppm', [
      '-r',
      '150',
      '-png',
      '-singlefile',
      join(dir, 'signed.pdf'),
      join(dir, 'page'),
    ]);
    expect(
      execFileSync('zbarimg', ['-q', '--raw', join(dir, 'page.png')], { encoding: 'utf8' }).trim(),
    ).toMatch(new RegExp(`/verify/${grouped}$`));
    for (const typed of [grouped, code.toLowerCase(), ` ${grouped.toLowerCase()} `.replaceAll('-', ' ')]) {
      const byCode = await api<{ signatureId: string; code: string; status: string }>(
        `/verify/${encodeURIComponent(typed)}`,
      );
      expect(byCode.status, typed).toBe(200);
      expect(byCode.body).toMatchObject({ signatureId, code: grouped, status: 'signed' });
    }
    // A code of the right shape that names nothing, and one that cannot be a code.
    const unknownCode = code.startsWith('2') ? `3${code.slice(1)}` : `2${code.slice(1)}`;
    expect((await api(`/verify/${unknownCode}`)).status).toBe(404);
    expect((await api('/verify/K7QM-4XPA')).status).toBe(404);

    // By file: the browser sends the SHA-256 of the signed PDF the citizen downloaded.
    const byFile = await api<{ items: { signatureId: string; code: string; signer: string }[] }>(
      '/verify/by-file',
      { body: { sha256: createHash('sha256').update(signedBytes).digest('hex').toUpperCase() } },
    );
    expect(byFile.status, JSON.stringify(byFile.body)).toBe(200);
    expect(byFile.body.items).toEqual([
      expect.objectContaining({ signatureId, code: grouped, signer: 'Ngô Đức Mạnh' }),
    ]);
    const altered = Uint8Array.from(signedBytes);
    altered[altered.length - 2] = altered[altered.length - 2]! ^ 1;
    const noMatch = await api<{ detail: string }>('/verify/by-file', {
      body: { sha256: createHash('sha256').update(altered).digest('hex') },
      headers: { 'accept-language': 'vi' },
    });
    expect(noMatch.status).toBe(404);
    expect(noMatch.body.detail).toBe('Không tìm thấy văn bản đã ký nào trùng với tệp này.');
    expect((await api('/verify/by-file', { body: { sha256: 'abc' } })).status).toBe(400);
    // The worker's first run in a fresh cloud makes the CA's keys; a busy machine takes a while.
  }, 180_000);

  it('a lesson plan names one lesson of the approved plan; a return asks for a new version', async () => {
    type Planned = {
      lessonId: string;
      title: string;
      week?: number;
      planned: boolean;
      plan: { recordId: string };
    };
    const plannedLessons = async () =>
      (await api<{ items: Planned[] }>(`/me/planned-lessons?schoolYear=${YEAR}`, { as: 'teacher1' })).body
        .items;
    const lessons = await plannedLessons();
    expect(lessons.map((l) => [l.title, l.week, l.planned, l.plan.recordId])).toEqual([
      ['Mệnh đề', 1, false, plan.recordId],
      ['Tập hợp', 2, false, plan.recordId],
    ]);
    // Another teacher has no approved plan: nothing to choose from.
    expect(
      (await api<{ items: Planned[] }>(`/me/planned-lessons?schoolYear=${YEAR}`, { as: 'groupleader1' })).body
        .items,
    ).toEqual([]);
    const first = lessons[0]!.lessonId;
    const body = (lessonId: string) => ({
      kind: 'lesson-plan',
      schoolYear: YEAR,
      title: `Kế hoạch bài dạy ${lessonId}`,
      groupId: GROUP,
      subject: 'toan',
      lessonId,
      lessonDate: `${YEAR.slice(0, 4)}-09-20`,
    });
    const outside = await api(`/org-units/${SCHOOL}/professional-records`, {
      as: 'teacher1',
      body: body('L9'),
    });
    expect(outside.status).toBe(400);
    const created = await api<Record_>(`/org-units/${SCHOOL}/professional-records`, {
      as: 'teacher1',
      body: body(first),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await plannedLessons()).map((l) => l.planned)).toEqual([true, false]);
    const twice = await api(`/org-units/${SCHOOL}/professional-records`, {
      as: 'teacher1',
      body: body(first),
    });
    expect(twice.status).toBe(400);
    expect(JSON.stringify(twice.body)).toContain('already has a lesson plan');

    // A DOCX this time: its signature is a detached one.
    const docx = new TextEncoder().encode('PK… kế hoạch bài dạy (DOCX)');
    const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const firstVersion = await submit(
      created.body,
      await upload(created.body.recordId, docx, docxType, 'bai-1.docx'),
    );
    const noComment = await decide(firstVersion, 'groupleader1', 'return');
    expect(noComment.status).toBe(400);
    const returned = await decide(firstVersion, 'groupleader1', 'return', 'Bổ sung hoạt động vận dụng.');
    expect(returned.body.status).toBe('returned');
    const revised = new TextEncoder().encode(`PK… bản sửa ${YEAR}`);
    const second = await submit(
      returned.body,
      await upload(created.body.recordId, revised, docxType, 'bai-1.docx'),
    );
    const approved = await decide(second, 'groupleader1', 'approve');
    expect(approved.body.status).toBe('approved');
    const signatureId = approved.body.signatures[0]!.signatureId;
    const verified = await until(async () => {
      const v = await api<{ status: string; kind?: string; record: { version: number } }>(
        `/verify/${signatureId}`,
      );
      return v.body.status === 'signed' ? v.body : undefined;
    });
    expect(verified).toMatchObject({ kind: 'detached', record: { version: 2 } });
    // A detached signature covers the file as submitted: that file's hash finds it.
    const byFile = await api<{ items: { signatureId: string; kind: string }[] }>('/verify/by-file', {
      body: { sha256: createHash('sha256').update(revised).digest('hex') },
    });
    expect(byFile.body.items).toEqual([expect.objectContaining({ signatureId, kind: 'detached' })]);
    const record = await api<Record_>(`/professional-records/${created.body.recordId}`, { as: 'teacher1' });
    expect(record.body.files!.map((f) => f.version)).toEqual([1, 2]);
    lessonPlan = record.body;
  });

  it('is visible to exactly the people seed 003 names', async () => {
    const sees = async (who: string) =>
      (await api(`/professional-records/${lessonPlan.recordId}`, { as: who })).status === 200;
    const inside = ['teacher1', 'groupleader1', 'principal1', 'commune2.admin', 'specialist.toan', 'leader1'];
    const outside = ['teacher2', 'commune1.admin', 'admin', 'student1', 'citizen1', 'staff1'];
    expect(await Promise.all(inside.map(sees))).toEqual(inside.map(() => true));
    expect(await Promise.all(outside.map(sees))).toEqual(outside.map(() => false));
    const list = await api<{ items: { recordId: string }[] }>(
      `/org-units/${SCHOOL}/professional-records?schoolYear=${YEAR}&limit=100`,
      { as: 'principal1' },
    );
    expect(list.body.items.map((r) => r.recordId)).toEqual(
      expect.arrayContaining([plan.recordId, lessonPlan.recordId]),
    );
  });

  it('oversees a school, a commune and the city, and reminds authors of what is late and teachers without a plan', async () => {
    const school = await api<{
      total: { approved: number };
      missingTeacherPlans?: { accountId: string }[];
      byAuthor: Record<string, { approved: number }>;
    }>(`/org-units/${SCHOOL}/record-oversight?schoolYear=${YEAR}`, { as: 'principal1' });
    expect(school.status, JSON.stringify(school.body)).toBe(200);
    expect(school.body.total.approved).toBeGreaterThanOrEqual(2);
    expect(school.body.byAuthor.teacher1!.approved).toBeGreaterThanOrEqual(2);
    const missing = school.body.missingTeacherPlans!.map((m) => m.accountId);
    expect(missing).not.toContain('teacher1');
    expect(missing).toContain('groupleader1');

    const commune = await api<{ schools: { schoolId: string; approved: number }[] }>(
      `/org-units/P-NGOQUYEN/record-oversight?schoolYear=${YEAR}`,
      { as: 'commune2.admin' },
    );
    expect(commune.status, JSON.stringify(commune.body)).toBe(200);
    expect(commune.body.schools.find((s) => s.schoolId === SCHOOL)?.approved).toBeGreaterThanOrEqual(2);
    expect(
      (await api(`/org-units/${SCHOOL}/record-oversight?schoolYear=${YEAR}`, { as: 'teacher2' })).status,
    ).toBe(403);

    // A plan of this school year left in draft after 15 September: the morning reminder finds it.
    const now = new Date();
    const first = now.getUTCMonth() >= 7 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
    const late = await api(`/org-units/${SCHOOL}/professional-records`, {
      as: 'teacher1',
      body: {
        kind: 'teacher-plan',
        schoolYear: `${first}-${first + 1}`,
        title: 'Kế hoạch còn nháp',
        groupId: GROUP,
        lessons: [{ lessonId: 'X1', title: 'Bài X' }],
      },
    });
    expect(late.status).toBe(201);

    // The city: each commune's counts from the schools' tallies, recounted by a worker (the
    // nightly request here, instead of waiting for the one each change sends).
    const thisYear = `${first}-${first + 1}`;
    const fire = async (worker: string) =>
      (
        (await (await fetch(`${cloud().apiUrl}/_local/fire/${worker}`, { method: 'POST' })).json()) as {
          result: Record<string, number>;
        }
      ).result;
    expect((await fire('records-tally-all-records')).schools).toBeGreaterThan(1);
    type City = {
      units?: { unitId: string; draft: number }[];
      total: { draft: number };
      computedAt?: string;
    };
    const cityOf = async (as: string) => {
      const res = await api<City>(`/org-units/SGD/record-oversight?schoolYear=${thisYear}`, { as });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    const city = await until(async () => {
      const c = await cityOf('leader1');
      return (c.units?.find((u) => u.unitId === 'P-NGOQUYEN')?.draft ?? 0) >= 1 ? c : undefined;
    });
    expect(city.computedAt).toBeDefined();
    // A specialist counts their subject only (the draft plan names none); a commune opens its own.
    expect((await cityOf('specialist.toan')).total.draft).toBeLessThan(city.total.draft);
    expect(
      (await api(`/org-units/SGD/record-oversight?schoolYear=${thisYear}`, { as: 'commune2.admin' })).status,
    ).toBe(403);

    // The morning reminder: the late draft's author, and teachers who have no plan at all.
    const reminded = await fire('records-remind-record-deadlines');
    expect(reminded.sent).toBeGreaterThanOrEqual(2);
    expect(reminded.withoutPlan).toBeGreaterThanOrEqual(1);
  });

  it('takes a school’s deadline before the Department’s, and the Department’s before the default', async () => {
    const first = Number(YEAR.slice(0, 4));
    const set = (as: string, unit: string, kind: string, date: string) =>
      api(`/org-units/${unit}/record-deadlines`, {
        as,
        method: 'PUT',
        body: { schoolYear: YEAR, kind, date },
      });
    expect((await set('admin', 'SGD', 'group-teaching-plan', `${first}-09-25`)).status).toBe(200);
    expect((await set('admin', 'SGD', 'teacher-plan', `${first}-09-25`)).status).toBe(200);
    expect((await set('principal1', SCHOOL, 'teacher-plan', `${first}-09-30`)).status).toBe(200);
    expect((await set('principal1', SCHOOL, 'teacher-plan', `${first + 2}-01-01`)).status).toBe(400);
    expect((await set('teacher1', SCHOOL, 'teacher-plan', `${first}-09-30`)).status).toBe(403);
    const create = (kind: string) =>
      api<{ deadline: string }>(`/org-units/${SCHOOL}/professional-records`, {
        as: kind === 'teacher-plan' ? 'teacher1' : 'groupleader1',
        body: {
          kind,
          schoolYear: YEAR,
          title: `Hạn nộp ${kind}`,
          groupId: GROUP,
          lessons: [{ lessonId: 'D1', title: 'Bài D' }],
        },
      });
    expect((await create('teacher-plan')).body.deadline).toBe(`${first}-09-30`);
    expect((await create('group-teaching-plan')).body.deadline).toBe(`${first}-09-25`);
    expect((await create('group-activities-plan')).body.deadline).toBe(`${first}-09-15`);
  });

  it('sends the school plan, once the council approved it, to the Department — not to the commune', async () => {
    const created = await api<Record_>(`/org-units/${SCHOOL}/professional-records`, {
      as: 'principal1',
      body: { kind: 'school-plan', schoolYear: YEAR, title: `Kế hoạch giáo dục của nhà trường ${YEAR}` },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const link = await api<{ version: number; upload: UploadLink }>(
      `/professional-records/${created.body.recordId}/uploads`,
      { as: 'principal1', body: { fileName: 'ke-hoach-nha-truong.pdf', contentType: 'application/pdf' } },
    );
    await postUpload(
      link.body.upload,
      new Blob([new Uint8Array(await sampleLessonPlan())], { type: 'application/pdf' }),
    );
    const submitted = await api<Record_>(`/professional-records/${created.body.recordId}/submit`, {
      as: 'principal1',
      body: { version: link.body.version, expectedRevision: created.body.revision },
    });
    // The council's decision, recorded by the board; then it waits at the Department.
    const council = await decide(submitted.body, 'principal1', 'approve');
    expect(council.body).toMatchObject({ status: 'submitted', step: 1 });
    const queue = (as: string) =>
      api<{ items: { recordId: string }[] }>(`/me/record-approvals?schoolYear=${YEAR}`, { as });
    expect((await queue('leader1')).body.items.map((r) => r.recordId)).toContain(created.body.recordId);
    expect((await queue('commune2.admin')).body.items.map((r) => r.recordId)).not.toContain(
      created.body.recordId,
    );
    expect((await decide(council.body, 'commune2.admin', 'approve')).status).toBe(403);
    const done = await decide(council.body, 'leader1', 'approve');
    expect(done.body.status).toBe('approved');
    expect(done.body.signatures).toHaveLength(2);
  });
});
