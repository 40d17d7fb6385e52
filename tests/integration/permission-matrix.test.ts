/**
 * The permission matrix: every route of every manifest, called with its sample event by actors
 * outside the sample's scope, answers 401, 403 or 404 and never returns the data. Sample events
 * target Phường Ngô Quyền and Trường THPT chuyên Trần Phú; the outsiders below hold roles only
 * elsewhere. A new route is covered as soon as its manifest entry and sample event exist.
 *
 * Then every route's error paths are walked in Vietnamese (the portal's language): the refusals,
 * a body broken two ways, each path parameter naming nothing, each query value mangled. No
 * answer may carry English.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { manifests } from '../../functions/manifests.ts';
import { routeKey } from '../../shared/manifest.ts';
import {
  asCitizen,
  closedWindow,
  GRADE10_RULES,
  GUARDIAN,
  gradeNinePupil,
  moveIntoPast,
  openGrade10Campaign,
  openWindow,
  passConfirmationDeadline,
  publishedGrade10Campaign,
  runAllocation,
  spareSchoolYear,
} from '../support/admissions.ts';
import { api, postUpload, type UploadLink, until } from '../support/cloud.ts';
import { keyedOf, renderDiplomaScan, sampleDiploma, scansAsPdf } from '../support/diploma-scans.ts';
import { englishIn } from '../support/english.ts';
import { approvedPerson } from '../support/people.ts';
import { preparedResource } from '../support/resources.ts';

const OUTSIDERS = ['teacher2', 'commune1.admin', 'commune1.officer', 'staff1', 'citizen1', 'student2'];
/**
 * Outsiders with links (made by linkFixtures): a guardian of another child, and a learner linked
 * to themself. A link opens that one person, never the samples' learner.
 */
const LINKED_OUTSIDERS: string[] = [];
/**
 * `/me…` routes answer about the caller: everyone is inside them (they list only their own).
 * Every other route is walked, those behind `self.read` too (a resource read by id: its author,
 * its reviewers, or — published for one school — that school's people).
 */
const isSelfPath = (path: string) => path === '/me' || path.startsWith('/me/');
const ROOT = join(import.meta.dirname, '../..');

/** Sample events name resources by fixed ids; these map them to ones created inside the sample scope. */
const fixtures: Record<string, string> = {};
const FIX_IMPORT = '5a1c9e2b-7d3f-4b6a-8e0c-2f4d6b8a0c1e';

