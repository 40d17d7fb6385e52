/**
 * Personal BDTX plans (functions/bdtx-plans.ts) against the local cloud, as seed 000 and
 * DOMAIN.md have them: teacher1 of Trần Phú is given the year's programme 01 and 02 modules meant
 * for upper-secondary teachers (80 periods), chooses programme 03 modules up to 120, submits; a
 * school leader returns it with a reason, then approves the plan sent again. What cannot stay in a
 * plan is refused with nothing written; a submitted plan is locked; no one decides their own plan;
 * the school sees everyone who must plan there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, cloud, until } from '../support/cloud.ts';

const run = Date.now() % 100000;
const YEAR = 2033;
const window = { opensAt: `${YEAR}-04-01T00:00:00+07:00`, closesAt: `${YEAR}-06-30T23:59:00+07:00` };
const staff = { roles: ['teacher', 'group-leader', 'school-leader'], levels: ['04'], subjects: [] };

interface Module {
  moduleId: string;
  code: string;
  revision: number;
}
interface Plan {
  planId: string;
  status: string;
  revision: number;
  periods: { total: number; '03': number };
  returnReason?: string;
  late?: boolean;
}
interface Mine {
  standing: string;
  deadline: string;
  plan?: Plan;
  periods: { '01': number; '02': number; '03': number; total: number };
  given: Module[];
  choosable: Module[];
  problems: { code: string }[];
  schools: { orgUnitId: string; name: string }[];
}
interface Problem {
  errors?: { field: string; code?: string }[];
}

async function published(code: string, programme: string, periods: number, audience = staff) {
  const created = await api<Module>('/org-units/SGD/course-modules', {
    as: 'admin',
    body: { code: `${code}-${run}`, title: `Mô-đun ${code}`, programme, periods, ...window, audience },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const done = await api<Module>(`/course-modules/${created.body.moduleId}/publish`, {
    as: 'admin',
    body: { expectedRevision: 1 },
  });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return done.body;
}

const mine = async (as = 'teacher1') => {
  const res = await api<Mine>(`/me/bdtx-plans/${YEAR}`, { as });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const save = (moduleIds: string[], expectedRevision: number, as = 'teacher1') =>
  api<Plan & Problem>(`/me/bdtx-plans/${YEAR}`, { as, method: 'PUT', body: { moduleIds, expectedRevision } });
const submit = (expectedRevision: number, as = 'teacher1') =>
  api<Plan & Problem>(`/me/bdtx-plans/${YEAR}/submit`, { as, body: { expectedRevision } });
const decide = (planId: string, body: Record<string, unknown>, as = 'principal1') =>
  api<Plan & Problem>(`/bdtx-plans/${planId}/decision`, { as, body });

describe('personal BDTX plans', () => {
  let p01: Module;
  let p02: Module;
  let a: Module;
  let b: Module;
  let preschool: Module;

  beforeAll(async () => {
    p01 = await published('KH01', '01', 40);
    p02 = await published('KH02', '02', 40);
    a = await published('KH03A', '03', 20);
    b = await published('KH03B', '03', 20);
    preschool = await published('KH03MN', '03', 20, { ...staff, levels: ['01'] });
  });

  it('shows a teacher what they are given, what they may choose, and the deadline', async () => {
    const view = await mine();
    expect(view.standing).toBe('none');
    expect(view.deadline).toBe(`${YEAR}-05-31T17:00:00.000Z`);
    expect(view.given.map((m) => m.code).sort()).toEqual([p01.code, p02.code].sort());
    const choosable = view.choosable.map((m) => m.code);
    expect(choosable).toEqual(expect.arrayContaining([a.code, b.code]));
    expect(choosable).not.toContain(preschool.code);
    expect(view.periods).toEqual({ '01': 40, '02': 40, '03': 0, total: 80 });
    expect(view.schools).toEqual([{ orgUnitId: 'THPT-TRANPHU', name: 'Trường THPT chuyên Trần Phú' }]);
  });

  it('refuses a module not meant for the teacher, writing nothing', async () => {
    const refused = await save([a.moduleId, preschool.moduleId], 0);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => [e.field, e.code])).toEqual([
      ['moduleIds', 'courses.plan-not-for-you'],
    ]);
    expect((await mine()).plan).toBeUndefined();
  });

  it('saves a short draft, refuses to submit it, and submits it at 120 periods', async () => {
    const draft = await save([a.moduleId], 0);
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    expect(draft.body).toMatchObject({ status: 'draft', revision: 1, periods: { total: 100 } });
    const short = await submit(1);
    expect(short.status).toBe(400);
    expect(short.body.errors?.map((e) => e.code)).toEqual(['courses.plan-short']);
    expect((await save([a.moduleId, b.moduleId], 0)).status).toBe(409); // stale revision
    const full = await save([a.moduleId, b.moduleId], 1);
    expect(full.body.periods.total).toBe(120);
    const sent = await submit(2);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.status).toBe('submitted');
    expect((await save([a.moduleId], 3)).status).toBe(409); // locked once submitted
    expect((await mine()).standing).toBe('submitted');
  });

  it('lists everyone who must plan at the school; only its leaders read a plan', async () => {
    const list = await api<{ items: { accountId: string; standing: string; periods?: number }[] }>(
      `/org-units/THPT-TRANPHU/bdtx-plans?year=${YEAR}`,
      { as: 'principal1' },
    );
    expect(list.status).toBe(200);
    const by = new Map(list.body.items.map((i) => [i.accountId, i]));
    expect(by.get('teacher1')).toMatchObject({ standing: 'submitted', periods: 120 });
    expect(by.get('groupleader1')?.standing).toBe('none');
    expect(by.get('principal1')?.standing).toBe('none');
    expect(by.has('librarian1')).toBe(false);
    const plan = (await mine()).plan!;
    // Teachers decide no plans; the commune's administrator, who appoints school leaders, holds the
    // permission only to hand it down: both are refused.
    expect((await api(`/bdtx-plans/${plan.planId}`, { as: 'teacher1' })).status).toBe(403);
    expect((await api(`/bdtx-plans/${plan.planId}`, { as: 'commune2.admin' })).status).toBe(403);
    expect((await api(`/bdtx-plans/${plan.planId}`, { as: 'principal1' })).status).toBe(200);
  });

  it('returns a plan with its reason, then approves it sent again', async () => {
    const plan = (await mine()).plan!;
    const noReason = await decide(plan.planId, { decision: 'return', expectedRevision: plan.revision });
    expect(noReason.status).toBe(400);
    const returned = await decide(plan.planId, {
      decision: 'return',
      reason: 'Thay mô-đun B bằng mô-đun phù hợp môn dạy',
      expectedRevision: plan.revision,
    });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body).toMatchObject({
      status: 'returned',
      returnReason: 'Thay mô-đun B bằng mô-đun phù hợp môn dạy',
    });
    expect((await mine()).standing).toBe('returned');
    const again = await submit(returned.body.revision);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    const approved = await decide(plan.planId, {
      decision: 'approve',
      expectedRevision: again.body.revision,
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', late: false });
    expect(
      (await decide(plan.planId, { decision: 'approve', expectedRevision: approved.body.revision })).status,
    ).toBe(409);
    // The teacher was told of both decisions, the return with its reason, in their language.
    const inbox = await until(async () => {
      const res = await api<{
        items: { notificationId: string; category: string; title: string; body: string }[];
      }>('/me/notifications', { as: 'teacher1', headers: { 'accept-language': 'vi-VN' } });
      const mine = res.body.items.filter((n) => n.notificationId.startsWith(`bdtx-plan-${plan.planId}`));
      return mine.length >= 2 ? mine : undefined;
    });
    expect(inbox.map((n) => n.title).sort()).toEqual([
      'Kế hoạch BDTX bị trả lại',
      'Kế hoạch BDTX đã được phê duyệt',
    ]);
    expect(inbox.every((n) => n.category === 'courses')).toBe(true);
    expect(inbox.find((n) => n.title === 'Kế hoạch BDTX bị trả lại')?.body).toContain(
      'Thay mô-đun B bằng mô-đun phù hợp môn dạy',
    );
  });

  it('reminds the teacher 7 days and 1 day before a module of the approved plan closes, once each', async () => {
    // The modules close on 30 June 2033, 23:59 Vietnam time; the sweep runs at 08:00.
    const fire = async (time: string) => {
      const res = await fetch(`${cloud().apiUrl}/_local/fire/courses-remind-closing-modules?time=${time}`, {
        method: 'POST',
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { result: { modules: number; reminded: number } }).result;
    };
    const plan = (await mine()).plan!;
    const chosen = await api<{ moduleIds: string[] }>(`/bdtx-plans/${plan.planId}`, { as: 'principal1' });
    const titles = await Promise.all(
      chosen.body.moduleIds.map(
        async (id) => (await api<{ title: string }>(`/course-modules/${id}`, { as: 'admin' })).body.title,
      ),
    );
    const reminders = async () =>
      (
        await api<{ items: { notificationId: string; title: string; body: string }[] }>('/me/notifications', {
          as: 'teacher1',
          headers: { 'accept-language': 'vi-VN' },
        })
      ).body.items.filter(
        (n) => n.title === 'Mô-đun BDTX sắp đóng' && titles.some((t) => n.body.includes(t)),
      );

    expect((await fire('2033-06-22T01:00:00Z')).reminded).toBe(0); // 9 days before: not yet
    const week = await fire('2033-06-24T01:00:00Z');
    expect(week.reminded).toBeGreaterThanOrEqual(titles.length);
    const first = await until(async () => {
      const got = await reminders();
      return got.length >= titles.length ? got : undefined;
    });
    expect(first[0]!.body).toContain('đóng ngày 30/06/2033');
    // The same day again (a retried run) adds nothing; the day before reminds again.
    await fire('2033-06-24T01:00:00Z');
    await fire('2033-06-30T01:00:00Z');
    const both = await until(async () => {
      const got = await reminders();
      return got.length >= 2 * titles.length ? got : undefined;
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect((await reminders()).length).toBe(2 * titles.length);
    expect(new Set(both.map((n) => n.notificationId)).size).toBe(both.length);
  });

  it('reminds those who have not sent a plan 7 days and 1 day before the deadline', async () => {
    const fire = async (time: string) => {
      const res = await fetch(`${cloud().apiUrl}/_local/fire/courses-remind-plan-deadline?time=${time}`, {
        method: 'POST',
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { result: { schools: number; reminded: number } }).result;
    };
    const due = async (as: string) =>
      (
        await api<{ items: { notificationId: string; title: string; body: string }[] }>('/me/notifications', {
          as,
          headers: { 'accept-language': 'vi-VN' },
        })
      ).body.items.filter((n) => n.title === 'Kế hoạch BDTX chưa được duyệt' && n.body.includes('2033'));
    // 8 days before (23 May): nothing; 7 days before (25 May, 08:00): those without a sent plan.
    expect(await fire('2033-05-23T01:00:00Z')).toMatchObject({ reminded: 0 });
    const week = await fire('2033-05-25T01:00:00Z');
    expect(week.schools).toBeGreaterThan(1);
    expect(week.reminded).toBeGreaterThanOrEqual(1);
    const told = await until(async () => {
      const got = await due('groupleader1');
      return got.length ? got : undefined;
    });
    expect(told[0]!.body).toContain('trước ngày 31/05/2033');
    // teacher1's plan is approved: not reminded.
    expect(await due('teacher1')).toEqual([]);
  }, 120_000);

  it('has another leader decide a leader’s own plan', async () => {
    expect((await save([a.moduleId, b.moduleId], 0, 'principal1')).status).toBe(200);
    const sent = await submit(1, 'principal1');
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const own = await decide(sent.body.planId, { decision: 'approve', expectedRevision: 2 });
    expect(own.status).toBe(403);
  });

  it('counts each school’s plans for the commune, and only for its own commune', async () => {
    const summary = await api<{
      schools: {
        orgUnitId: string;
        people: number;
        approved: number;
        submitted: number;
        notApproved: number;
      }[];
    }>(`/org-units/P-NGOQUYEN/bdtx-plan-summary?year=${YEAR}`, { as: 'commune2.admin' });
    expect(summary.status, JSON.stringify(summary.body)).toBe(200);
    const tranPhu = summary.body.schools.find((s) => s.orgUnitId === 'THPT-TRANPHU')!;
    // teacher1 approved, principal1 submitted (waiting for another leader); the others not started.
    expect(tranPhu).toMatchObject({ approved: 1, submitted: 1 });
    expect(tranPhu.people).toBeGreaterThanOrEqual(3);
    expect(tranPhu.notApproved).toBe(tranPhu.people - 1);
    expect(
      (await api(`/org-units/P-NGOQUYEN/bdtx-plan-summary?year=${YEAR}`, { as: 'commune1.admin' })).status,
    ).toBe(403);
    expect((await api(`/org-units/SGD/bdtx-plan-summary?year=${YEAR}`, { as: 'admin' })).status).toBe(400);
  });

  it('audits submissions and decisions', async () => {
    const plan = (await mine()).plan!;
    const audit = await api<{ items: { action: string; targetId: string }[] }>(
      '/org-units/P-NGOQUYEN/audit?limit=100',
      {
        as: 'commune2.admin',
      },
    );
    expect(audit.status).toBe(200);
    expect(
      audit.body.items
        .filter((e) => e.targetId === plan.planId)
        .map((e) => e.action)
        .sort(),
    ).toEqual(['bdtx-plan.approve', 'bdtx-plan.return', 'bdtx-plan.submit', 'bdtx-plan.submit']);
  });
});
