/**
 * The Department's catalogue of BDTX modules (functions/courses) against the local cloud: drafts
 * by the Department, codes unique in a year with nothing written on a refusal, prerequisites
 * published first, changes on the revision read, and each person's catalogue by audience — teacher1
 * of Trường THPT chuyên Trần Phú (level 04 on its approved profile) sees the upper-secondary
 * teachers' modules, not the preschool ones, and never a draft.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/cloud.ts';

const run = Date.now() % 100000;
const YEAR = 2031;
const window = { opensAt: `${YEAR}-04-01T00:00:00+07:00`, closesAt: `${YEAR}-06-30T23:59:00+07:00` };
const teachers = (levels: string[]) => ({ roles: ['teacher', 'group-leader'], levels, subjects: [] });

interface Module {
  moduleId: string;
  code: string;
  title: string;
  status: string;
  state: string;
  year: number;
  revision: number;
  prerequisites: { moduleId: string; code: string; title: string }[];
}
interface Problem {
  detail: string;
  errors?: { field: string; message: string }[];
}

const create = (body: Record<string, unknown>, as = 'admin', unit = 'SGD', vi = false) =>
  api<Module & Problem>(`/org-units/${unit}/course-modules`, {
    as,
    body: { programme: '03', periods: 10, ...window, audience: teachers(['04']), ...body },
    ...(vi ? { headers: { 'accept-language': 'vi-VN' } } : {}),
  });
const created = async (body: Record<string, unknown>) => {
  const res = await create(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};
const publish = (m: Pick<Module, 'moduleId' | 'revision'>) =>
  api<Module & Problem>(`/course-modules/${m.moduleId}/publish`, {
    as: 'admin',
    body: { expectedRevision: m.revision },
  });
const mine = async (as: string) => {
  const res = await api<{ items: Module[] }>(`/me/course-modules?year=${YEAR}&limit=100`, { as });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((m) => m.code);
};

describe('the BDTX catalogue', () => {
  let p01: Module;
  let chosen: Module;
  let preschool: Module;
  let draft: Module;

  beforeAll(async () => {
    p01 = await created({
      code: `01-${run}`,
      title: 'Chuyển đổi số trong giáo dục',
      programme: '01',
      periods: 40,
    });
    chosen = await created({
      code: `03-${run}`,
      title: 'Bồi dưỡng bình đẳng giới',
      prerequisites: [p01.moduleId],
    });
    preschool = await created({
      code: `MN-${run}`,
      title: 'GVMN 17: Bảo vệ môi trường',
      audience: teachers(['01']),
    });
    draft = await created({ code: `NHAP-${run}`, title: 'Bản nháp' });
  });

  it('keeps a code unique in its year, writing nothing on a refusal', async () => {
    const again = await create({ code: `03-${run}`, title: 'Trùng mã' });
    expect(again.status).toBe(409);
    const list = await api<{ items: Module[] }>(`/org-units/SGD/course-modules?year=${YEAR}&limit=100`, {
      as: 'admin',
    });
    expect(list.status).toBe(200);
    expect(list.body.items.filter((m) => m.code === `03-${run}`).map((m) => m.title)).toEqual([
      'Bồi dưỡng bình đẳng giới',
    ]);
    // The same code in another year is another module.
    const nextYear = await create({
      code: `03-${run}`,
      title: 'Năm sau',
      opensAt: `${YEAR + 1}-04-01T00:00:00+07:00`,
      closesAt: `${YEAR + 1}-06-30T00:00:00+07:00`,
    });
    expect(nextYear.status, JSON.stringify(nextYear.body)).toBe(201);
    expect(nextYear.body.year).toBe(YEAR + 1);
  });

  it('refuses a module outside the Department, by a teacher, closing before it opens, or after an unknown module', async () => {
    expect((await create({ code: `X-${run}`, title: 'x' }, 'principal1', 'THPT-TRANPHU')).status).toBe(403);
    expect((await create({ code: `X-${run}`, title: 'x' }, 'teacher1')).status).toBe(403);
    const atSchool = await create({ code: `X-${run}`, title: 'x' }, 'admin', 'THPT-TRANPHU');
    expect(atSchool.status).toBe(400);
    expect(atSchool.body.errors?.[0]?.field).toBe('orgUnitId');
    const reversed = await create(
      { code: `X-${run}`, title: 'x', opensAt: window.closesAt, closesAt: window.opensAt },
      'admin',
      'SGD',
      true,
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual([
      expect.objectContaining({ field: 'closesAt', message: 'Thời điểm đóng mô-đun phải sau thời điểm mở.' }),
    ]);
    const unknown = await create({
      code: `X-${run}`,
      title: 'x',
      prerequisites: ['ffffffff-ffff-4fff-bfff-ffffffffffff'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.field).toBe('prerequisites');
    // None of the refused ones was written.
    const list = await api<{ items: Module[] }>(`/org-units/SGD/course-modules?year=${YEAR}&limit=100`, {
      as: 'admin',
    });
    expect(list.body.items.some((m) => m.code === `X-${run}`)).toBe(false);
  });

  it('publishes a module only after its prerequisites, on the revision read', async () => {
    const early = await publish(chosen);
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain(p01.code);
    const first = await publish(p01);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ status: 'published', revision: 2 });
    expect((await publish(p01)).status).toBe(409); // stale revision
    const second = await publish(chosen);
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body.prerequisites).toEqual([{ moduleId: p01.moduleId, code: p01.code, title: p01.title }]);
    expect((await publish(preschool)).status).toBe(200);
  });

  it('shows each person the published modules meant for them', async () => {
    const teacher = await mine('teacher1');
    expect(teacher).toEqual(expect.arrayContaining([p01.code, chosen.code]));
    expect(teacher).not.toContain(preschool.code); // Trần Phú is upper secondary (04)
    expect(teacher).not.toContain(draft.code);
    // A librarian is not in these modules' audience.
    expect(await mine('librarian1')).not.toContain(p01.code);
    // A student has no professional development catalogue at all.
    expect((await api(`/me/course-modules?year=${YEAR}`, { as: 'student1' })).status).toBe(403);
  });

  it('lets everyone in education read a published module, and no one but the Department a draft', async () => {
    const published = await api<Module>(`/course-modules/${chosen.moduleId}`, { as: 'teacher2' });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ code: chosen.code, state: 'upcoming' });
    expect((await api(`/course-modules/${draft.moduleId}`, { as: 'teacher1' })).status).toBe(404);
    expect((await api(`/course-modules/${draft.moduleId}`, { as: 'admin' })).status).toBe(200);
  });

  it('changes a module on the revision read, and not into another year', async () => {
    const body = {
      title: 'Bản nháp đã sửa',
      programme: '03',
      periods: 15,
      ...window,
      audience: teachers(['03', '04']),
      prerequisites: [],
    };
    const changed = await api<Module>(`/course-modules/${draft.moduleId}`, {
      as: 'admin',
      method: 'PUT',
      body: { ...body, expectedRevision: 1 },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ title: 'Bản nháp đã sửa', revision: 2, code: draft.code });
    const stale = await api(`/course-modules/${draft.moduleId}`, {
      as: 'admin',
      method: 'PUT',
      body: { ...body, title: 'Ghi đè', expectedRevision: 1 },
    });
    expect(stale.status).toBe(409);
    const moved = await api<Problem>(`/course-modules/${draft.moduleId}`, {
      as: 'admin',
      method: 'PUT',
      body: {
        ...body,
        opensAt: `${YEAR + 2}-04-01T00:00:00+07:00`,
        closesAt: `${YEAR + 2}-05-01T00:00:00+07:00`,
        expectedRevision: 2,
      },
    });
    expect(moved.status).toBe(400);
    expect(moved.body.errors?.[0]?.field).toBe('opensAt');
    const self = await api<Problem>(`/course-modules/${draft.moduleId}`, {
      as: 'admin',
      method: 'PUT',
      body: { ...body, prerequisites: [draft.moduleId], expectedRevision: 2 },
    });
    expect(self.status).toBe(400);
    const kept = await api<Module>(`/course-modules/${draft.moduleId}`, { as: 'admin' });
    expect(kept.body).toMatchObject({ title: 'Bản nháp đã sửa', revision: 2 });
  });

  it('audits every change in the same transaction', async () => {
    const audit = await api<{ items: { action: string; targetId: string }[] }>(
      '/org-units/SGD/audit?limit=100',
      {
        as: 'admin',
      },
    );
    expect(audit.status).toBe(200);
    const of = (m: Module) =>
      audit.body.items
        .filter((e) => e.targetId === m.moduleId)
        .map((e) => e.action)
        .sort();
    expect(of(p01)).toEqual(['course-module.create', 'course-module.publish']);
    expect(of(draft)).toEqual(['course-module.create', 'course-module.update']);
  });
});
