/**
 * `npm run bench -- year-end`: the city's end-of-year computation through the `result-runs` state
 * machine on a local cloud — every school under the city, each class's year computed from its
 * locked books (12 subjects × 2 semesters) and the results submitted to the education database —
 * printing the time, the DynamoDB units the run's workers consumed (measured: every call reports
 * ConsumedCapacity) and what 1,000,000 learners would cost on AWS at those units per learner.
 *
 * DynamoDB Local cannot hold a city's 24 million score rows in a bench's minutes, so the seeded
 * learners are fewer (BENCH_QUICK=1 → 240; otherwise 12,000; YEAR_END_LEARNERS overrides) and the
 * million is extrapolated from the measured units per learner, which do not depend on the count.
 *
 * The check can fail: a sample of learners' results is compared with averages worked here from the
 * seeded scores by Circular 22's arithmetic in integers, not by the grade book's code.
 */
import { performance } from 'node:perf_hooks';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { makeEduEntities } from '../../functions/edu-data/entities.ts';
import { makeRecords } from '../../functions/edu-data/records.ts';
import type { EduRecordItem } from '../../functions/edu-data/store.ts';
import { makeEduStore } from '../../functions/edu-data/store.ts';
import { subjectsOfGrade } from '../../functions/gradebook/domain/subjects.ts';
import { makeGradebookEntities } from '../../functions/gradebook/entities.ts';
import { startLocalCloud } from '../../infra/local/cloud.ts';
import { fetchDevToken } from '../../infra/local/dev-token.ts';
import { makeAuthEntities } from '../../shared/auth/store.ts';
import { documentClient } from '../../shared/db/client.ts';
import type { CapacityRecord } from '../../shared/db/consumed-capacity.ts';

/** On-demand prices, us-east-1, late 2026 (ap-southeast-1 is about 14% higher). */
const USD_PER_MILLION_RRU = 0.125;
const USD_PER_MILLION_WRU = 0.625;
const USD_PER_GB_SECOND = 0.0000133334; // Lambda arm64
const USD_PER_1000_TRANSITIONS = 0.025;
const CITY_LEARNERS = 1_000_000;
const CITY_SCHOOLS = 1_000;

const quick = process.env.BENCH_QUICK === '1';
const LEARNERS = Number(process.env.YEAR_END_LEARNERS ?? (quick ? 240 : 12_000));
const PER_CLASS = 40;
const SCHOOLS = Math.max(1, Math.min(quick ? 2 : 10, Math.ceil(LEARNERS / PER_CLASS / 6)));
const SCHOOL_YEAR = '2026-2027';
const SEEDED_AT = '2027-05-20T02:00:00.000Z';
const silent = { info() {}, error() {} };

/** The year's twelve subjects of grade 10: the compulsory eight and four electives. */
const SUBJECTS = subjectsOfGrade(10).filter(
  (s) => !s.elective || ['VAT_LY', 'HOA_HOC', 'SINH_HOC', 'TIN_HOC'].includes(s.code),
);
/** Regular scores a semester by periods a year, as Circular 22 Art. 7 says it (not read from the code). */
const regularCount = (periods: number) => (periods <= 35 ? 2 : periods <= 70 ? 3 : 4);
/** A seeded score in tenths, 5.0–10.0, the same for the seeding and the oracle. */
const score = (learner: number, subject: number, semester: number, column: number) =>
  50 + ((learner * 7 + subject * 11 + semester * 13 + column * 17) % 51);
/** Half up in whole tenths, in integers: (2a + b) div 2b. */
const halfUp = (a: number, b: number) => Math.floor((2 * a + b) / (2 * b));

function expectedYear(learner: number, subject: number): number {
  const n = regularCount(SUBJECTS[subject]!.periodsPerYear);
  const semester = (sem: number) => {
    let sum = 0;
    for (let k = 0; k < n; k++) sum += score(learner, subject, sem, k);
    sum += 2 * score(learner, subject, sem, 10) + 3 * score(learner, subject, sem, 11);
    return halfUp(sum, n + 5);
  };
  return halfUp(semester(1) + 2 * semester(2), 3);
}

