/**
 * Class courses against the local cloud (issue 21, item 6): a teacher opens a course for a class
 * of the education database, adds lessons (repository materials, a live lesson with a meeting
 * link) and an assignment; the class's pupils hand in files, late or on time, and join the live
 * lesson (attendance recorded); the teacher marks, and the pupils and their guardians read the
 * marks. A pupil who moves class leaves the course (their hand-in stays, marked "left"); another
 * teacher, another class's pupil and a guardian of nobody in the class find nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { authEntities } from '../../shared/auth/store.ts';
import { api, postUpload, type UploadLink, until, useCloudEnvironment } from '../support/cloud.ts';
import { approvedPerson } from '../support/people.ts';
import { pdfBytes } from '../support/resources.ts';

const RUN = Date.now() % 100_000;
const SCHOOL = 'THPT-TRANPHU';
const DAY = 86_400_000;
const id = (serial: number, gender: 'male' | 'female' = 'female', year = 2010) =>
  makePersonalId('031', year, gender, 700_000 + RUN * 7 + serial);
const GUARDIAN_ID = id(9, 'male', 1982);
/** A published open document of the demo repository. */
const MATERIAL = '00000000-0000-4000-8000-000000000001';

const pupilA = `cc-a-${RUN}`;
const pupilB = `cc-b-${RUN}`;
const pupilOther = `cc-o-${RUN}`;
const guardian = `cc-g-${RUN}`;

let classId: string;
let otherClassId: string;
let learnerA: string;
let learnerB: string;

interface Course {
  courseId: string;
  className: string;
  teacherName: string;
}
interface Submission {
  learnerId: string;
  fullName: string;
  state: string;
  files: { fileName: string; size: number; url: string }[];
  score?: number;
  feedback?: string;
  inClass?: boolean;
}
interface Followed {
  courseId: string;
  learners: { learnerId: string; fullName: string; relation: string }[];
  assignments: { assignmentId: string; title: string; submissions: Submission[] }[];
  upcoming: { lessonId: string; live?: { provider: string; meetingUrl?: string } }[];
}

const learnerData = (personalId: string, fullName: string, klass: string, guardians: unknown[] = []) => ({
  personalId,
  fullName,
  gender: 'female',
  dateOfBirth: '2010-04-02',
  grade: 11,
  classId: klass,
  guardians,
});

