/**
 * The BDTX dashboards (issue 21, item 5) against the local cloud: a school's figures are recounted
 * into its tally when a plan is sent or decided, and for every school by the nightly worker; a
 * commune's dashboard adds up its schools' tallies, the city's its communes'. A commune reads its
 * own dashboard, not another's. The year is this file's own (2035), so no other test moves it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, cloud, until } from '../support/cloud.ts';

const run = Date.now() % 100000;
const YEAR = 2035;
const window = { opensAt: `${YEAR}-04-01T00:00:00+07:00`, closesAt: `${YEAR}-06-30T23:59:00+07:00` };
const staff = { roles: ['teacher', 'group-leader', 'school-leader'], levels: ['04'], subjects: [] };

interface Row {
  orgUnitId: string;
  schools: number;
  schoolsCounted: number;
  people: number;
  approved: number;
  submitted: number;
  notApproved: number;
  approvedPct: number;
}
interface Dashboard {
  total: Omit<Row, 'orgUnitId'>;
  rows: Row[];
  computedAt?: string;
}

async function published(code: string, programme: string, periods: number) {
  const created = await api<{ moduleId: string }>('/org-units/SGD/course-modules', {
    as: 'admin',
    body: { code: `${code}-${run}`, title: `Mô-đun ${code}`, programme, periods, ...window, audience: staff },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const done = await api(`/course-modules/${created.body.moduleId}/publish`, {
    as: 'admin',
    body: { expectedRevision: 1 },
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return created.body.moduleId;
}

const dashboard = async (unit: string, as: string) => {
  const res = await api<Dashboard>(`/org-units/${unit}/bdtx-dashboard?year=${YEAR}`, { as });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const tranPhu = async () =>
  (await dashboard('P-NGOQUYEN', 'commune2.admin')).rows.find((r) => r.orgUnitId === 'THPT-TRANPHU')!;

describe('the BDTX dashboards', () => {
  let chosen: string;

  beforeAll(async () => {
    await published('DB01', '01', 40);
    await published('DB02', '02', 40);
    chosen = await published('DB03', '03', 40);
  }, 60_000);

  it('counts a school once its plans move, and adds schools up per commune and communes for the city', async () => {
    const before = await tranPhu();
    expect(before).toMatchObject({ schools: 1, schoolsCounted: 0, people: 0 });

    const saved = await api<{ planId: string; revision: number }>(`/me/bdtx-plans/${YEAR}`, {
      as: 'teacher1',
      method: 'PUT',
      body: { moduleIds: [chosen], expectedRevision: 0 },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const sent = await api<{ revision: number }>(`/me/bdtx-plans/${YEAR}/submit`, {
      as: 'teacher1',
      body: { expectedRevision: saved.body.revision },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const submitted = await until(async () => {
      const row = await tranPhu();
      return row.submitted === 1 ? row : undefined;
    });
    // Everyone who must plan at Trần Phú is counted (its leader, group leader and teachers).
    expect(submitted.people).toBeGreaterThanOrEqual(3);
    expect(submitted).toMatchObject({ schoolsCounted: 1, approved: 0, notApproved: submitted.people });

    const decided = await api(`/bdtx-plans/${saved.body.planId}/decision`, {
      as: 'principal1',
      body: { decision: 'approve', expectedRevision: sent.body.revision },
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    const approved = await until(async () => {
      const row = await tranPhu();
      return row.approved === 1 ? row : undefined;
    });
    expect(approved).toMatchObject({ submitted: 0, notApproved: approved.people - 1 });
    expect(approved.approvedPct).toBe(Math.round((1 / approved.people) * 1000) / 10);

    // The city: Ngô Quyền's row holds Trần Phú's figures; the total only what is counted so far.
    const city = await dashboard('SGD', 'admin');
    const commune = city.rows.find((r) => r.orgUnitId === 'P-NGOQUYEN')!;
    expect(commune).toMatchObject({ approved: 1, schoolsCounted: 1 });
    expect(commune.schools).toBeGreaterThanOrEqual(1);
    expect(city.total.approved).toBe(1);
    expect(city.total.schools).toBe(city.rows.reduce((n, r) => n + r.schools, 0));
    expect(city.computedAt).toBeDefined();
  });

  it('recounts every school at night', async () => {
    const fired = await fetch(`${cloud().apiUrl}/_local/fire/courses-tally-all-bdtx?year=${YEAR}`, {
      method: 'POST',
    });
    expect(fired.status).toBe(200);
    const { result } = (await fired.json()) as { result: { schools: number } };
    const city = await until(async () => {
      const d = await dashboard('SGD', 'admin');
      return d.total.schoolsCounted === d.total.schools ? d : undefined;
    }, 60_000);
    expect(city.total.schools).toBe(result.schools);
    expect(city.total.approved).toBe(1);
  });

  it('is a commune’s own: another commune reads nothing of it', async () => {
    const other = await api(`/org-units/P-NGOQUYEN/bdtx-dashboard?year=${YEAR}`, { as: 'commune1.admin' });
    expect(other.status).toBe(403);
    const school = await api(`/org-units/P-NGOQUYEN/bdtx-dashboard?year=${YEAR}`, { as: 'principal1' });
    expect(school.status).toBe(403);
  });
});