const cloud = await startLocalCloud({
  ports: { api: 0, oidc: 0, vneid: 0, ses: 0, dynamodb: 0, s3: 0, sqs: 0, sfn: 0 },
  demoLearners: 0,
  demoTitles: 0,
  log: silent,
  onCapacity: (functionId, record) => {
    if (/-(prepare-result-run|compute-school-results|finish-result-run)$/.test(functionId))
      units.push({ functionId, record });
  },
});
const units: { functionId: string; record: CapacityRecord }[] = [];
let failed = false;
try {
  const table = cloud.env.TABLE_NAME!;
  const deps = { client: documentClient(), table };
  const edu = makeEduEntities(deps);
  const books = makeGradebookEntities(deps);
  const auth = makeAuthEntities(deps);
  const records = makeRecords(makeEduStore(() => edu));
  const actor = { sub: 'system:seed', requestId: 'bench' };
  const token = await fetchDevToken(cloud.issuer, 'admin');

  // Schools of the city's tree (the run goes through all of them; only these have classes).
  const { data: communes } = await auth.orgUnit.query.byParent({ parentId: 'SGD' }).go({ pages: 'all' });
  const schools: { orgUnitId: string; lineage: string[] }[] = [];
  for (const commune of communes.filter((c) => c.kind === 'commune')) {
    const { data } = await auth.orgUnit.query.byParent({ parentId: commune.orgUnitId }).go({ pages: 'all' });
    for (const s of data.filter((u) => u.kind === 'school'))
      schools.push({ orgUnitId: s.orgUnitId, lineage: ['SGD', commune.orgUnitId, s.orgUnitId] });
    if (schools.length >= SCHOOLS) break;
  }
  schools.splice(SCHOOLS);
  const classesPerSchool = Math.ceil(LEARNERS / PER_CLASS / schools.length);

  const seedStarted = performance.now();
  const approved = (
    kind: 'class' | 'student',
    owner: { orgUnitId: string; lineage: string[] },
    data: unknown,
  ) => {
    const planned = records.planCreate(kind, owner, data as never, actor).record;
    return {
      ...planned,
      status: 'approved',
      version: 3,
      approved: { data, version: 3, event: 'new', approvedAt: SEEDED_AT, approvedBy: 'system:seed' },
    } as EduRecordItem;
  };
  const sample: { learnerId: string; index: number }[] = [];
  let learner = 0;
  for (const [si, school] of schools.entries()) {
    const eduItems: EduRecordItem[] = [];
    const bookItems: Record<string, unknown>[] = [];
    const rowItems: Record<string, unknown>[] = [];
    const homeroomItems: Record<string, unknown>[] = [];
    for (let c = 0; c < classesPerSchool && learner < LEARNERS; c++) {
      const cls = approved('class', school, {
        code: `10B${si}${c}`,
        name: `10B${si}${c}`,
        grade: 10,
        schoolYear: SCHOOL_YEAR,
        homeroomTeacherId: 'bench-teacher',
        foreignLanguages: [],
        twoSessionsPerDay: false,
        assignments: SUBJECTS.flatMap((s) =>
          ([1, 2] as const).map((semester) => ({ subject: s.name, semester, teacherId: 'bench-teacher' })),
        ),
      });
      eduItems.push(cls);
      for (const [k, s] of SUBJECTS.entries())
        for (const semester of [1, 2])
          bookItems.push({
            classId: cls.recordId,
            subject: s.code,
            semester,
            schoolId: school.orgUnitId,
            schoolYear: 2026,
            grade: 10,
            ruleSetId: 'tt22-2021',
            assessment: s.assessment,
            regularScores: s.assessment === 'scored' ? regularCount(s.periodsPerYear) : 0,
            periodicTest: false,
            lockedAt: SEEDED_AT,
            lockedBy: 'bench',
            lockedByName: 'Bench',
            createdAt: SEEDED_AT,
            updatedAt: SEEDED_AT,
            _k: k,
          });
      for (let p = 0; p < PER_CLASS && learner < LEARNERS; p++, learner++) {
        const gender = learner % 2 ? 'male' : 'female';
        const pupil = approved('student', school, {
          personalId: makePersonalId('031', 2011, gender, 300_000 + learner),
          fullName: `Học Sinh ${learner}`,
          gender,
          dateOfBirth: '2011-09-01',
          ethnicity: '01',
          nationality: 'VN',
          grade: 10,
          classId: cls.recordId,
          status: 'enrolled',
          guardians: [],
          policyGroups: [],
          awards: [],
        });
        eduItems.push(pupil);
        if (learner % Math.max(1, Math.floor(LEARNERS / 50)) === 0)
          sample.push({ learnerId: pupil.recordId, index: learner });
        for (const [k, s] of SUBJECTS.entries())
          for (const semester of [1, 2]) {
            const n = regularCount(s.periodsPerYear);
            rowItems.push({
              classId: cls.recordId,
              subject: s.code,
              semester,
              learnerId: pupil.recordId,
              ...(s.assessment === 'scored'
                ? {
                    regular: Array.from({ length: n }, (_, col) => score(learner, k, semester, col)),
                    midTerm: score(learner, k, semester, 10),
                    endTerm: score(learner, k, semester, 11),
                  }
                : { regular: [], pass: 'D' }),
              version: 1,
              updatedAt: SEEDED_AT,
              updatedBy: 'bench',
            });
          }
        for (const semester of [1, 2])
          homeroomItems.push({
            classId: cls.recordId,
            semester,
            learnerId: pupil.recordId,
            conduct: 'T',
            absentHalfDays: 2,
            version: 1,
            updatedAt: SEEDED_AT,
            updatedBy: 'bench',
          });
      }
    }
    await edu.eduRecord.put(eduItems).go({ concurrency: 8 });
    await books.gradeBook.put(bookItems.map(({ _k, ...b }) => b) as never[]).go({ concurrency: 8 });
    await books.scoreRow.put(rowItems as never[]).go({ concurrency: 8 });
    await books.homeroomRow.put(homeroomItems as never[]).go({ concurrency: 8 });
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${cloud.apiUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await res.json()) as T;
  };
  const started = performance.now();
  const run = await call<{ runId: string }>('/org-units/SGD/result-runs', {
    schoolYear: SCHOOL_YEAR,
    period: 'year',
  });
  let done: Record<string, number | string> = { status: 'pending' };
  while (done.status !== 'done' && done.status !== 'failed') {
    await new Promise((r) => setTimeout(r, 500));
    done = await call(`/result-runs/${run.runId}`);
  }
  const seconds = (performance.now() - started) / 1000;
  if (done.status !== 'done') throw new Error(`The run failed: ${done.error}`);

  // The oracle: a sample's year averages, worked here from the seeded scores.
  let checked = 0;
  const store = makeEduStore(() => edu);
  const ids = await store.recordIdsOfKeys(sample.map((s) => `result:${s.learnerId}:${SCHOOL_YEAR}:year`));
  for (const s of sample) {
    const id = ids.get(`result:${s.learnerId}:${SCHOOL_YEAR}:year`);
    const result = id ? await store.getRecord(id) : undefined;
    if (!result) throw new Error(`No year result for learner ${s.index}`);
    const subjects = (result.data as { subjects: Record<string, number | string> }).subjects;
    for (const [k, subject] of SUBJECTS.entries()) {
      const want = subject.assessment === 'scored' ? expectedYear(s.index, k) / 10 : 'D';
      if (subjects[subject.code] !== want)
        throw new Error(
          `Learner ${s.index}, ${subject.code}: ${subjects[subject.code]} ≠ ${want} worked by hand`,
        );
      checked++;
    }
  }

  const sum = (pick: (r: CapacityRecord) => number) => units.reduce((n, u) => n + pick(u.record), 0);
  const rru = sum((r) => r.rru);
  const wru = sum((r) => r.wru);
  const invocations = units.length;
  const submitted = Number(done.submitted ?? 0);
  const perLearner = { rru: rru / submitted, wru: wru / submitted };
  const cityRru = perLearner.rru * CITY_LEARNERS;
  const cityWru = perLearner.wru * CITY_LEARNERS;
  // Lambda, an upper bound: the Map's 16 tasks busy at 1 GB for the whole run, scaled to the city.
  const scale = CITY_LEARNERS / submitted;
  const gbSeconds = seconds * 16 * scale;
  const transitions = 6 + CITY_SCHOOLS * 3;
  const usd =
    (cityRru / 1e6) * USD_PER_MILLION_RRU +
    (cityWru / 1e6) * USD_PER_MILLION_WRU +
    gbSeconds * USD_PER_GB_SECOND +
    (transitions / 1000) * USD_PER_1000_TRANSITIONS;
  console.log(
    `\nYear-end results through the result-runs state machine (DynamoDB Local): ${submitted.toLocaleString('en')} learners × ${SUBJECTS.length} subjects × 2 semesters in ${schools.length} school${schools.length === 1 ? '' : 's'} (${Number(done.totalSchools).toLocaleString('en')} schools walked)`,
  );
  console.log(`  seeding           ${seedSeconds.toFixed(1)} s (not part of the run)`);
  console.log(
    `  run               ${seconds.toFixed(1)} s, ${(submitted / seconds).toFixed(0)} learners/s (16 schools at once; ${invocations} task invocations)`,
  );
  console.log(
    `  consumed          ${rru.toFixed(0)} RRU + ${wru.toFixed(0)} WRU = ${perLearner.rru.toFixed(1)} RRU + ${perLearner.wru.toFixed(1)} WRU a learner (reading 24 rows, 2 homeroom rows; a result record, its version, guard, audit share, submission)`,
  );
  console.log(
    `  at this rate      1,000,000 learners ≈ ${((seconds * scale) / 3600).toFixed(1)} h on DynamoDB Local (one JVM takes every write; on AWS each school's partitions are its own)`,
  );
  console.log(
    `  checked           ${checked} subject results of ${sample.length} learners against averages worked by hand`,
  );
  console.log(
    `  a city of 1,000,000 ≈ ${(cityRru / 1e6).toFixed(1)} M RRU + ${(cityWru / 1e6).toFixed(1)} M WRU ≈ $${usd.toFixed(2)} on demand (reads $${((cityRru / 1e6) * USD_PER_MILLION_RRU).toFixed(2)}, writes $${((cityWru / 1e6) * USD_PER_MILLION_WRU).toFixed(2)}, Lambda ≤ $${(gbSeconds * USD_PER_GB_SECOND).toFixed(2)}, Step Functions $${((transitions / 1000) * USD_PER_1000_TRANSITIONS).toFixed(2)})`,
  );
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await cloud.stop();
}
process.exit(failed ? 1 : 0);
