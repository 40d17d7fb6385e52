/**
 * Issue 17's "one scope mechanism": a school moves to another commune and, in every context, the
 * new commune sees and decides its items while the old one is refused them and no longer lists
 * them. Authorization reads the tree at request time; the lists keyed by the commune follow
 * through the `org-unit.moved` event. The school and both communes are made for this test (the
 * demo's shared schools stay where other tests expect them).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleLessonPlan } from '../../infra/local/sign-sample.ts';
import { api, postUpload, type UploadLink, until } from '../support/cloud.ts';
import { preparedResource } from '../support/resources.ts';

const RUN = (Date.now() % 1_000_000).toString(36).toUpperCase();
// Two of the city's communes that no other test works in (tests count the commune-level units:
// new ones would change their figures); the school is the test's own.
const OLD = 'X-ANHUNG';
const NEW = 'X-ANKHANH';
const SCHOOL = `THCS-MV${RUN}`;
const YEAR = `${2030 + (Date.now() % 60)}-${2031 + (Date.now() % 60)}`;
const person = (role: string) => `mv${RUN.toLowerCase()}.${role}`;
const officerOld = person('offa');
const officerNew = person('offb');
/** The school's leader enters its data, writes its plan and contributes its resource. */
const leader = person('lead');

interface EduRecord {
  recordId: string;
  version: number;
  status: string;
}
interface Batch {
  results: { ok: boolean; record?: EduRecord; problem?: { status: number } }[];
}
interface ProRecord {
  recordId: string;
  status: string;
  step?: number;
  revision: number;
}

const ids = <T extends object>(items: T[], key: keyof T) => items.map((i) => i[key]);

/**
 * Until `check` holds: a container may decide on the lineage it read before the move for
 * PRINCIPAL_TTL_MS (30 s), and the lists follow once the contexts' workers have run.
 */
const settled = (check: () => Promise<boolean>) =>
  until(async () => ((await check()) ? true : undefined), 45_000);