/** A class of Trần Phú whose homeroom teacher and Toán teacher is teacher1, with one pupil (ids as in events/gradebook). */
async function gradebookFixtures() {
  const run = Date.now() % 100000;
  const links = await api<{ items: { recordId: string; relation: string }[] }>('/me/links', {
    as: 'teacher1',
  });
  const staff = links.body.items.find((l) => l.relation === 'staff');
  expect(staff, JSON.stringify(links.body)).toBeDefined();
  const classId = await approvedPerson('class', {
    code: `10G${run}`,
    name: `10G${run}`,
    grade: 10,
    schoolYear: '2025-2026',
    homeroomTeacherId: staff!.recordId,
    assignments: [
      { subject: 'Toán', semester: 1, teacherId: staff!.recordId },
      { subject: 'Toán', semester: 2, teacherId: staff!.recordId },
    ],
  });
  fixtures['c0a5e000-2050-4bd7-9d7a-0000000000a1'] = classId;
  const pupil = await approvedPerson('student', {
    personalId: makePersonalId('031', 2010, 'male', 700_000 + run),
    fullName: 'Phan Văn Sổ',
    gender: 'male',
    dateOfBirth: '2010-05-05',
    grade: 10,
    classId,
    guardians: [],
  });
  fixtures['c0a5e000-2050-4bd7-9d7a-0000000000a2'] = pupil;
  // Toán of semester 2 is locked, with a change asked for a leader to decide.
  const semester2 = `/classes/${classId}/grade-books/TOAN/2`;
  expect((await api(`${semester2}/lock`, { as: 'principal1', method: 'POST' })).status).toBe(200);
  const asked = await api<{ requestId: string }>(`${semester2}/change-requests`, {
    as: 'teacher1',
    body: { learnerId: pupil, field: 'endTerm', value: '8', reason: 'Chấm phúc khảo' },
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  fixtures['c0a5e000-2050-4bd7-9d7a-0000000000a3'] = asked.body.requestId;
  await transcriptFixtures(staff!.recordId, run);
}

/**
 * A class whose year is complete and whose pupil's transcript is signed (ids as in
 * events/gradebook's transcript samples): Thể dục both semesters, conduct and absences recorded,
 * every book locked, approved by teacher1, the grade signed by principal1.
 */
async function transcriptFixtures(staff: string, run: number) {
  const classId = await approvedPerson('class', {
    code: `10T${run}`,
    name: `10T${run}`,
    grade: 10,
    schoolYear: '2025-2026',
    homeroomTeacherId: staff,
    assignments: [
      { subject: 'Thể dục', semester: 1, teacherId: staff },
      { subject: 'Thể dục', semester: 2, teacherId: staff },
    ],
  });
  fixtures['c0a5e000-2050-4bd7-9d7a-0000000000a4'] = classId;
  const pupil = await approvedPerson('student', {
    personalId: makePersonalId('031', 2010, 'female', 710_000 + run),
    fullName: 'Trịnh Thị Học Bạ',
    gender: 'female',
    dateOfBirth: '2010-06-06',
    grade: 10,
    classId,
    guardians: [],
  });
  fixtures['c0a5e000-2050-4bd7-9d7a-0000000000a5'] = pupil;
  const enter = async (path: string, values: Record<string, string>) => {
    const changes = Object.entries(values).map(([field, value]) => ({
      learnerId: pupil,
      field,
      value,
      expectedVersion: 0,
    }));
    const res = await api(path, { as: 'teacher1', method: 'PATCH', body: { changes } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  for (const semester of [1, 2]) {
    await enter(`/classes/${classId}/grade-books/GDTC/${semester}`, { pass: 'Đ' });
    await enter(`/classes/${classId}/homeroom/${semester}`, { conduct: 'T', absentHalfDays: '0' });
    const locked = await api(`/classes/${classId}/grade-books/GDTC/${semester}/lock`, {
      as: 'principal1',
      method: 'POST',
    });
    expect(locked.status, JSON.stringify(locked.body)).toBe(200);
  }
  // The semester's deadline has come: its homeroom rows are a leader's to correct (correct-homeroom.json).
  const deadline = await api('/org-units/THPT-TRANPHU/grade-book-deadlines', {
    as: 'principal1',
    method: 'PUT',
    body: { schoolYear: '2025-2026', semester: 2, lockOn: '2026-05-25' },
  });
  expect(deadline.status, JSON.stringify(deadline.body)).toBe(200);
  const approved = await api(`/classes/${classId}/transcripts`, { as: 'teacher1', method: 'POST', body: {} });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  const signing = await api('/org-units/THPT-TRANPHU/transcripts/signing', {
    as: 'principal1',
    body: { schoolYear: '2025-2026', grade: 10 },
  });
  expect(signing.status, JSON.stringify(signing.body)).toBe(202);
  await until(async () => {
    const res = await api<{ items: { learnerId: string; state?: string }[] }>(
      `/classes/${classId}/transcripts`,
      { as: 'teacher1' },
    );
    return res.body.items.find((i) => i.learnerId === pupil)?.state === 'signed' ? true : undefined;
  }, 60_000);
  // A run sending the school's results of that year to the education database.
  const yearEnd = await api<{ runId: string }>('/org-units/THPT-TRANPHU/result-runs', {
    as: 'principal1',
    body: { schoolYear: '2025-2026', period: 'year' },
  });
  expect(yearEnd.status, JSON.stringify(yearEnd.body)).toBe(202);
  fixtures['c0a5e000-2050-4bd7-9d7a-0000000000a6'] = yearEnd.body.runId;
}

/** An announcement of Trần Phú (id as in events/notifications). */
async function announcementFixtures() {
  const sent = await api<{ announcementId: string }>('/org-units/THPT-TRANPHU/announcements', {
    as: 'principal1',
    body: { audience: { kind: 'staff' }, subject: 'Lịch trực', text: 'Lịch trực tuần tới.' },
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(202);
  fixtures['20261203-3f2a9c1b7d4e'] = sent.body.announcementId;
}

function samples() {
  return manifests.flatMap((m) => {
    const dir = join(ROOT, 'events', m.name);
    // A context without routes yet has no samples (tests/unit/manifests checks every route has one).
    const events = existsSync(dir)
      ? readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as APIGatewayProxyEventV2)
      : [];
    return (
      Object.entries(m.routes)
        // Authorities' routes take no person's token (tests/integration/diplomas-authorities.test.ts).
        .filter(
          ([, route]) =>
            route.permission !== 'public' && !isSelfPath(route.path) && route.signIn !== 'authority',
        )
        .map(([id, route]) => ({
          id: `${m.name}.${id}`,
          route,
          event: events.find((e) => e.routeKey === routeKey(route))!,
        }))
    );
  });
}

/**
 * Admissions (ids as in events/admissions): a grade-10 campaign whose window has closed, with a
 * verified application scored and allocated and a submitted one, a score sheet's import asked for; a draft to change, a draft to
 * open, a grade-1 draft for Ngô Quyền's catchment; the sample's new campaign's school year.
 */
async function admissionFixtures() {
  const id = (n: string) => `ad100000-0000-4000-8000-0000000000${n}`;
  fixtures['2098-2099'] = spareSchoolYear(11);
  const main = await openGrade10Campaign(spareSchoolYear(12), [
    { schoolId: 'THPT-TRANPHU', area: 'KV1', quota: 35 },
    { schoolId: 'THPT-HONGBANG', area: 'KV1', quota: 40 },
  ]);
  fixtures[id('10')] = main.campaignId;
  expect((await asCitizen(GUARDIAN.sub, '/me')).status).toBe(200);
  const run = Date.now() % 100_000;
  const applyFor = async (
    serial: number,
    fullName: string,
    campaign: { campaignId: string; programmeIds: string[] } = main,
  ) => {
    const pupil = await gradeNinePupil(serial, fullName);
    const made = await asCitizen<{ applicationId: string; version: number }>(
      GUARDIAN.sub,
      '/me/admission-applications',
      {
        body: {
          campaignId: campaign.campaignId,
          childPersonalId: pupil.personalId,
          preferences: campaign.programmeIds,
        },
      },
    );
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    return made.body;
  };
  const verified = await applyFor(770_000 + run, 'Đinh Thị Mẫu');
  const decided = await api(`/admission-applications/${verified.applicationId}/verification`, {
    as: 'principal2',
    body: { decision: 'verify', expectedVersion: verified.version },
  });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  fixtures[id('20')] = verified.applicationId;
  fixtures[id('21')] = (await applyFor(780_000 + run, 'Đinh Thị Nộp')).applicationId;
  const campaign = await api<{ version: number; name: string }>(`/admission-campaigns/${main.campaignId}`);
  const closed = await api(`/admission-campaigns/${main.campaignId}`, {
    as: 'admin',
    method: 'PUT',
    body: {
      expectedVersion: campaign.body.version,
      name: campaign.body.name,
      // A publication minute far enough ahead for the publication sample to be asked for.
      timetable: {
        ...closedWindow(),
        publishAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
        confirmUntil: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      },
    },
  });
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  const scored = await api(`/admission-campaigns/${main.campaignId}/scores`, {
    as: 'admin',
    body: { scores: [{ applicationId: verified.applicationId, papers: { MATH: 800, LIT: 700, ENG: 650 } }] },
  });
  expect(scored.status, JSON.stringify(scored.body)).toBe(200);
  const scoreImport = await api<{ importId: string }>(
    `/admission-campaigns/${main.campaignId}/score-imports`,
    {
      as: 'admin',
      method: 'POST',
    },
  );
  expect(scoreImport.status, JSON.stringify(scoreImport.body)).toBe(201);
  fixtures[id('40')] = scoreImport.body.importId;
  const started = await api<{ runId: string }>(`/admission-campaigns/${main.campaignId}/allocation-runs`, {
    as: 'admin',
    body: {},
  });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await until(async () => {
    const r = await api<{ state: string }>(`/admission-allocation-runs/${started.body.runId}`, {
      as: 'admin',
    });
    return r.body.state === 'done' ? true : undefined;
  }, 30_000);
  fixtures[id('30')] = started.body.runId;
  const draft = async (schoolYear: string, grade: number) => {
    const made = await api<{ campaignId: string }>('/admission-campaigns', {
      as: 'admin',
      body: {
        schoolYear,
        grade,
        name: `Dự thảo lớp ${grade}`,
        timetable: openWindow(),
        ...(grade === 10 ? { rules: GRADE10_RULES } : {}),
      },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    return made.body.campaignId;
  };
  fixtures[id('11')] = await draft(spareSchoolYear(13), 10);
  await remarkingFixtures(id, applyFor);
  await secondRoundFixtures(id);
  const toOpen = await draft(spareSchoolYear(14), 10);
  const programme = await api(`/admission-campaigns/${toOpen}/programmes`, {
    as: 'admin',
    method: 'PUT',
    body: { schoolId: 'THPT-TRANPHU', kind: 'regular', area: 'KV1', quota: 35 },
  });
  expect(programme.status, JSON.stringify(programme.body)).toBe(200);
  fixtures[id('12')] = toOpen;
  fixtures[id('13')] = await draft(spareSchoolYear(15), 1);
}

/**
 * Second rounds (versions as the samples say): a published campaign past its confirmation deadline
 * to open one (15), and one whose second round's run is adopted, to publish it (16).
 */
async function secondRoundFixtures(id: (n: string) => string) {
  const run = Date.now() % 100_000;
  const pupil = await gradeNinePupil(800_000 + run, 'Đinh Thị Bổ');
  const toPublish = await gradeNinePupil(805_000 + run, 'Đinh Thị Sung');
  const papers = { MATH: 800, LIT: 800, ENG: 800 };
  const programmes = [{ schoolId: 'THPT-TRANPHU', area: 'KV1', quota: 35 }];
  const opening = await publishedGrade10Campaign(spareSchoolYear(17), programmes, [
    { child: pupil, choose: (p) => p, papers },
  ]);
  await passConfirmationDeadline(opening.campaignId);
  fixtures[id('15')] = opening.campaignId;
  const opened = await api<{ version: number }>(`/admission-campaigns/${opening.campaignId}`);
  expect(opened.body.version, 'events/admissions/open-second-round.json says this version').toBe(6);

  const publishing = await publishedGrade10Campaign(spareSchoolYear(18), programmes, [
    { child: toPublish, choose: (p) => p, papers },
  ]);
  await passConfirmationDeadline(publishing.campaignId);
  fixtures[id('16')] = publishing.campaignId;
  const version = async () =>
    (await api<{ version: number }>(`/admission-campaigns/${publishing.campaignId}`)).body.version;
  const round = await api(`/admission-campaigns/${publishing.campaignId}/second-round`, {
    as: 'admin',
    body: {
      expectedVersion: await version(),
      applyFrom: new Date(Date.now() - 1_000).toISOString(),
      applyUntil: new Date(Date.now() + 3_600_000).toISOString(),
      confirmUntil: new Date(Date.now() + 86_400_000).toISOString(),
    },
  });
  expect(round.status, JSON.stringify(round.body)).toBe(200);
  const chosen = await asCitizen(
    GUARDIAN.sub,
    `/me/admission-applications/${publishing.applicationIds[0]}/second-round`,
    {
      method: 'PUT',
      body: {
        expectedVersion: (
          await asCitizen<{ version: number }>(
            GUARDIAN.sub,
            `/me/admission-applications/${publishing.applicationIds[0]}`,
          )
        ).body.version,
        preferences: publishing.programmeIds,
      },
    },
  );
  expect(chosen.status, JSON.stringify(chosen.body)).toBe(200);
  await moveIntoPast(publishing.campaignId, 'secondRound.applyUntil');
  const roundRun = await runAllocation(publishing.campaignId, { round: 2 });
  const adopted = await api(`/admission-allocation-runs/${roundRun}/adoption`, {
    as: 'admin',
    body: { expectedVersion: await version() },
  });
  expect(adopted.status, JSON.stringify(adopted.body)).toBe(200);
  expect(await version(), 'events/admissions/publish-second-round.json says this version').toBe(8);
}

/**
 * A grade-10 campaign whose scores are announced, with a re-marking request waiting for its result
 * (application version 4: applied, verified, scored, asked), and another verified to admit directly.
 */
async function remarkingFixtures(
  id: (n: string) => string,
  applyFor: (
    serial: number,
    fullName: string,
    campaign: { campaignId: string; programmeIds: string[] },
  ) => Promise<{ applicationId: string; version: number }>,
) {
  const campaign = await openGrade10Campaign(spareSchoolYear(16), [
    { schoolId: 'THPT-TRANPHU', area: 'KV1', quota: 35 },
  ]);
  fixtures[id('14')] = campaign.campaignId;
  const applied = await applyFor(790_000 + (Date.now() % 100_000), 'Đinh Thị Phúc', campaign);
  fixtures[id('22')] = applied.applicationId;
  const verified = await api(`/admission-applications/${applied.applicationId}/verification`, {
    as: 'principal2',
    body: { decision: 'verify', expectedVersion: applied.version },
  });
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  // One to admit directly (version 2: applied, verified).
  const direct = await applyFor(795_000 + (Date.now() % 100_000), 'Đinh Văn Thẳng', campaign);
  fixtures[id('23')] = direct.applicationId;
  const directVerified = await api(`/admission-applications/${direct.applicationId}/verification`, {
    as: 'principal2',
    body: { decision: 'verify', expectedVersion: direct.version },
  });
  expect(directVerified.status, JSON.stringify(directVerified.body)).toBe(200);
  const setTimetable = async (timetable: Record<string, string>) => {
    const c = await api<{ version: number; name: string }>(`/admission-campaigns/${campaign.campaignId}`);
    const put = await api(`/admission-campaigns/${campaign.campaignId}`, {
      as: 'admin',
      method: 'PUT',
      body: { expectedVersion: c.body.version, name: c.body.name, timetable },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
  };
  const window = closedWindow();
  await setTimetable(window);
  const scored = await api(`/admission-campaigns/${campaign.campaignId}/scores`, {
    as: 'admin',
    body: { scores: [{ applicationId: applied.applicationId, papers: { MATH: 700, LIT: 700, ENG: 650 } }] },
  });
  expect(scored.status, JSON.stringify(scored.body)).toBe(200);
  await setTimetable({
    ...window,
    scoresFrom: new Date().toISOString(),
    remarkUntil: new Date(Date.now() + 3_600_000).toISOString(),
  });
  const asked = await asCitizen(
    GUARDIAN.sub,
    `/me/admission-applications/${applied.applicationId}/remarking`,
    {
      body: { expectedVersion: 3, papers: ['MATH'] },
    },
  );
  expect(asked.status, JSON.stringify(asked.body)).toBe(200);
}

/** Records of Trần Phú in the state each edu-data sample needs (ids as in events/edu-data). */
async function eduDataFixtures() {
  const record = async (kind: string, data: Record<string, unknown>) => {
    const res = await api<{ recordId: string }>(`/org-units/THPT-TRANPHU/records/${kind}`, {
      as: 'principal1',
      body: { data },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.recordId;
  };
  const learner = (serial: number) => ({
    personalId: makePersonalId('031', 2010, 'female', serial),
    fullName: 'Nguyễn Thị Mẫu',
    gender: 'female',
    dateOfBirth: '2010-03-14',
    grade: 10,
  });
  const sample = (n: number) => `11111111-2222-4333-8444-5555555555${String(n).padStart(2, '0')}`;
  fixtures[sample(1)] = await record('student', learner(900_001));
  fixtures[sample(2)] = await record('student', { ...learner(0), personalId: '031310123457' });
  fixtures[sample(3)] = await record('facility', {
    roomType: 'laboratory',
    buildingGrade: 'solid',
    count: 3,
    areaM2: 180,
  });
  fixtures[sample(4)] = await record('student', learner(900_004));
  fixtures[sample(5)] = await record('student', learner(900_005));
  const decide = await record('student', learner(900_006));
  await api('/records/submissions', {
    as: 'principal1',
    body: { records: [{ recordId: decide, expectedVersion: 1 }] },
  });
  fixtures[sample(6)] = decide;
  const recordImport = await api<{ importId: string }>('/org-units/THPT-TRANPHU/record-imports', {
    as: 'principal1',
    body: { kind: 'student' },
  });
  expect(recordImport.status).toBe(201);
  fixtures[sample(7)] = recordImport.body.importId;
  const recordExport = await api<{ exportId: string }>('/org-units/THPT-TRANPHU/record-exports', {
    as: 'principal1',
    body: { kind: 'staff' },
  });
  expect(recordExport.status).toBe(202);
  fixtures[sample(8)] = recordExport.body.exportId;
}

/** Questions and a paper of Trần Phú for the exams samples (ids as in events/exams). */
async function examFixtures() {
  const sample = (n: number) => `22222222-3333-4444-8555-6666666666${String(n).padStart(2, '0')}`;
  const question = async (status: 'approved' | 'submitted') => {
    const created = await api<{ questionId: string }>('/org-units/THPT-TRANPHU/questions', {
      as: 'teacher1',
      body: {
        scope: 'school',
        subject: 'Toán',
        grade: 12,
        // A topic of its own: the demo bank's questions must not fill the fixture's paper.
        topic: 'Đạo hàm (mẫu quyền)',
        level: 'recognition',
        stem: 'Đạo hàm của x² là?',
        question: {
          type: 'single',
          options: [
            { id: 'A', text: '2x' },
            { id: 'B', text: 'x' },
          ],
          correct: 'A',
          points: 0.25,
        },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    if (status === 'approved')
      expect(
        (
          await api(`/questions/${created.body.questionId}/review`, {
            as: 'principal1',
            body: { expectedVersion: 1, decision: 'approve' },
          })
        ).status,
      ).toBe(200);
    return created.body.questionId;
  };
  fixtures[sample(1)] = await question('approved');
  fixtures[sample(2)] = await question('submitted');
  fixtures[sample(3)] = await question('submitted');
  const paper = await api<{ paperId: string }>('/org-units/THPT-TRANPHU/exam-papers', {
    as: 'teacher1',
    body: {
      title: 'Mẫu',
      subject: 'Toán',
      grade: 12,
      blueprint: [{ topic: 'Đạo hàm (mẫu quyền)', level: 'recognition', count: 1 }],
      variants: 1,
    },
  });
  expect(paper.status, JSON.stringify(paper.body)).toBe(201);
  fixtures[sample(4)] = paper.body.paperId;
  // A session open now, with student1 on its roll and an attempt already started.
  const session = await api<{ sessionId: string }>('/org-units/THPT-TRANPHU/exam-sessions', {
    as: 'teacher1',
    body: {
      paperId: paper.body.paperId,
      title: 'Mẫu',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 7_200_000).toISOString(),
      durationMinutes: 45,
      passMark: 0.1,
      candidates: ['student1'],
    },
  });
  expect(session.status, JSON.stringify(session.body)).toBe(201);
  fixtures[sample(5)] = session.body.sessionId;
  const started = await api(`/exam-sessions/${session.body.sessionId}/attempt`, {
    as: 'student1',
    body: { deviceId: 'device-sample-01' },
  });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  // A practice that lets candidates review, which student1 has taken and submitted.
  const practice = await api<{ sessionId: string }>('/org-units/THPT-TRANPHU/exam-sessions', {
    as: 'teacher1',
    body: {
      paperId: paper.body.paperId,
      title: 'Mẫu luyện tập',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 7_200_000).toISOString(),
      durationMinutes: 45,
      passMark: 0.1,
      candidates: ['student1'],
      practice: true,
      reviewAfterSubmit: true,
    },
  });
  expect(practice.status, JSON.stringify(practice.body)).toBe(201);
  fixtures[sample(11)] = practice.body.sessionId;
  for (const [path, body] of [
    ['attempt', { deviceId: 'device-sample-11' }],
    ['attempt/submit', undefined],
  ] as const) {
    const done = await api(`/exam-sessions/${practice.body.sessionId}/${path}`, {
      as: 'student1',
      method: 'POST',
      ...(body ? { body } : {}),
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  }
  await essayFixtures(sample);
  const sheet = await api<{ jobId: string }>('/org-units/THPT-TRANPHU/question-imports', {
    as: 'teacher1',
    method: 'POST',
  });
  expect(sheet.status).toBe(201);
  fixtures[sample(10)] = sheet.body.jobId;
}

/** A session whose essay student1 answered and submitted: its script waits in the marking queue. */
async function essayFixtures(sample: (n: number) => string) {
  const essay = await api<{ questionId: string }>('/org-units/THPT-TRANPHU/questions', {
    as: 'teacher1',
    body: {
      scope: 'school',
      subject: 'Ngữ văn',
      grade: 12,
      topic: 'Nghị luận xã hội',
      level: 'application',
      stem: 'Viết đoạn văn khoảng 200 chữ về lòng biết ơn.',
      question: {
        type: 'essay',
        rubric: [
          { criterion: 'Nội dung', points: 0.5 },
          { criterion: 'Diễn đạt', points: 0.5 },
        ],
        points: 1,
      },
    },
  });
  const questionId = essay.body.questionId;
  await api(`/questions/${questionId}/review`, {
    as: 'principal1',
    body: { expectedVersion: 1, decision: 'approve' },
  });
  const paper = await api<{ paperId: string }>('/org-units/THPT-TRANPHU/exam-papers', {
    as: 'teacher1',
    body: {
      title: 'Mẫu tự luận',
      subject: 'Ngữ văn',
      grade: 12,
      blueprint: [{ topic: 'Nghị luận xã hội', level: 'application', count: 1 }],
      variants: 1,
    },
  });
  expect(paper.status, JSON.stringify(paper.body)).toBe(201);
  const session = await api<{ sessionId: string }>('/org-units/THPT-TRANPHU/exam-sessions', {
    as: 'teacher1',
    body: {
      paperId: paper.body.paperId,
      title: 'Mẫu tự luận',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 7_200_000).toISOString(),
      durationMinutes: 45,
      passMark: 0.5,
      candidates: ['student1'],
    },
  });
  expect(session.status, JSON.stringify(session.body)).toBe(201);
  const sessionId = session.body.sessionId;
  const deviceId = 'device-sample-09';
  await api(`/exam-sessions/${sessionId}/attempt`, { as: 'student1', body: { deviceId } });
  await api(`/exam-sessions/${sessionId}/attempt/answers`, {
    as: 'student1',
    method: 'PUT',
    body: { deviceId, seq: 1, answers: { [questionId]: { text: 'Lòng biết ơn là…' } } },
  });
  await api(`/exam-sessions/${sessionId}/attempt/submit`, { as: 'student1', method: 'POST' });
  fixtures[sample(9)] = sessionId;
  fixtures.q1V0bTZ3c0hXk9b2aXRlcw = await until(async () => {
    const queue = await api<{ items: { scriptId: string }[] }>(`/exam-sessions/${sessionId}/scripts`, {
      as: 'teacher1',
    });
    return queue.body.items[0]?.scriptId;
  });
}

/** Professional records of Trần Phú in the state each records sample needs (ids as in events/records). */
async function recordFixtures() {
  const sample = (n: number) => `44444444-5555-4666-8777-8888888888${String(n).padStart(2, '0')}`;
  const pdf = await PDFDocument.create();
  pdf.addPage();
  const file = new Blob([new Uint8Array(await pdf.save())], { type: 'application/pdf' });
  const record = async (stage: 'draft' | 'uploaded' | 'submitted') => {
    const created = await api<{ recordId: string; revision: number }>(
      '/org-units/THPT-TRANPHU/professional-records',
      {
        as: 'teacher1',
        body: {
          kind: 'teacher-plan',
          schoolYear: '2026-2027',
          title: 'Kế hoạch giáo dục của giáo viên (mẫu)',
          groupId: 'THPT-TRANPHU.TOAN',
          subject: 'toan',
          lessons: [{ lessonId: 'M1', title: 'Bài mẫu' }],
        },
      },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const recordId = created.body.recordId;
    if (stage === 'draft') return recordId;
    const upload = await api<{ upload: UploadLink }>(`/professional-records/${recordId}/uploads`, {
      as: 'teacher1',
      body: { fileName: 'mau.pdf', contentType: 'application/pdf' },
    });
    expect((await postUpload(upload.body.upload, file)).status).toBe(204);
    if (stage === 'uploaded') return recordId;
    const submitted = await api(`/professional-records/${recordId}/submit`, {
      as: 'teacher1',
      body: { version: 1, expectedRevision: 1 },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    return recordId;
  };
  fixtures[sample(1)] = await record('draft');
  fixtures[sample(2)] = await record('draft');
  fixtures[sample(3)] = await record('uploaded');
  fixtures[sample(4)] = await record('submitted');
}

/** Resources of Trần Phú by teacher1 in the state each sample needs (ids as in events/repository). */
/**
 * Three draft modules of the Department's catalogue (ids as in events/courses): one to read and
 * change, one to publish, one to give an outline.
 */
async function courseFixtures() {
  for (const [id, code] of [
    ['c0a5e000-2026-4bd7-9d7a-0000000000b1', 'KT-QUYEN-1'],
    ['c0a5e000-2026-4bd7-9d7a-0000000000b2', 'KT-QUYEN-2'],
    ['c0a5e000-2026-4bd7-9d7a-0000000000b3', 'KT-QUYEN-3'],
  ] as const) {
    const created = await api<{ moduleId: string }>('/org-units/SGD/course-modules', {
      as: 'admin',
      body: {
        code: `${code}-${Date.now() % 100000}`,
        title: 'Mô-đun kiểm thử quyền',
        programme: '03',
        periods: 5,
        opensAt: '2026-04-01T00:00:00+07:00',
        closesAt: '2026-06-30T00:00:00+07:00',
        audience: { roles: ['teacher'], levels: ['04'], subjects: [] },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    fixtures[id] = created.body.moduleId;
  }
  // teacher1's plan of 2032, submitted to Trần Phú: 40 + 40 given, 40 chosen (id as in events/courses).
  const module = async (code: string, programme: string) => {
    const created = await api<{ moduleId: string }>('/org-units/SGD/course-modules', {
      as: 'admin',
      body: {
        code: `${code}-${Date.now() % 100000}`,
        title: 'Mô-đun kiểm thử quyền',
        programme,
        periods: 40,
        opensAt: '2032-04-01T00:00:00+07:00',
        closesAt: '2032-06-30T00:00:00+07:00',
        audience: { roles: ['teacher'], levels: ['04'], subjects: [] },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const published = await api(`/course-modules/${created.body.moduleId}/publish`, {
      as: 'admin',
      body: { expectedRevision: 1 },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    return created.body.moduleId;
  };
  await module('KTQ-01', '01');
  await module('KTQ-02', '02');
  const chosen = await module('KTQ-03', '03');
  const saved = await api<{ planId: string }>('/me/bdtx-plans/2032', {
    as: 'teacher1',
    method: 'PUT',
    body: { moduleIds: [chosen], expectedRevision: 0 },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const sent = await api('/me/bdtx-plans/2032/submit', { as: 'teacher1', body: { expectedRevision: 1 } });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  fixtures['c0a5e000-2033-4bd7-9d7a-0000000000c1'] = saved.body.planId;
  // A package announced (its zip never uploaded): one to read (id as in events/courses).
  const pkg = await api<{ package: { packageId: string } }>('/org-units/SGD/course-packages', {
    as: 'admin',
    body: { fileName: 'kiem-thu-quyen.zip', size: 1000 },
  });
  expect(pkg.status, JSON.stringify(pkg.body)).toBe(201);
  fixtures['c0a5e000-2034-4bd7-9d7a-0000000000e1'] = pkg.body.package.packageId;
  // teacher1's rating of a module open now (id as in events/courses), for a moderator to hide.
  const open = await api<{ moduleId: string; revision: number }>('/org-units/SGD/course-modules', {
    as: 'admin',
    body: {
      code: `KTQ-DG-${Date.now() % 100000}`,
      title: 'Mô-đun kiểm thử đánh giá',
      programme: '03',
      periods: 5,
      opensAt: new Date(Date.now() - 86_400_000).toISOString(),
      closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      audience: { roles: ['teacher'], levels: ['04'], subjects: [] },
    },
  });
  expect(open.status, JSON.stringify(open.body)).toBe(201);
  const live = await api(`/course-modules/${open.body.moduleId}/publish`, {
    as: 'admin',
    body: { expectedRevision: open.body.revision },
  });
  expect(live.status, JSON.stringify(live.body)).toBe(200);
  const enrolled = await api(`/me/courses/${open.body.moduleId}/enrolment`, {
    as: 'teacher1',
    method: 'POST',
  });
  expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(200);
  const rated = await api<{ ratingId: string }>(`/me/courses/${open.body.moduleId}/rating`, {
    as: 'teacher1',
    method: 'PUT',
    body: { stars: 2, comment: 'Kiểm thử quyền' },
  });
  expect(rated.status, JSON.stringify(rated.body)).toBe(200);
  fixtures['c0a5e000-2035-4bd7-9d7a-0000000000f1'] = rated.body.ratingId;
  // Its forum, and a question teacher1 asked there (ids as in events/courses).
  fixtures['c0a5e000-2036-4bd7-9d7a-0000000000f2'] = open.body.moduleId;
  const asked = await api<{ threadId: string }>(`/course-modules/${open.body.moduleId}/forum`, {
    as: 'teacher1',
    body: { title: 'Câu hỏi kiểm thử quyền', body: 'Nội dung câu hỏi kiểm thử quyền.' },
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  fixtures['c0a5e000-2036-4bd7-9d7a-0000000000f3'] = asked.body.threadId;
  // teacher1's export of their evidence (id as in events/courses): theirs alone to read.
  const exported = await api<{ jobId: string }>('/me/bdtx-evidence/2032/exports', {
    as: 'teacher1',
    method: 'POST',
  });
  expect(exported.status, JSON.stringify(exported.body)).toBe(202);
  fixtures['c0a5e000-2037-4bd7-9d7a-0000000000e7'] = exported.body.jobId;
  await classCourseFixtures();
}

/** teacher1's class course for a class of Trần Phú with one pupil, a live lesson and an assignment (ids as in events/courses). */
async function classCourseFixtures() {
  const run = Date.now() % 100000;
  const classId = await approvedPerson('class', {
    code: `11Q${run}`,
    name: `11Q${run}`,
    grade: 11,
    schoolYear: '2026-2027',
  });
  fixtures['c0a5e000-2040-4bd7-9d7a-0000000000d5'] = classId;
  fixtures['c0a5e000-2040-4bd7-9d7a-0000000000d4'] = await approvedPerson('student', {
    personalId: makePersonalId('031', 2010, 'female', 800_000 + run),
    fullName: 'Lê Thị Quyền',
    gender: 'female',
    dateOfBirth: '2010-02-02',
    grade: 11,
    classId,
    guardians: [],
  });
  const course = await api<{ courseId: string }>('/org-units/THPT-TRANPHU/class-courses', {
    as: 'teacher1',
    body: { classId, title: 'Khoá học kiểm thử quyền', subject: 'Toán' },
  });
  expect(course.status, JSON.stringify(course.body)).toBe(201);
  fixtures['c0a5e000-2040-4bd7-9d7a-0000000000d1'] = course.body.courseId;
  const assignment = await api<{ assignmentId: string }>(
    `/class-courses/${course.body.courseId}/assignments`,
    {
      as: 'teacher1',
      body: { title: 'Bài tập kiểm thử quyền', dueAt: new Date(Date.now() + 86_400_000).toISOString() },
    },
  );
  expect(assignment.status, JSON.stringify(assignment.body)).toBe(201);
  fixtures['c0a5e000-2040-4bd7-9d7a-0000000000d2'] = assignment.body.assignmentId;
  const lesson = await api<{ lessonId: string }>(`/class-courses/${course.body.courseId}/lessons`, {
    as: 'teacher1',
    body: {
      title: 'Giờ học kiểm thử quyền',
      live: {
        startsAt: new Date().toISOString(),
        durationMinutes: 45,
        meetingUrl: 'https://zoom.us/j/123456789',
      },
    },
  });
  expect(lesson.status, JSON.stringify(lesson.body)).toBe(201);
  fixtures['c0a5e000-2040-4bd7-9d7a-0000000000d3'] = lesson.body.lessonId;
}

async function repositoryFixtures() {
  const meta = {
    title: 'Tài liệu kiểm thử quyền',
    curriculum: [{ subject: 'toan', grade: 10, lessonId: 'TOAN10-B2' }],
  };
  const draft = await api<{ resourceId: string }>('/org-units/THPT-TRANPHU/resources', {
    as: 'teacher1',
    body: { kind: 'video', creators: ['Nguyễn Thị Lan'], licence: 'open', ...meta },
  });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  fixtures['c0ffee00-1234-4abc-8def-0123456789ab'] = draft.body.resourceId;
  fixtures['c0ffee00-1234-4abc-8def-0123456789b0'] = await preparedResource(
    'teacher1',
    'THPT-TRANPHU',
    meta,
    'draft',
  );
  fixtures['c0ffee00-1234-4abc-8def-0123456789b1'] = await preparedResource(
    'teacher1',
    'THPT-TRANPHU',
    meta,
    'submitted',
  );
  // Published for Trần Phú's people only: its student opens it, nobody from elsewhere does.
  fixtures['c0ffee00-1234-4abc-8def-0123456789b2'] = await preparedResource(
    'teacher1',
    'THPT-TRANPHU',
    { ...meta, licence: 'school' },
    'published',
    'principal1',
  );
  fixtures['c0ffee00-1234-4abc-8def-0123456789b3'] = await preparedResource(
    'teacher1',
    'THPT-TRANPHU',
    meta,
    'draft',
  );
}

/**
 * Three entries of the register (to read and correct, to cancel, to re-issue), run-unique serials
 * for the samples that enter one, a gap in 1971 to explain and an import (ids as in events/diplomas).
 */
async function diplomaFixtures() {
  const run = Date.now() % 1_000_000;
  fixtures.MXSERIAL1 = `MX${run}A`;
  fixtures.MXSERIAL2 = `MX${run}B`;
  const enter = async (serial: string, registerYear: number, registerNumber?: number) => {
    const entered = await api<{ entry: { entryId: string } }>('/diplomas', {
      as: 'diploma1',
      body: {
        holder: { fullName: 'Trần Thị Mẫu', birthDate: '1980', gender: 'female' },
        type: 'upper-secondary',
        graduationYear: registerYear,
        serial,
        registerYear,
        ...(registerNumber ? { registerNumber } : {}),
        school: 'Trường THPT Ngô Quyền',
        issuedOn: `${registerYear}-07-20`,
      },
    });
    expect(entered.status, JSON.stringify(entered.body)).toBe(201);
    return entered.body.entry.entryId;
  };
  for (const n of [1, 2, 3])
    fixtures[`d1b10000-0000-4000-8000-00000000000${n}`] = await enter(`MX${run}E${n}`, 1998);
  // An entry to issue as a digital diploma (…00d), and a digital diploma to revoke (…00e).
  fixtures['d1b10000-0000-4000-8000-00000000000d'] = await enter(`MX${run}D1`, 2025);
  const issued = await api<{ credentialId: string }>(
    `/diplomas/${await enter(`MX${run}D2`, 2025)}/digital-credentials`,
    { as: 'diploma1', method: 'POST' },
  );
  expect(issued.status, JSON.stringify(issued.body)).toBe(202);
  fixtures['d1b10000-0000-4000-8000-00000000000e'] = issued.body.credentialId;
  // A year of new graduates (this one), for the runs that issue a year's digital diplomas at once
  // (the whole segment: four digits alone could be part of an id another fixture put in).
  fixtures['/diploma-registers/2099/'] =
    `/diploma-registers/${new Date(Date.now() + 7 * 3600_000).getUTCFullYear()}/`;
  await enter(`MX${run}G`, 1971, 5);
  // A claim of parent1 (Trịnh Văn Nam, verified personal ID) to an entry that records none.
  const claimed = await api<{ entry: { entryId: string } }>('/diplomas', {
    as: 'diploma1',
    body: {
      holder: { fullName: 'Trịnh Văn Nam', birthDate: '1984-03-12', gender: 'male' },
      type: 'upper-secondary',
      graduationYear: 2002,
      serial: `MX${run}C`,
      school: 'Trường THPT Ngô Quyền',
      issuedOn: '2002-07-25',
    },
  });
  expect(claimed.status, JSON.stringify(claimed.body)).toBe(201);
  const claim = await api<{ claimId: string }>('/me/diploma-claims', {
    as: 'parent1',
    body: { serial: `MX${run}C`, fullName: 'Trịnh Văn Nam', birthDate: '1984-03-12' },
  });
  expect(claim.status, JSON.stringify(claim.body)).toBe(201);
  fixtures['d1b10000-0000-4000-8000-000000000006'] = claim.body.claimId;
  const job = await api<{ importId: string }>('/diploma-imports', { as: 'diploma1', method: 'POST' });
  expect(job.status, JSON.stringify(job.body)).toBe(201);
  fixtures['d1b10000-0000-4000-8000-000000000004'] = job.body.importId;
  await diplomaScanFixtures(run);
  await diplomaCopyFixtures(`MX${run}E1`);
  // An authority's client to admit (…NEW) and one admitted to change (…OLD, revision 1).
  fixtures['SAMPLE-AUTHORITY-NEW'] = `MX${run}-NEW`;
  const admitted = await api('/diploma-authorities', {
    as: 'diploma1',
    body: { clientId: `MX${run}-OLD`, name: 'Công ty TNHH Thương mại Lạch Tray', dailyQuota: 100 },
  });
  expect(admitted.status, JSON.stringify(admitted.body)).toBe(201);
  fixtures['SAMPLE-AUTHORITY-OLD'] = `MX${run}-OLD`;
}

/**
 * Requests of parent1 for copies of an entry (as its holder's representative, the authorisation
 * uploaded): …00b to read and …00c to approve, their fee paid; one whose fee the office records
 * (its payment reference in place of SGD-BS-D1B1000000).
 */
async function diplomaCopyFixtures(serial: string) {
  for (const id of [
    'd1b10000-0000-4000-8000-00000000000b',
    'd1b10000-0000-4000-8000-00000000000c',
    'SGD-BS-D1B1000000',
  ]) {
    const asked = await api<{ requestId: string }>('/me/diploma-copies', {
      as: 'parent1',
      body: { relation: 'representative', serial, fullName: 'Trần Thị Mẫu', birthDate: '1980', copies: 1 },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const { requestId } = asked.body;
    const link = await api<{ upload: UploadLink }>(`/me/diploma-copies/${requestId}/documents`, {
      as: 'parent1',
      body: { kind: 'authorisation', fileName: 'uy-quyen.pdf', contentType: 'application/pdf' },
    });
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    expect(
      (await postUpload(link.body.upload, new TextEncoder().encode('%PDF-1.4 uỷ quyền'))).status,
    ).toBeLessThan(300);
    const unpaid = id.startsWith('SGD-BS-');
    for (const step of unpaid ? ['documents-done'] : ['documents-done', 'payment']) {
      const done = await api<{ paymentReference: string }>(`/me/diploma-copies/${requestId}/${step}`, {
        as: 'parent1',
        method: 'POST',
      });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      if (unpaid) fixtures[id] = done.body.paymentReference;
    }
    if (!unpaid) fixtures[id] = requestId;
  }
}

/**
 * A batch of scans (…007) with two diplomas read by OCR: one open (…008, revision 2) and one
 * keyed alike by both keyers (…009, agreed at revision 4), for the approver to approve.
 */
async function diplomaScanFixtures(run: number) {
  const batch = await api<{ batchId: string }>('/diploma-scan-batches', {
    as: 'keyer1',
    body: { registerYear: 1984, book: 'Hộp bằng của ma trận quyền' },
  });
  expect(batch.status, JSON.stringify(batch.body)).toBe(201);
  const batchId = batch.body.batchId;
  fixtures['d1b10000-0000-4000-8000-000000000007'] = batchId;
  const asked = await api<{ upload: UploadLink }>(`/diploma-scan-batches/${batchId}/files`, {
    as: 'keyer1',
    body: { fileName: 'hop.pdf', contentType: 'application/pdf' },
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  const scans = await Promise.all([0, 1].map((n) => renderDiplomaScan(sampleDiploma(n), { dpi: 150 })));
  expect((await postUpload(asked.body.upload, await scansAsPdf(scans, 150))).status).toBeLessThan(300);
  type Rec = { recordId: string; page: number; revision: number };
  const open = await until(async () => {
    const res = await api<{ items: Rec[] }>(`/diploma-scan-batches/${batchId}/records?state=open`, {
      as: 'keyer1',
    });
    return res.body.items?.length === 2 ? res.body.items.sort((a, b) => a.page - b.page) : undefined;
  }, 120_000);
  fixtures['d1b10000-0000-4000-8000-000000000008'] = open[0]!.recordId;
  fixtures['d1b10000-0000-4000-8000-000000000009'] = open[1]!.recordId;
  const values = keyedOf(
    sampleDiploma(1, {
      serial: `MX${run}S`,
      registerNumber: '9/1984',
      graduationYear: '1984',
      issuedOn: '20/07/1984',
    }),
  );
  let revision = open[1]!.revision;
  for (const keyer of ['keyer1', 'keyer2']) {
    const keyed = await api<Rec>(`/diploma-scan-records/${open[1]!.recordId}/keyings`, {
      as: keyer,
      body: { values, expectedRevision: revision },
    });
    expect(keyed.status, JSON.stringify(keyed.body)).toBe(200);
    revision = keyed.body.revision;
  }
}

/** A title catalogued by Trần Phú's librarian and a MARC import job of the school (ids as in events/library). */
async function libraryFixtures() {
  const title = await api<{ titleId: string }>('/org-units/THPT-TRANPHU/library-titles', {
    as: 'librarian1',
    body: { title: 'Sách mẫu của ma trận quyền', authors: ['Nguyễn Văn Mẫu'] },
  });
  expect(title.status, JSON.stringify(title.body)).toBe(201);
  fixtures['3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b'] = title.body.titleId;
  const job = await api<{ jobId: string }>('/org-units/THPT-TRANPHU/catalogue-imports', {
    as: 'librarian1',
    body: { format: 'iso2709' },
  });
  expect(job.status, JSON.stringify(job.body)).toBe(201);
  fixtures['7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'] = job.body.jobId;

  // The desk: copies of that title, an approved student and staff member of Trần Phú as cards,
  // a copy on loan to be returned and a loan to be renewed (placeholders as in the samples).
  const run = Date.now() % 1_000_000;
  for (const barcode of ['MXADD1', 'MXLEND1', 'MXRET1', 'MXRENEW1']) fixtures[barcode] = `${barcode}R${run}`;
  const copies = await api('/org-units/THPT-TRANPHU/library-copies', {
    as: 'librarian1',
    body: {
      titleId: title.body.titleId,
      copies: ['MXLEND1', 'MXRET1', 'MXRENEW1'].map((b) => ({ barcode: fixtures[b] })),
    },
  });
  expect(copies.status, JSON.stringify(copies.body)).toBe(201);
  fixtures.MXCARD1 = makePersonalId('031', 2010, 'female', 800_000 + (run % 99_000));
  fixtures.MXSTAFF1 = `CB${run}`;
  await approvedPerson('student', {
    personalId: fixtures.MXCARD1,
    fullName: 'Hoàng Thị Mẫu',
    gender: 'female',
    dateOfBirth: '2010-02-02',
    grade: 11,
  });
  await approvedPerson('staff', {
    staffCode: fixtures.MXSTAFF1,
    fullName: 'Trịnh Văn Mẫu',
    gender: 'male',
    dateOfBirth: '1980-02-02',
    position: 'staff',
    employment: 'contract',
  });
  const lend = async (barcode: string) => {
    const loan = await api<{ loanId: string }>('/org-units/THPT-TRANPHU/library-loans', {
      as: 'librarian1',
      body: { barcode: fixtures[barcode], card: fixtures.MXCARD1 },
    });
    expect(loan.status, JSON.stringify(loan.body)).toBe(201);
    return loan.body.loanId;
  };
  await lend('MXRET1');
  fixtures['6b7c8d9e-0f1a-4b2c-8d3e-4f5a6b7c8d9e'] = await lend('MXRENEW1');
  // A copy on the shelf to change and scan, an open stock-taking, an inter-school request to cancel.
  fixtures.MXCOPY1 = `MXCOPY1R${run}`;
  const more = await api('/org-units/THPT-TRANPHU/library-copies', {
    as: 'librarian1',
    body: { titleId: title.body.titleId, copies: [{ barcode: fixtures.MXCOPY1 }] },
  });
  expect(more.status, JSON.stringify(more.body)).toBe(201);
  const stocktake = await api<{ stocktakeId: string }>('/org-units/THPT-TRANPHU/library-stocktakes', {
    as: 'librarian1',
    method: 'POST',
  });
  expect(stocktake.status, JSON.stringify(stocktake.body)).toBe(201);
  fixtures['5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b'] = stocktake.body.stocktakeId;
  // Hồng Bàng holds a copy of the title too (the Department's cataloguer shelves it there), so
  // Trần Phú can ask it for one.
  const lent = await api('/org-units/THCS-HONGBANG/library-copies', {
    as: 'admin',
    body: { titleId: title.body.titleId, copies: [{ barcode: `MXHB${run}` }] },
  });
  expect(lent.status, JSON.stringify(lent.body)).toBe(201);
  const interloan = await api<{ requestId: string }>('/org-units/THPT-TRANPHU/interlibrary-loans', {
    as: 'librarian1',
    body: { titleId: title.body.titleId, lenderSchoolId: 'THCS-HONGBANG' },
  });
  expect(interloan.status, JSON.stringify(interloan.body)).toBe(201);
  fixtures['4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a'] = interloan.body.requestId;
  const labels = await api<{ jobId: string }>('/org-units/THPT-TRANPHU/library-labels', {
    as: 'librarian1',
    body: { barcodes: [fixtures.MXCOPY1] },
  });
  expect(labels.status, JSON.stringify(labels.body)).toBe(202);
  fixtures['3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f'] = labels.body.jobId;
}

/** A learner of Trần Phú linked to parent1 with the school's code (ids as in events/identity). */
async function linkFixtures() {
  const learner = await approvedPerson('student', {
    personalId: makePersonalId('031', 2011, 'male', 900_101),
    fullName: 'Trịnh Minh Khôi',
    gender: 'male',
    dateOfBirth: '2011-05-02',
    grade: 9,
  });
  fixtures['6d1f3a2b-4c5e-4f70-8a9b-0c1d2e3f4a5b'] = learner;
  const issued = await api<{ code: string }>(`/records/${learner}/link-codes`, {
    as: 'principal1',
    method: 'POST',
  });
  expect(issued.status, JSON.stringify(issued.body)).toBe(201);
  const linked = await api('/me/links', { as: 'parent1', body: { as: 'guardian', code: issued.body.code } });
  expect(linked.status, JSON.stringify(linked.body)).toBe(201);
  // A second child of parent1 whose link stays (the first is unlinked by its sample).
  const kept = await approvedPerson('student', {
    personalId: makePersonalId('031', 2012, 'female', 900_102),
    fullName: 'Trịnh Minh Anh',
    gender: 'female',
    dateOfBirth: '2012-08-19',
    grade: 8,
  });
  fixtures['8e2d4c6a-1b3f-4d5e-9f70-a1b2c3d4e5f6'] = kept;
  const code = await api<{ code: string }>(`/records/${kept}/link-codes`, {
    as: 'principal1',
    method: 'POST',
  });
  const keptLink = await api('/me/links', { as: 'parent1', body: { as: 'guardian', code: code.body.code } });
  expect(keptLink.status, JSON.stringify(keptLink.body)).toBe(201);
  // parent1 asks Trần Phú to correct the kept child's record: the task its data officer answers.
  const asked = await api<{ requestId: string }>(`/learners/${kept}/correction-requests`, {
    as: 'parent1',
    body: { field: 'placeOfBirth', message: 'Nơi sinh của cháu ghi chưa đúng.' },
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  fixtures['9c3e5d7f-2a4b-4c6d-8e0f-b1c2d3e4f5a6'] = asked.body.requestId;

  // A guardian linked to another learner of the school, and a learner of 14 linked to themself.
  const run = Date.now() % 100_000;
  const guardianId = makePersonalId('031', 1980, 'male', 910_000 + run);
  const learnerId = makePersonalId('031', 2010, 'male', 920_000 + run);
  const sibling = await approvedPerson('student', {
    personalId: learnerId,
    fullName: 'Đinh Quang Minh',
    gender: 'male',
    dateOfBirth: '2010-01-09',
    grade: 10,
    guardians: [{ relation: 'father', fullName: 'Đinh Văn Toàn', personalId: guardianId }],
  });
  expect(sibling).toBeTruthy();
  for (const [accountId, fullName, personalId, as, extra] of [
    [`mx-guardian-${run}`, 'Đinh Văn Toàn', guardianId, 'guardian', { childPersonalId: learnerId }],
    [`mx-learner-${run}`, 'Đinh Quang Minh', learnerId, 'learner', {}],
  ] as const) {
    const created = await api('/org-units/SGD/accounts', {
      as: 'admin',
      body: { accountId, fullName, personalId },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const linked = await api('/me/links', { as: accountId, body: { as, ...extra } });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    LINKED_OUTSIDERS.push(accountId);
  }
}

describe('permission matrix', () => {
  beforeAll(async () => {
    const report = await api<{ reportId: string }>('/reports', {
      as: 'commune2.admin',
      body: { kind: 'data-completeness', orgUnitId: 'P-NGOQUYEN' },
    });
    expect(report.status).toBe(202);
    fixtures['9b2f7f0e-3c1d-4b8e-9d8a-6a1f2b3c4d5e'] = report.body.reportId;
    const handover = await api<{ handoverId: string }>('/org-units/P-NGOQUYEN/handovers', {
      as: 'admin',
      body: {
        accountId: 'commune2.admin',
        receivingOfficer: { fullName: 'Đỗ Quang Vinh', position: 'Phó Chủ tịch UBND phường' },
        handedOverOn: '2026-11-25',
        introductionLetter: { number: '01/GGT', date: '2026-11-20', issuer: 'UBND phường Ngô Quyền' },
      },
    });
    expect(handover.status).toBe(201);
    fixtures['7c9e6679-7425-40de-944b-e07fc1f90ae7'] = handover.body.handoverId;
    const auditExport = await api<{ exportId: string }>('/org-units/P-NGOQUYEN/audit/exports', {
      as: 'commune2.admin',
      body: { from: '2026-11-01', to: '2026-11-30' },
    });
    expect(auditExport.status).toBe(202);
    fixtures['3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b'] = auditExport.body.exportId;
    const orgUnitImport = await api<{ importId: string }>('/org-units/P-NGOQUYEN/imports', {
      as: 'admin',
      method: 'POST',
    });
    expect(orgUnitImport.status).toBe(201);
    fixtures[FIX_IMPORT] = orgUnitImport.body.importId;
    await eduDataFixtures();
    await examFixtures();
    await recordFixtures();
    await libraryFixtures();
    await diplomaFixtures();
    await repositoryFixtures();
    await courseFixtures();
    await linkFixtures();
    await announcementFixtures();
    await gradebookFixtures();
    await admissionFixtures();
  }, 240_000);

  it.each(samples().map((s) => [s.id, s]))('%s refuses outsiders', async (_id, { route, event }) => {
    const fill = (text: string) =>
      Object.entries(fixtures).reduce((t, [id, real]) => t.replaceAll(id, real), text);
    const path = fill(event.rawPath) + (event.rawQueryString ? `?${event.rawQueryString}` : '');
    const body = event.body ? fill(event.body) : undefined;
    // The sample's own caller is inside: the route works, so a refusal below means something.
    const insider = (event.requestContext as { authorizer?: { jwt: { claims: { sub: string } } } })
      .authorizer!.jwt.claims.sub;
    const allowed = await api(path, { as: insider, method: route.method, ...(body ? { body } : {}) });
    expect(allowed.status, JSON.stringify(allowed.body)).toBeLessThan(300);

    const anonymous = await api(path, { method: route.method, ...(body ? { body } : {}) });
    expect(anonymous.status).toBe(401);

    for (const actor of [...OUTSIDERS, ...LINKED_OUTSIDERS]) {
      const res = await api(path, { as: actor, method: route.method, ...(body ? { body } : {}) });
      expect([403, 404], `${actor} got ${res.status}: ${JSON.stringify(res.body)}`).toContain(res.status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const text = JSON.stringify(res.body);
      for (const leak of ['Trần Phú', 'Ngô Quyền', 'tranphu.example.vn', ...Object.values(fixtures)]) {
        if (!path.includes(leak)) expect(text).not.toContain(leak);
      }
    }
  });

  /** A sample's path, query and body with the fixtures' real ids in place. */
  const fill = (text: string) =>
    Object.entries(fixtures).reduce((t, [id, real]) => t.replaceAll(id, real), text);
  const filled = (event: APIGatewayProxyEventV2) => {
    return {
      path: fill(event.rawPath),
      query: event.rawQueryString ? fill(event.rawQueryString) : '',
      body: event.body ? (JSON.parse(fill(event.body)) as unknown) : undefined,
      insider: (event.requestContext as { authorizer?: { jwt: { claims: { sub: string } } } }).authorizer!.jwt
        .claims.sub,
    };
  };
  /** Every leaf of a body turned into a value of the wrong kind. */
  const broken = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.length ? value.map(broken) : 'x';
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, broken(v)]));
    return typeof value === 'string' ? 12_345 : 'x';
  };
  const vi = { 'accept-language': 'vi-VN,vi;q=0.9' };

  it.each(samples().map((s) => [s.id, s]))(
    '%s answers its errors in Vietnamese',
    async (_id, { route, event }) => {
      const { path, query, body, insider } = filled(event);
      const at = path + (query ? `?${query}` : '');
      const answers: { what: string; status: number; body: unknown }[] = [];
      const call = async (what: string, url: string, as: string | undefined, sent?: unknown) => {
        const res = await api(url, {
          ...(as ? { as } : {}),
          method: route.method,
          headers: vi,
          ...(sent !== undefined ? { body: sent } : {}),
        });
        answers.push({ what, status: res.status, body: res.body });
      };
      await call('anonymous', at, undefined, body);
      await call('outsider', at, OUTSIDERS[0], body);
      if (body !== undefined) {
        await call('empty body', at, insider, {});
        await call('broken body', at, insider, broken(body));
      }
      for (const value of Object.values(event.pathParameters ?? {}).filter((v) => v !== undefined)) {
        // An id nothing has — not the demo's 00000000-… resources, on which the insider would act.
        const unknown = /^[0-9a-f-]{36}$/.test(value)
          ? 'ffffffff-ffff-4fff-bfff-ffffffffffff'
          : 'KHONG-CO-X1';
        const real = fill(value);
        await call(`path ${value}`, path.replace(real, unknown) + (query ? `?${query}` : ''), insider, body);
      }
      if (query) await call('mangled query', `${path}?${query.replace(/=[^&]*/g, '=%21%21')}`, insider, body);
      for (const answer of answers.filter((a) => a.status >= 400)) {
        expect(
          englishIn(answer.body),
          `${answer.what} (${answer.status}): ${JSON.stringify(answer.body)}`,
        ).toEqual([]);
      }
      // Something was refused: the walk met error paths, not only successes.
      expect(answers.filter((a) => a.status >= 400).length).toBeGreaterThanOrEqual(2);
    },
  );
});
