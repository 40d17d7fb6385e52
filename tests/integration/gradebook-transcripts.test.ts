/**
 * Transcripts (học bạ số) end to end on the local cloud: a class of Trần Phú whose homeroom, Toán
 * and Thể dục teacher is teacher1; every book locked by principal1; the homeroom teacher approves;
 * the principal signs the grade; the worker signs the PDF three times and seals the XML; pdfsig and
 * xmllint (independent of this code) check the files; /verify answers the printed code; the
 * guardian finds and downloads it; the ministry's local sink holds a copy by personal ID.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { api, cloud, until } from '../support/cloud.ts';
import { approvedPerson } from '../support/people.ts';

const run = Date.now() % 100000;
const dir = mkdtempSync(join(tmpdir(), 'transcripts-it-'));
const XSD = join(import.meta.dirname, '../../docs/hoc-ba.xsd');

interface Problem {
  detail: string;
}
interface ClassTranscripts {
  items: { learnerId: string; fullName: string; state?: string; code?: string; principalName?: string }[];
}

describe('transcripts: approve, sign a grade, verify, download', () => {
  let classId: string;
  let done: string;
  let unfinished: string;
  const guardian = `me-hoc-ba-${run}`;
  const guardianId = makePersonalId('031', 1982, 'female', 770_000 + run);
  const doneId = makePersonalId('031', 2010, 'female', 660_000 + run * 2);
  const cells = (learnerId: string, values: Record<string, string>) =>
    Object.entries(values).map(([field, value]) => ({ learnerId, field, value, expectedVersion: 0 }));
  const enter = async (path: string, changes: unknown[]) => {
    const res = await api<Problem>(path, { as: 'teacher1', method: 'PATCH', body: { changes } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };

  beforeAll(async () => {
    const links = await api<{ items: { recordId: string; relation: string }[] }>('/me/links', {
      as: 'teacher1',
    });
    const staff = links.body.items.find((l) => l.relation === 'staff')!.recordId;
    classId = await approvedPerson('class', {
      code: `11H${run}`,
      name: `11H${run}`,
      grade: 11,
      schoolYear: '2026-2027',
      homeroomTeacherId: staff,
      assignments: ([1, 2] as const).flatMap((semester) => [
        { subject: 'Toán', semester, teacherId: staff },
        { subject: 'Thể dục', semester, teacherId: staff },
      ]),
    });
    done = await approvedPerson('student', {
      personalId: doneId,
      fullName: 'Vũ Thị Hoàn Thành',
      gender: 'female',
      dateOfBirth: '2010-05-19',
      grade: 11,
      classId,
      guardians: [{ relation: 'mother', fullName: 'Vũ Thị Mẹ', personalId: guardianId }],
    });
    unfinished = await approvedPerson('student', {
      personalId: makePersonalId('031', 2010, 'male', 660_001 + run * 2),
      fullName: 'Lý Văn Dở Dang',
      gender: 'male',
      dateOfBirth: '2010-08-08',
      grade: 11,
      classId,
      guardians: [],
    });
    const created = await api('/org-units/SGD/accounts', {
      as: 'admin',
      body: { accountId: guardian, fullName: 'Vũ Thị Mẹ', personalId: guardianId },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const linked = await api('/me/links', {
      as: guardian,
      body: { as: 'guardian', childPersonalId: doneId },
    });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
  }, 120_000);

  it('is not approved while a book of the year is open', async () => {
    const res = await api<Problem>(`/classes/${classId}/transcripts`, {
      as: 'teacher1',
      method: 'POST',
      body: {},
      headers: { 'accept-language': 'vi-VN' },
    });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('Chỉ duyệt học bạ khi mọi sổ điểm của năm học đã khoá');
    expect(res.body.detail).toContain('Toán HK I');
  });

  it('is approved by the homeroom teacher for each pupil whose year is decided', async () => {
    const scores = (n: string) => ({
      'regular.0': n,
      'regular.1': n,
      'regular.2': n,
      'regular.3': n,
      midTerm: n,
      endTerm: n,
    });
    await enter(`/classes/${classId}/grade-books/TOAN/1`, cells(done, scores('8')));
    await enter(`/classes/${classId}/grade-books/TOAN/2`, cells(done, scores('9')));
    for (const semester of [1, 2]) {
      await enter(`/classes/${classId}/grade-books/GDTC/${semester}`, cells(done, { pass: 'Đ' }));
      await enter(
        `/classes/${classId}/homeroom/${semester}`,
        cells(done, {
          conduct: 'T',
          absentHalfDays: '1',
          ...(semester === 2 ? { comment: 'Chăm chỉ.' } : {}),
        }),
      );
      for (const subject of ['TOAN', 'GDTC']) {
        const locked = await api(`/classes/${classId}/grade-books/${subject}/${semester}/lock`, {
          as: 'principal1',
          method: 'POST',
        });
        expect(locked.status, JSON.stringify(locked.body)).toBe(200);
      }
    }
    // Only the homeroom teacher approves: the principal may not, another teacher sees no class.
    expect(
      (await api(`/classes/${classId}/transcripts`, { as: 'principal1', method: 'POST', body: {} })).status,
    ).toBe(403);
    expect(
      (await api(`/classes/${classId}/transcripts`, { as: 'teacher2', method: 'POST', body: {} })).status,
    ).toBe(404);
    const res = await api<{
      approved: { learnerId: string; code: string }[];
      skipped: { learnerId: string; missing: string[] }[];
    }>(`/classes/${classId}/transcripts`, { as: 'teacher1', method: 'POST', body: {} });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.approved.map((a) => a.learnerId)).toEqual([done]);
    expect(res.body.approved[0]!.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    expect(res.body.skipped).toEqual([
      expect.objectContaining({ learnerId: unfinished, missing: ['TOAN', 'GDTC'] }),
    ]);
    const listed = await api<ClassTranscripts>(`/classes/${classId}/transcripts`, { as: 'principal1' });
    expect(listed.body.items.find((i) => i.learnerId === done)?.state).toBe('approved');
    expect(listed.body.items.find((i) => i.learnerId === unfinished)?.state).toBeUndefined();
  });

  it('sends the year’s results to the education database: submitted, approved by the commune, on the change feed', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const path = `/classes/${classId}/results/submission`;
    // A typed result is refused: they come from the grade book only.
    const typed = await api<Problem>('/org-units/THPT-TRANPHU/records/result', {
      as: 'principal1',
      body: { data: { learnerId: done } },
      headers: { 'accept-language': 'vi-VN' },
    });
    expect(typed.status).toBe(400);
    expect(typed.body.detail).toContain('Kết quả học tập không nhập tay');
    expect((await api(path, { as: 'teacher2', body: { period: 'year' } })).status).toBe(404);
    const sent = await api<{ submitted: number; unchanged: number; skipped: { learnerId: string }[] }>(path, {
      as: 'teacher1',
      body: { period: 'year' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ submitted: 1, unchanged: 0 });
    expect(sent.body.skipped.map((s) => s.learnerId)).toEqual([unfinished]);
    // Sent again with nothing changed: nothing is written.
    const again = await api<{ submitted: number; unchanged: number }>(path, {
      as: 'teacher1',
      body: { period: 'year' },
    });
    expect(again.body).toMatchObject({ submitted: 0, unchanged: 1 });

    // The commune approves it like any record; the approved result is on the change feed with
    // the figures worked by hand: Toán (8 + 2 × 9) / 3 = 8,67 → 8,7; Thể dục Đạt.
    const queue = await api<{ items: { recordId: string; kind: string }[] }>(
      '/org-units/P-NGOQUYEN/approval-queue?limit=100',
      { as: 'commune2.admin' },
    );
    const queued = queue.body.items.filter((i) => i.kind === 'result');
    expect(queued.length, JSON.stringify(queue.body)).toBeGreaterThanOrEqual(1);
    const records = await Promise.all(
      queued.map(
        async (q) =>
          (
            await api<{ recordId: string; version: number; data: Record<string, unknown> }>(
              `/records/${q.recordId}`,
              { as: 'commune2.admin' },
            )
          ).body,
      ),
    );
    const mine = records.find((r) => r.data.learnerId === done)!;
    expect(mine.data).toMatchObject({
      period: 'year',
      schoolYear: '2026-2027',
      subjects: { TOAN: 8.7, GDTC: 'D' },
      conduct: 'T',
      absentHalfDays: 2,
      outcome: 'promoted',
    });
    const approved = await api<{ results: { ok: boolean }[] }>('/records/decisions', {
      as: 'commune2.admin',
      body: { decision: 'approve', records: [{ recordId: mine.recordId, expectedVersion: mine.version }] },
    });
    expect(approved.body.results[0]?.ok, JSON.stringify(approved.body)).toBe(true);
    const feed = await until(async () => {
      const res = await api<{ items: { recordId: string; kind?: string }[] }>(
        `/edu-data/changes?since=${encodeURIComponent(since)}&limit=500`,
        { as: 'admin' },
      );
      return res.body.items.find((c) => c.recordId === mine.recordId);
    });
    expect(feed.recordId).toBe(mine.recordId);
  });

  it('runs the year end of a school through the state machine', async () => {
    const started = await api<{ runId: string; status: string }>('/org-units/THPT-TRANPHU/result-runs', {
      as: 'principal1',
      body: { schoolYear: '2026-2027', period: 'year' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    // A teacher may not start one; another school's leader does not see it.
    expect(
      (
        await api('/org-units/THPT-TRANPHU/result-runs', {
          as: 'teacher1',
          body: { schoolYear: '2026-2027', period: 'year' },
        })
      ).status,
    ).toBe(403);
    const run = await until(async () => {
      const res = await api<Record<string, number | string>>(`/result-runs/${started.body.runId}`, {
        as: 'principal1',
      });
      return res.body.status === 'done' || res.body.status === 'failed' ? res.body : undefined;
    }, 90_000);
    expect(run).toMatchObject({ status: 'done', totalSchools: 1, completedSchools: 1 });
    // This class's learner was sent and approved above: unchanged; the other still incomplete.
    expect(run.unchanged as number).toBeGreaterThanOrEqual(1);
    expect(run.skipped as number).toBeGreaterThanOrEqual(1);
    expect(run.classes as number).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('counts the results in the statistics of the class, the school and the commune', async () => {
    interface Tally {
      learners: number;
      incomplete: number;
      learning: Record<string, number>;
      subjects: { code: string; mean?: number; bands: number[]; passed: number }[];
    }
    interface Stats {
      total: Tally;
      parts: (Tally & { id: string; name: string })[];
    }
    // The class, computed now: one complete learner, one not; Toán 8,7 is in the top band (≥ 8).
    const live = await api<Stats>(`/classes/${classId}/result-statistics?period=year`, { as: 'teacher1' });
    expect(live.status, JSON.stringify(live.body)).toBe(200);
    expect(live.body.total).toMatchObject({ learners: 1, incomplete: 1 });
    expect(live.body.total.subjects.find((x) => x.code === 'TOAN')).toMatchObject({
      mean: 8.7,
      bands: [0, 0, 0, 0, 1],
    });
    expect(live.body.total.subjects.find((x) => x.code === 'GDTC')).toMatchObject({ passed: 1 });
    // The school: its classes as sent, this one among them.
    const school = await api<Stats>(
      '/org-units/THPT-TRANPHU/result-statistics?schoolYear=2026-2027&period=year',
      {
        as: 'principal1',
      },
    );
    expect(school.status, JSON.stringify(school.body)).toBe(200);
    const mine = school.body.parts.find((p) => p.id === classId)!;
    expect(mine).toMatchObject({ name: `11H${run}`, learners: 1, incomplete: 1 });
    expect(school.body.total.learners).toBeGreaterThanOrEqual(1);
    // The commune: its schools, Trần Phú's total the same as the school's own.
    const commune = await api<Stats>(
      '/org-units/P-NGOQUYEN/result-statistics?schoolYear=2026-2027&period=year',
      {
        as: 'commune2.admin',
      },
    );
    expect(commune.status, JSON.stringify(commune.body)).toBe(200);
    expect(commune.body.parts.find((p) => p.id === 'THPT-TRANPHU')?.learners).toBe(
      school.body.total.learners,
    );
    // Another commune's officer does not see Trần Phú's.
    expect(
      (
        await api('/org-units/THPT-TRANPHU/result-statistics?schoolYear=2026-2027&period=year', {
          as: 'commune1.officer',
        })
      ).status,
    ).toBe(403);
  });

  it('is signed with the grade by the principal, three signatures that pdfsig validates', async () => {
    const grade = `/org-units/THPT-TRANPHU/transcripts?schoolYear=2026-2027&grade=11`;
    const before = await api<{ classes: { classId: string; counts: Record<string, number> }[] }>(grade, {
      as: 'principal1',
    });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(before.body.classes.find((c) => c.classId === classId)?.counts.approved).toBe(1);
    const signing = { schoolYear: '2026-2027', grade: 11 };
    const path = '/org-units/THPT-TRANPHU/transcripts/signing';
    expect((await api(path, { as: 'teacher1', body: signing })).status).toBe(403);
    const asked = await api<{ queued: number }>(path, { as: 'principal1', body: signing });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    expect(asked.body.queued).toBeGreaterThanOrEqual(1);

    const signed = await until(async () => {
      const res = await api<ClassTranscripts>(`/classes/${classId}/transcripts`, { as: 'teacher1' });
      const item = res.body.items.find((i) => i.learnerId === done);
      return item?.state === 'signed' ? item : undefined;
    }, 60_000);
    expect(signed.principalName).toBeTruthy();

    const link = await api<{ url: string }>(`/classes/${classId}/transcripts/download`, {
      as: 'teacher1',
      body: { learnerId: done, format: 'pdf' },
    });
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    expect(link.body.url).not.toContain(doneId);
    const pdf = Buffer.from(await (await fetch(link.body.url)).arrayBuffer());
    writeFileSync(join(dir, 'hoc-ba.pdf'), pdf);
    const report = spawnSync('pdfsig', [join(dir, 'hoc-ba.pdf')], { encoding: 'utf8' });
    const verdicts = [...report.stdout.matchAll(/Signature Validation: (.*)/g)].map((m) => m[1]);
    expect(verdicts, report.stdout).toEqual([
      'Signature is Valid.',
      'Signature is Valid.',
      'Signature is Valid.',
    ]);
    const signers = [...report.stdout.matchAll(/Signer Certificate Common Name: (.*)/g)].map((m) => m[1]);
    expect(signers[0]).toBe('Đặng Thị Thuỳ Dương');
    expect(signers[1]).toBe(signed.principalName);
    expect(signers[2]).toMatch(/Trần Phú/);
    expect(report.stdout).toContain('Total document signed');

    const xmlLink = await api<{ url: string }>(`/classes/${classId}/transcripts/download`, {
      as: 'teacher1',
      body: { learnerId: done, format: 'xml' },
    });
    writeFileSync(join(dir, 'hoc-ba.xml'), Buffer.from(await (await fetch(xmlLink.body.url)).arrayBuffer()));
    const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, join(dir, 'hoc-ba.xml')], {
      encoding: 'utf8',
    });
    expect(lint.status, lint.stderr).toBe(0);

    // The printed code: anyone may verify what it attests.
    const verified = await api<{ status: string; document?: { kind: string; holder: string } }>(
      `/verify/${signed.code!.toLowerCase()}`,
      {},
    );
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body).toMatchObject({
      status: 'signed',
      document: { kind: 'transcript', holder: 'Vũ Thị Hoàn Thành' },
    });
    // Signed is final: approving again leaves it as signed.
    const again = await api<{ alreadySigned: { learnerId: string }[] }>(`/classes/${classId}/transcripts`, {
      as: 'teacher1',
      method: 'POST',
      body: {},
    });
    expect(again.body.alreadySigned.map((a) => a.learnerId)).toEqual([done]);
  }, 90_000);

  it('is found and downloaded by the guardian, and by nobody else', async () => {
    const mine = await api<{
      learners: { learnerId: string; transcripts: { schoolYear: string; grade: number; code: string }[] }[];
    }>('/me/transcripts', { as: guardian });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.learners).toEqual([
      expect.objectContaining({
        learnerId: done,
        transcripts: [expect.objectContaining({ schoolYear: '2026-2027', grade: 11 })],
      }),
    ]);
    const body = { learnerId: done, schoolYear: '2026-2027', format: 'pdf' };
    const link = await api<{ url: string }>('/me/transcripts/download', { as: guardian, body });
    expect(link.status, JSON.stringify(link.body)).toBe(200);
    const pdf = new Uint8Array(await (await fetch(link.body.url)).arrayBuffer());
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    // Another parent: as if there were no such transcript.
    const other = await api<Problem>('/me/transcripts/download', { as: 'parent1', body });
    expect(other.status).toBe(404);
  });

  it('leaves a copy in the ministry’s store, by personal ID', async () => {
    const sink = cloud().env.MINISTRY_TRANSCRIPT_DIR;
    if (!sink) return expect.fail('the local cloud names its ministry sink in MINISTRY_TRANSCRIPT_DIR');
    await until(async () => (existsSync(join(sink, doneId, '2026-2027.json')) ? true : undefined), 20_000);
    expect(existsSync(join(sink, doneId, '2026-2027.pdf'))).toBe(true);
    expect(existsSync(join(sink, doneId, '2026-2027.xml'))).toBe(true);
    // Handing a learner's record to the ministry is audited, with its receipt and no personal ID.
    type Entry = { action: string; targetId?: string; changes?: Record<string, unknown> };
    const exported = await until(async () => {
      // The commune's trail, newest first, a few pages (other suites write to it meanwhile).
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const audit = await api<{ items: Entry[]; nextCursor?: string }>(
          `/org-units/P-NGOQUYEN/audit?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          { as: 'commune2.admin' },
        );
        const found = audit.body.items.find((e) => e.action === 'transcript.export');
        if (found) return found;
        cursor = audit.body.nextCursor;
        if (!cursor) return undefined;
      }
      return undefined;
    });
    expect(String(exported.changes?.receipt)).toMatch(/^local:/);
    expect(JSON.stringify(exported)).not.toContain(doneId);
  });
});