async function unit(parent: string, orgUnitId: string, name: string, kind: string) {
  const res = await api(`/org-units/${parent}/children`, {
    as: 'admin',
    body: { orgUnitId, code: orgUnitId.slice(-8), name, kind },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function account(orgUnitId: string, accountId: string, role: string) {
  const created = await api(`/org-units/${orgUnitId}/accounts`, {
    as: 'admin',
    body: { accountId, fullName: `Người Thử ${accountId}`, email: `${accountId}@chuyen.example.vn` },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const granted = await api(`/org-units/${orgUnitId}/role-assignments`, {
    as: 'admin',
    body: { accountId, role },
  });
  expect(granted.status, JSON.stringify(granted.body)).toBe(201);
}

async function eduRecord(kind: string, data: Record<string, unknown>) {
  const created = await api<EduRecord>(`/org-units/${SCHOOL}/records/${kind}`, {
    as: leader,
    body: { data },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const submitted = await api<Batch>('/records/submissions', {
    as: leader,
    body: { records: [{ recordId: created.body.recordId, expectedVersion: created.body.version }] },
  });
  expect(submitted.body.results[0]?.ok, JSON.stringify(submitted.body)).toBe(true);
  return submitted.body.results[0]!.record!;
}

const decideEdu = (as: string, r: EduRecord) =>
  api<Batch>('/records/decisions', {
    as,
    body: { decision: 'approve', records: [{ recordId: r.recordId, expectedVersion: r.version }] },
  });

const eduQueue = async (commune: string, as: string) =>
  (
    await api<{ items: { recordId: string }[] }>(`/org-units/${commune}/approval-queue?schoolId=${SCHOOL}`, {
      as,
    })
  ).body.items;

const decidePlan = (r: ProRecord, as: string) =>
  api<ProRecord>(`/professional-records/${r.recordId}/decisions`, {
    as,
    body: { decision: 'approve', expectedRevision: r.revision },
  });

const planQueue = async (as: string) =>
  (await api<{ items: ProRecord[] }>(`/me/record-approvals?schoolYear=${YEAR}`, { as })).body.items;

const reviews = async (commune: string, as: string) =>
  (await api<{ items: { resourceId: string }[] }>(`/org-units/${commune}/resource-reviews`, { as })).body
    .items;

describe('a school moves to another commune', () => {
  let pending: EduRecord;
  let plan: ProRecord;
  let resourceId: string;

  beforeAll(async () => {
    await unit(OLD, SCHOOL, `Trường THCS Chuyển ${RUN}`, 'school');
    await account(OLD, officerOld, 'commune-officer');
    await account(NEW, officerNew, 'commune-officer');
    await account(SCHOOL, leader, 'school-leader');

    // edu-data: the school's profile (lower secondary: its plans go to its commune), approved by
    // the commune it is under; then a class waiting in that commune's queue.
    const profile = await eduRecord('school', {
      code: String(31_900_000 + (Date.now() % 99_999)),
      name: `Trường THCS Chuyển ${RUN}`,
      levelGroups: ['03'],
      ownership: 'public',
    });
    expect((await decideEdu(officerOld, profile)).body.results[0]?.ok).toBe(true);
    pending = await eduRecord('class', { code: '6A1', name: 'Lớp 6A1', grade: 6, schoolYear: '2026-2027' });
    expect(ids(await eduQueue(OLD, officerOld), 'recordId')).toContain(pending.recordId);

    // records: the school plan, past the council, waits at the commune.
    const created = await api<ProRecord>(`/org-units/${SCHOOL}/professional-records`, {
      as: leader,
      body: { kind: 'school-plan', schoolYear: YEAR, title: `Kế hoạch giáo dục của nhà trường ${YEAR}` },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const link = await api<{ version: number; upload: UploadLink }>(
      `/professional-records/${created.body.recordId}/uploads`,
      { as: leader, body: { fileName: 'ke-hoach-nha-truong.pdf', contentType: 'application/pdf' } },
    );
    const sent = await postUpload(
      link.body.upload,
      new Blob([new Uint8Array(await sampleLessonPlan())], { type: 'application/pdf' }),
    );
    expect(sent.status).toBeLessThan(300);
    const submitted = await api<ProRecord>(`/professional-records/${created.body.recordId}/submit`, {
      as: leader,
      body: { version: link.body.version, expectedRevision: created.body.revision },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const council = await decidePlan(submitted.body, leader);
    expect(council.body).toMatchObject({ status: 'submitted', step: 1 });
    plan = council.body;
    expect(ids(await planQueue(officerOld), 'recordId')).toContain(plan.recordId);

    // repository: a city-licensed resource is reviewed at the school's commune.
    resourceId = await preparedResource(
      leader,
      SCHOOL,
      { title: `Tài liệu ôn tập chuyển trường ${RUN}`, licence: 'city' },
      'submitted',
    );
    expect(ids(await reviews(OLD, officerOld), 'resourceId')).toContain(resourceId);

    const moved = await api<{ lineage: string[] }>(`/org-units/${SCHOOL}/move`, {
      as: 'admin',
      body: { newParentId: NEW, reason: 'Điều chỉnh địa giới hành chính' },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.lineage).toEqual(['SGD', NEW, SCHOOL]);
  }, 240_000);

  it('identity: the new commune reads the school’s accounts, the old one is refused', async () => {
    const read = () =>
      api<{ items: { accountId: string }[] }>(`/org-units/${SCHOOL}/accounts`, { as: officerNew });
    await settled(async () => (await read()).status === 200);
    const accounts = await read();
    expect(ids(accounts.body.items, 'accountId')).toEqual(expect.arrayContaining([leader]));
    expect((await api(`/org-units/${SCHOOL}/accounts`, { as: officerOld })).status).toBe(403);
  });

  it('edu-data: the submission waits in the new commune’s queue and list, which approves it', async () => {
    await settled(async () => ids(await eduQueue(NEW, officerNew), 'recordId').includes(pending.recordId));
    expect(ids(await eduQueue(OLD, officerOld), 'recordId')).not.toContain(pending.recordId);
    const listed = async (commune: string, as: string) =>
      ids(
        (await api<{ items: { recordId: string }[] }>(`/org-units/${commune}/records/class`, { as })).body
          .items,
        'recordId',
      );
    expect(await listed(NEW, officerNew)).toContain(pending.recordId);
    expect(await listed(OLD, officerOld)).not.toContain(pending.recordId);
    // Found by a word of its name under the new commune only: its name entries moved with it.
    const searched = async (commune: string, as: string) =>
      ids(
        (
          await api<{ items: { recordId: string }[] }>(`/org-units/${commune}/records/class/search`, {
            as,
            body: { q: '6a1', limit: 100 },
          })
        ).body.items,
        'recordId',
      );
    expect(await searched(NEW, officerNew)).toContain(pending.recordId);
    expect(await searched(OLD, officerOld)).not.toContain(pending.recordId);
    expect([403, 404]).toContain((await api(`/records/${pending.recordId}`, { as: officerOld })).status);
    const refused = await decideEdu(officerOld, pending);
    // Refused as a whole (the unit is outside its scope) or record by record.
    expect(refused.body.results?.[0]?.ok ?? false).toBe(false);
    expect([403, 404]).toContain(refused.body.results?.[0]?.problem?.status ?? refused.status);
    const approved = await decideEdu(officerNew, pending);
    expect(approved.body.results[0]).toMatchObject({ ok: true, record: { status: 'approved' } });
    // Its figures count in the new commune's statistics, not the old one's.
    const children = async (commune: string, as: string) =>
      ids(
        (await api<{ children: { orgUnitId: string }[] }>(`/org-units/${commune}/statistics`, { as })).body
          .children,
        'orgUnitId',
      );
    await settled(async () => (await children(NEW, officerNew)).includes(SCHOOL));
    expect(await children(OLD, officerOld)).not.toContain(SCHOOL);
  });

  it('records: the school plan goes to the new commune, which approves it; the old one is refused', async () => {
    await settled(async () => ids(await planQueue(officerNew), 'recordId').includes(plan.recordId));
    expect(ids(await planQueue(officerOld), 'recordId')).not.toContain(plan.recordId);
    expect([403, 404]).toContain(
      (await api(`/professional-records/${plan.recordId}`, { as: officerOld })).status,
    );
    expect([403, 404]).toContain((await decidePlan(plan, officerOld)).status);
    const done = await decidePlan(plan, officerNew);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.status).toBe('approved');
  });

  it('repository: the resource is reviewed at the new commune, no longer at the old one', async () => {
    await settled(async () => ids(await reviews(NEW, officerNew), 'resourceId').includes(resourceId));
    expect(ids(await reviews(OLD, officerOld), 'resourceId')).not.toContain(resourceId);
    expect([403, 404]).toContain(
      (await api(`/resources/${resourceId}/review`, { as: officerOld, body: { decision: 'approve' } }))
        .status,
    );
    const approved = await api<{ state: string }>(`/resources/${resourceId}/review`, {
      as: officerNew,
      body: { decision: 'approve' },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.state).toBe('published');
  });

  it('library: the new commune reads the school’s library figures, the old one is refused', async () => {
    await settled(
      async () => (await api(`/org-units/${SCHOOL}/library-statistics`, { as: officerNew })).status === 200,
    );
    expect((await api(`/org-units/${SCHOOL}/library-statistics`, { as: officerOld })).status).toBe(403);
    // The school's own people are not affected: their unit did not change.
    expect((await api(`/org-units/${SCHOOL}/library-statistics`, { as: leader })).status).toBe(200);
  });
});