async function account(accountId: string, fullName: string, personalId: string, role?: 'student') {
  const created = await api(`/org-units/${SCHOOL}/accounts`, {
    as: 'admin',
    body: { accountId, fullName, personalId },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  if (role)
    await authEntities()
      .roleAssignment.put({
        accountId,
        assignmentId: 'student',
        role: 'student',
        scopeOrgUnitId: SCHOOL,
        grantedBy: 'test',
        grantedAt: new Date().toISOString(),
      })
      .go();
}

/** The notifications of a template in an account's inbox, in Vietnamese, once there are `count`. */
const told = (as: string, title: string, count = 1) =>
  until(async () => {
    const res = await api<{ items: { title: string; body: string; category: string }[] }>(
      '/me/notifications',
      {
        as,
        headers: { 'accept-language': 'vi-VN' },
      },
    );
    const found = res.body.items.filter((n) => n.title === title);
    return found.length >= count ? found : undefined;
  });

/** A file uploaded through a hand-in's form; answers its id. */
async function uploaded(
  as: string,
  assignmentId: string,
  bytes = pdfBytes(),
  contentType = 'application/pdf',
) {
  const form = await api<{ fileId: string; upload: UploadLink }>(
    `/me/class-assignments/${assignmentId}/files`,
    {
      as,
      body: { fileName: 'Bài làm.pdf', contentType, size: bytes.length },
    },
  );
  expect(form.status, JSON.stringify(form.body)).toBe(201);
  const sent = await postUpload(form.body.upload, new Uint8Array(bytes));
  expect(sent.status).toBeLessThan(300);
  return form.body.fileId;
}

/** What the commune's audit log says was done to a target, oldest first. */
async function audited(targetId: string) {
  const audit = await api<{ items: { action: string; targetId: string }[] }>(
    '/org-units/P-NGOQUYEN/audit?limit=100',
    {
      as: 'commune2.admin',
    },
  );
  expect(audit.status).toBe(200);
  return audit.body.items
    .filter((e) => e.targetId === targetId)
    .map((e) => e.action)
    .reverse();
}

beforeAll(async () => {
  useCloudEnvironment();
  const klass = (code: string) =>
    approvedPerson('class', { code, name: code, grade: 11, schoolYear: '2026-2027' });
  classId = await klass(`11K${RUN}`);
  otherClassId = await klass(`11L${RUN}`);
  const father = { relation: 'father', fullName: 'Đỗ Văn Hùng', personalId: GUARDIAN_ID };
  learnerA = await approvedPerson('student', learnerData(id(1), 'Đỗ Thị Ánh', classId, [father]));
  learnerB = await approvedPerson('student', learnerData(id(2), 'Bùi Thị Bích', classId));
  await approvedPerson('student', learnerData(id(3), 'Cao Thị Cúc', otherClassId));
  await account(pupilA, 'Đỗ Thị Ánh', id(1), 'student');
  await account(pupilB, 'Bùi Thị Bích', id(2), 'student');
  await account(pupilOther, 'Cao Thị Cúc', id(3), 'student');
  await account(guardian, 'Đỗ Văn Hùng', GUARDIAN_ID);
  for (const as of [pupilA, pupilB, pupilOther])
    expect((await api('/me/links', { as, body: { as: 'learner' } })).status).toBe(201);
  expect(
    (await api('/me/links', { as: guardian, body: { as: 'guardian', childPersonalId: id(1) } })).status,
  ).toBe(201);
}, 240_000);

describe('a class course', () => {
  let course: Course;
  let assignmentId: string;
  let liveLessonId: string;

  it('is opened by a teacher for a class of the school, audited; a class of another school is refused', async () => {
    const classes = await api<{ items: { classId: string; learners: number }[] }>(
      `/org-units/${SCHOOL}/class-course-classes`,
      { as: 'teacher1' },
    );
    expect(classes.body.items.find((c) => c.classId === classId)?.learners).toBe(2);

    const refused = await api(`/org-units/${SCHOOL}/class-courses`, {
      as: 'teacher1',
      body: { classId: crypto.randomUUID(), title: 'Toán 11', subject: 'Toán' },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('classId');
    // Another school's teacher cannot open one here at all.
    const outsider = await api(`/org-units/${SCHOOL}/class-courses`, {
      as: 'teacher2',
      body: { classId, title: 'Toán 11', subject: 'Toán' },
    });
    expect([403, 404]).toContain(outsider.status);

    const created = await api<Course>(`/org-units/${SCHOOL}/class-courses`, {
      as: 'teacher1',
      body: { classId, title: 'Toán 11 — học trực tuyến', subject: 'Toán' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    course = created.body;
    expect(course).toMatchObject({ className: `11K${RUN}`, teacherName: 'Đặng Thị Thuỳ Dương' });
    expect(await audited(course.courseId)).toEqual(['class-course.create']);

    // The teacher's list and the school leader's hold it; another teacher's does not.
    const mine = await api<{ items: Course[] }>(`/org-units/${SCHOOL}/class-courses`, { as: 'teacher1' });
    expect(mine.body.items.map((c) => c.courseId)).toContain(course.courseId);
    const leader = await api<{ items: Course[] }>(`/org-units/${SCHOOL}/class-courses`, { as: 'principal1' });
    expect(leader.body.items.map((c) => c.courseId)).toContain(course.courseId);
    const colleague = await api<{ items: Course[] }>(`/org-units/${SCHOOL}/class-courses`, {
      as: 'groupleader1',
    });
    expect(colleague.body.items.map((c) => c.courseId)).not.toContain(course.courseId);
    expect((await api(`/class-courses/${course.courseId}`, { as: 'groupleader1' })).status).toBe(404);
  });

  it('takes lessons with repository materials and a live lesson on Teams, Meet or Zoom only', async () => {
    const lessons = `/class-courses/${course.courseId}/lessons`;
    const badLink = await api(lessons, {
      as: 'teacher1',
      body: {
        title: 'Ôn tập chương 1',
        live: {
          startsAt: new Date().toISOString(),
          durationMinutes: 45,
          meetingUrl: 'http://example.com/room',
        },
      },
    });
    expect(badLink.status).toBe(400);
    expect(JSON.stringify(badLink.body)).toContain('live.meetingUrl');
    const badMaterial = await api(lessons, {
      as: 'teacher1',
      body: { title: 'Ôn tập chương 1', resourceIds: [crypto.randomUUID()] },
    });
    expect(badMaterial.status).toBe(400);
    expect(JSON.stringify(badMaterial.body)).toContain('resourceIds.0');

    const reading = await api<{ materials: { title: string }[] }>(lessons, {
      as: 'teacher1',
      body: { title: 'Hàm số lượng giác', description: 'Đọc trước khi lên lớp.', resourceIds: [MATERIAL] },
    });
    expect(reading.status, JSON.stringify(reading.body)).toBe(201);
    expect(reading.body.materials).toHaveLength(1);
    const live = await api<{ lessonId: string; live: { provider: string; meetingUrl: string } }>(lessons, {
      as: 'teacher1',
      body: {
        title: 'Giờ học trực tuyến: luyện tập',
        live: {
          startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
          durationMinutes: 45,
          meetingUrl: 'https://meet.google.com/abc-defg-hij',
        },
      },
    });
    expect(live.status, JSON.stringify(live.body)).toBe(201);
    expect(live.body.live.provider).toBe('Google Meet');
    liveLessonId = live.body.lessonId;
  });

  it('sets an assignment that the pupils and the guardian see, the link of the meeting to nobody but through joining', async () => {
    const set = await api<{ assignmentId: string }>(`/class-courses/${course.courseId}/assignments`, {
      as: 'teacher1',
      body: {
        title: 'Bài tập về nhà số 1',
        instructions: 'Giải các bài 1–5 trang 18, chụp ảnh hoặc nộp PDF.',
        dueAt: new Date(Date.now() + DAY).toISOString(),
      },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(201);
    assignmentId = set.body.assignmentId;
    // A due time already past is refused (and nobody is told of it).
    const past = await api(`/class-courses/${course.courseId}/assignments`, {
      as: 'teacher1',
      body: { title: 'Bài tập đã hết hạn', dueAt: new Date(Date.now() - 60_000).toISOString() },
    });
    expect(past.status).toBe(400);
    expect(JSON.stringify(past.body)).toContain('dueAt');

    const mine = await api<{ items: Followed[] }>('/me/class-courses', { as: pupilA });
    const followed = mine.body.items.find((c) => c.courseId === course.courseId)!;
    expect(followed.learners).toEqual([{ learnerId: learnerA, fullName: 'Đỗ Thị Ánh', relation: 'self' }]);
    expect(followed.assignments[0]?.submissions[0]).toMatchObject({ learnerId: learnerA, state: 'missing' });
    expect(followed.upcoming.map((l) => l.lessonId)).toContain(liveLessonId);
    expect(JSON.stringify(mine.body)).not.toContain('meet.google.com');

    const family = await api<{ items: Followed[] }>('/me/class-courses', { as: guardian });
    const child = family.body.items.find((c) => c.courseId === course.courseId)!;
    expect(child.learners).toEqual([{ learnerId: learnerA, fullName: 'Đỗ Thị Ánh', relation: 'guardian' }]);
    // Only the child's own hand-in, not a classmate's.
    expect(child.assignments[0]?.submissions.map((s) => s.learnerId)).toEqual([learnerA]);

    // The pupil and the guardian were told, in Vietnamese, with the due time as Hải Phòng reads it.
    for (const as of [pupilA, guardian]) {
      const [note] = await told(as, 'Bài tập mới');
      expect(note!.category).toBe('courses');
      expect(note!.body).toMatch(
        /^Khoá học “Toán 11 — học trực tuyến” có bài tập “Bài tập về nhà số 1”, hạn nộp \d\d:\d\d \d\d\/\d\d\/\d{4}\.$/,
      );
    }
    // Another class's pupil does not see it, by list or by id.
    const other = await api<{ items: Followed[] }>('/me/class-courses', { as: pupilOther });
    expect(other.body.items.map((c) => c.courseId)).not.toContain(course.courseId);
    expect((await api(`/me/class-courses/${course.courseId}`, { as: pupilOther })).status).toBe(404);
    expect((await api(`/me/class-courses/${course.courseId}`, { as: guardian })).status).toBe(200);
  });

  it('takes hand-ins: only uploaded files of accepted types, again until marked; a guardian cannot hand in', async () => {
    const submission = `/me/class-assignments/${assignmentId}/submission`;
    const notThere = await api(submission, {
      as: pupilA,
      method: 'PUT',
      body: { files: [{ fileId: crypto.randomUUID(), fileName: 'bai.pdf' }] },
    });
    expect(notThere.status).toBe(400);
    expect(JSON.stringify(notThere.body)).toContain('files.0.fileId');
    // A type the form does not offer is refused before any upload.
    const exe = await api(`/me/class-assignments/${assignmentId}/files`, {
      as: pupilA,
      body: { fileName: 'virus.exe', contentType: 'application/x-msdownload', size: 10 },
    });
    expect(exe.status).toBe(400);

    const first = await uploaded(pupilA, assignmentId);
    const handedIn = await api<Submission>(submission, {
      as: pupilA,
      method: 'PUT',
      body: { files: [{ fileId: first, fileName: 'Bài làm.pdf' }] },
    });
    expect(handedIn.status, JSON.stringify(handedIn.body)).toBe(200);
    expect(handedIn.body).toMatchObject({ state: 'submitted', files: [{ fileName: 'Bài làm.pdf' }] });
    // Handed in again with two files: the last hand-in holds.
    const second = await uploaded(pupilA, assignmentId);
    const again = await api<Submission>(submission, {
      as: pupilA,
      method: 'PUT',
      body: {
        files: [
          { fileId: first, fileName: 'Bài làm.pdf' },
          { fileId: second, fileName: 'Trang 2.pdf' },
        ],
      },
    });
    expect(again.body.files.map((f) => f.fileName)).toEqual(['Bài làm.pdf', 'Trang 2.pdf']);
    // The file read back is the file handed in.
    const read = await fetch(again.body.files[1]!.url);
    expect(read.status).toBe(200);
    expect(new TextDecoder().decode((await read.arrayBuffer()).slice(0, 8))).toBe('%PDF-1.4');

    // A classmate cannot hand in the other's file (keys are per pupil).
    const stolen = await api(submission, {
      as: pupilB,
      method: 'PUT',
      body: { files: [{ fileId: first, fileName: 'copy.pdf' }] },
    });
    expect(stolen.status).toBe(400);
    // A guardian follows, but does not hand in.
    const byGuardian = await api(`/me/class-assignments/${assignmentId}/files`, {
      as: guardian,
      body: { fileName: 'bai.pdf', contentType: 'application/pdf', size: 100 },
    });
    expect(byGuardian.status).toBe(403);
  });

  it('is marked by the teacher with feedback, audited; the mark is read by the pupil and the guardian', async () => {
    const marks = `/class-assignments/${assignmentId}/marks`;
    const tooHigh = await api(marks, { as: 'teacher1', body: { learnerId: learnerA, score: 10.5 } });
    expect(tooHigh.status).toBe(400);
    const twoDecimals = await api(marks, { as: 'teacher1', body: { learnerId: learnerA, score: 8.25 } });
    expect(twoDecimals.status).toBe(400);
    const stranger = await api(marks, { as: 'teacher1', body: { learnerId: crypto.randomUUID(), score: 5 } });
    expect(stranger.status).toBe(400);
    expect(JSON.stringify(stranger.body)).toContain('learnerId');

    // The teacher marks the hand-in they saw: one handed in again since is not marked unseen.
    const seen = await api<{ items: (Submission & { submittedAt?: string })[] }>(
      `/class-assignments/${assignmentId}/submissions`,
      { as: 'teacher1' },
    );
    const submittedAt = seen.body.items.find((i) => i.learnerId === learnerA)!.submittedAt!;
    const stale = await api(marks, {
      as: 'teacher1',
      body: {
        learnerId: learnerA,
        score: 7,
        submittedAt: new Date(Date.parse(submittedAt) - 1000).toISOString(),
      },
    });
    expect(stale.status).toBe(409);
    const unseen = await api(marks, { as: 'teacher1', body: { learnerId: learnerA, score: 7 } });
    expect(unseen.status).toBe(409);
    const marked = await api<Submission>(marks, {
      as: 'teacher1',
      body: {
        learnerId: learnerA,
        score: 8.5,
        feedback: 'Lời giải rõ ràng; bài 4 thiếu điều kiện.',
        submittedAt,
      },
    });
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    expect(marked.body).toMatchObject({ state: 'marked', score: 8.5, files: [{}, {}] });
    expect(await audited(`${assignmentId}:${learnerA}`)).toEqual(['class-submission.mark']);

    const [markNote] = await told(pupilA, 'Bài tập đã được chấm');
    expect(markNote!.body).toBe(
      'Bài “Bài tập về nhà số 1” của khoá học “Toán 11 — học trực tuyến” đã được chấm: 8,5/10 điểm.',
    );
    // Marked work is not handed in again.
    const late = await uploaded(pupilA, assignmentId);
    const refused = await api(`/me/class-assignments/${assignmentId}/submission`, {
      as: pupilA,
      method: 'PUT',
      body: { files: [{ fileId: late, fileName: 'sửa.pdf' }] },
    });
    expect(refused.status).toBe(409);

    for (const as of [pupilA, guardian]) {
      const view = await api<Followed & { lessons: unknown[] }>(`/me/class-courses/${course.courseId}`, {
        as,
      });
      expect(view.status).toBe(200);
      expect(view.body.assignments[0]?.submissions[0]).toMatchObject({
        state: 'marked',
        score: 8.5,
        feedback: 'Lời giải rõ ràng; bài 4 thiếu điều kiện.',
      });
      expect(view.body.lessons).toHaveLength(2);
    }

    // The teacher's course counts hand-ins and marks among the class today.
    const home = await api<{ assignments: { submitted: number; marked: number; learners: number }[] }>(
      `/class-courses/${course.courseId}`,
      { as: 'teacher1' },
    );
    expect(home.body.assignments[0]).toMatchObject({ submitted: 1, marked: 1, learners: 2 });
  });

  it('records attendance when a pupil joins a live lesson, and the teacher’s word over it', async () => {
    const joined = await api<{ meetingUrl: string; status: string }>(
      `/me/class-lessons/${liveLessonId}/join`,
      {
        as: pupilA,
        method: 'POST',
      },
    );
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    expect(joined.body).toEqual({ meetingUrl: 'https://meet.google.com/abc-defg-hij', status: 'present' });
    // A guardian does not join; another class's pupil finds no lesson.
    expect(
      (await api(`/me/class-lessons/${liveLessonId}/join`, { as: guardian, method: 'POST' })).status,
    ).toBe(403);
    expect(
      (await api(`/me/class-lessons/${liveLessonId}/join`, { as: pupilOther, method: 'POST' })).status,
    ).toBe(404);

    const attendance = `/class-lessons/${liveLessonId}/attendance`;
    const recorded = await api<{ recorded: number }>(attendance, {
      as: 'teacher1',
      method: 'PUT',
      body: { entries: [{ learnerId: learnerB, status: 'excused' }] },
    });
    expect(recorded.body.recorded).toBe(1);
    const refused = await api(attendance, {
      as: 'teacher1',
      method: 'PUT',
      body: { entries: [{ learnerId: crypto.randomUUID(), status: 'present' }] },
    });
    expect(refused.status).toBe(400);
    const list = await api<{ items: { learnerId: string; status?: string; joinedAt?: string }[] }>(
      attendance,
      {
        as: 'teacher1',
      },
    );
    // The class list by given name: Ánh, then Bích.
    expect(list.body.items.map((i) => [i.learnerId, i.status, Boolean(i.joinedAt)])).toEqual([
      [learnerA, 'present', true],
      [learnerB, 'excused', false],
    ]);
  });

  it('marks a hand-in after the due time late', async () => {
    const soon = await api<{ assignmentId: string }>(`/class-courses/${course.courseId}/assignments`, {
      as: 'teacher1',
      body: { title: 'Bài tập nhanh', dueAt: new Date(Date.now() + 2_000).toISOString(), maxScore: 5 },
    });
    expect(soon.status, JSON.stringify(soon.body)).toBe(201);
    await new Promise((r) => setTimeout(r, 2_500));
    const file = await uploaded(pupilA, soon.body.assignmentId);
    const late = await api<Submission>(`/me/class-assignments/${soon.body.assignmentId}/submission`, {
      as: pupilA,
      method: 'PUT',
      body: { files: [{ fileId: file, fileName: 'muon.pdf' }] },
    });
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    expect(late.body.state).toBe('late');
  });

  it('is in the guardian’s own data export: the child’s hand-in, its mark, the attendance', async () => {
    const asked = await api<{ exportId: string }>('/me/personal-data-exports', {
      as: guardian,
      method: 'POST',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const done = await until(async () => {
      const res = await api<{ status: string; downloadUrl?: string }>(
        `/me/personal-data-exports/${asked.body.exportId}`,
        { as: guardian },
      );
      return res.body.status === 'done' || res.body.status === 'failed' ? res.body : undefined;
    }, 60_000);
    expect(done.status).toBe('done');
    const data = (await (await fetch(done.downloadUrl!)).json()) as {
      learners: { recordId: string; classWork: { handIns: unknown[]; attendance: unknown[] } }[];
    };
    const child = data.learners.find((l) => l.recordId === learnerA)!;
    expect(child.classWork.handIns).toContainEqual(
      expect.objectContaining({
        course: 'Toán 11 — học trực tuyến',
        assignment: 'Bài tập về nhà số 1',
        score: 8.5,
        maxScore: 10,
        files: ['Bài làm.pdf', 'Trang 2.pdf'],
      }),
    );
    expect(child.classWork.attendance).toEqual([
      expect.objectContaining({ lesson: 'Giờ học trực tuyến: luyện tập', status: 'present' }),
    ]);
  });

  it('follows the class list: a pupil moved to another class leaves the course, their hand-in kept', async () => {
    const fileB = await uploaded(pupilB, assignmentId);
    expect(
      (
        await api(`/me/class-assignments/${assignmentId}/submission`, {
          as: pupilB,
          method: 'PUT',
          body: { files: [{ fileId: fileB, fileName: 'bai-bich.pdf' }] },
        })
      ).status,
    ).toBe(200);
    const record = await api<{ version: number; approved: { data: Record<string, unknown> } }>(
      `/records/${learnerB}`,
      { as: 'principal1' },
    );
    const moved = await api<{ version: number }>(`/records/${learnerB}`, {
      as: 'principal1',
      method: 'PUT',
      body: {
        expectedVersion: record.body.version,
        data: { ...record.body.approved.data, classId: otherClassId },
      },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const sent = await api<{ results: { ok: boolean; record: { version: number } }[] }>(
      '/records/submissions',
      {
        as: 'principal1',
        body: { records: [{ recordId: learnerB, expectedVersion: moved.body.version }] },
      },
    );
    expect(sent.body.results[0]?.ok, JSON.stringify(sent.body)).toBe(true);
    const decided = await api<{ results: { ok: boolean }[] }>('/records/decisions', {
      as: 'commune2.admin',
      body: {
        decision: 'approve',
        records: [{ recordId: learnerB, expectedVersion: sent.body.results[0]!.record.version }],
      },
    });
    expect(decided.body.results[0]?.ok, JSON.stringify(decided.body)).toBe(true);

    expect((await api(`/me/class-courses/${course.courseId}`, { as: pupilB })).status).toBe(404);
    const submissions = await api<{ items: Submission[] }>(`/class-assignments/${assignmentId}/submissions`, {
      as: 'teacher1',
    });
    expect(submissions.body.items.map((s) => [s.fullName, s.state, s.inClass])).toEqual([
      ['Đỗ Thị Ánh', 'marked', true],
      ['Bùi Thị Bích', 'submitted', false],
    ]);
  });

  it('answers the grade book with the marks of a class', async () => {
    const { classCourseMarks } = await import('../../functions/courses/index.ts');
    const marks = await classCourseMarks(classId);
    expect(marks).toEqual([
      expect.objectContaining({
        courseId: course.courseId,
        subject: 'Toán',
        // The quick assignment (out of 5, nobody marked) and the marked one.
        assignments: expect.arrayContaining([
          expect.objectContaining({ maxScore: 5, marks: [] }),
          expect.objectContaining({
            assignmentId,
            maxScore: 10,
            marks: [{ learnerId: learnerA, score: 8.5 }],
          }),
        ]),
      }),
    ]);
  });
});
