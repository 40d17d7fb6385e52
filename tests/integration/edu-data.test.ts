/**
 * The education database through the API: a school enters and submits, the commune approves or
 * returns; only approved data reaches the change feed and the official figures; keys are unique
 * city-wide; searches ignore diacritics and stay within the caller's scope.
 */
import { describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { api, cloud, until } from '../support/cloud.ts';

interface Rec {
  recordId: string;
  status: string;
  version: number;
  event: string;
  name: string;
  data: Record<string, unknown>;
  approved?: { data: Record<string, unknown>; version: number };
  returnReason?: string;
}
interface Batch {
  results: { recordId: string; ok: boolean; record?: Rec; problem?: { status: number; detail?: string } }[];
}

const SCHOOL = 'THPT-TRANPHU';
const serial = () => Math.floor(Math.random() * 900_000) + 100_000;

function learner(overrides: Record<string, unknown> = {}) {
  return {
    personalId: makePersonalId('031', 2010, 'female', serial()),
    fullName: 'Nguyễn Thị Ánh Dương',
    gender: 'female',
    dateOfBirth: '2010-03-14',
    grade: 10,
    address: '12 Lạch Tray, phường Ngô Quyền',
    policyGroups: ['lunch-support'],
    ...overrides,
  };
}

async function create(data: Record<string, unknown>, kind = 'student', as = 'principal1') {
  return api<Rec>(`/org-units/${SCHOOL}/records/${kind}`, { as, body: { data } });
}

describe('education database', () => {
  it('takes a learner from draft to approved, with every version kept', async () => {
    const data = learner({
      fullName: 'Trần Đức Khải Nguyên',
      gender: 'male',
      personalId: makePersonalId('031', 2010, 'male', serial()),
    });
    const created = await create(data);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      version: 1,
      event: 'new',
      name: 'Trần Đức Khải Nguyên',
    });
    const id = created.body.recordId;

    const submitted = await api<Batch>('/records/submissions', {
      as: 'principal1',
      body: { records: [{ recordId: id, expectedVersion: 1 }] },
    });
    expect(submitted.body.results[0]).toMatchObject({
      ok: true,
      record: { status: 'submitted', version: 2 },
    });

    // Editing while it waits is refused; the commune sees it in its queue.
    const edit = await api(`/records/${id}`, {
      as: 'principal1',
      method: 'PUT',
      body: { expectedVersion: 2, data },
    });
    expect(edit.status).toBe(409);
    const queue = await api<{ items: { recordId: string }[] }>(
      '/org-units/P-NGOQUYEN/approval-queue?limit=100',
      {
        as: 'commune2.admin',
      },
    );
    expect(queue.body.items.map((i) => i.recordId)).toContain(id);

    // Another commune may not decide on it; the whole batch is refused.
    const outsider = await api('/records/decisions', {
      as: 'commune1.officer',
      body: { decision: 'approve', records: [{ recordId: id, expectedVersion: 2 }] },
    });
    expect(outsider.status).toBe(403);

    const approved = await api<Batch>('/records/decisions', {
      as: 'commune2.admin',
      body: { decision: 'approve', records: [{ recordId: id, expectedVersion: 2 }] },
    });
    expect(approved.body.results[0]).toMatchObject({ ok: true, record: { status: 'approved', version: 3 } });

    // A later edit is a draft on top; the approved copy stays as it was.
    const changed = await api<Rec>(`/records/${id}`, {
      as: 'principal1',
      method: 'PUT',
      body: { expectedVersion: 3, data: { ...data, address: '5 Điện Biên Phủ' } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ status: 'draft', event: 'update', version: 4 });
    expect(changed.body.approved?.data.address).toBe(data.address);

    const stale = await api(`/records/${id}`, {
      as: 'principal1',
      method: 'PUT',
      body: { expectedVersion: 3, data },
    });
    expect(stale.status).toBe(409);

    const versions = await api<{ items: { version: number; action: string; byName: string }[] }>(
      `/records/${id}/versions`,
      { as: 'principal1' },
    );
    expect(versions.body.items.map((v) => v.action)).toEqual(['update', 'approve', 'submit', 'create']);
    // Who made the edit, by name (the demo principal).
    expect(versions.body.items[0]?.byName).toBe('Hoàng Văn Thắng');
  });

  it('returns a record with a reason, and the school can fix and resubmit it', async () => {
    const created = await create(learner());
    const id = created.body.recordId;
    await api('/records/submissions', {
      as: 'principal1',
      body: { records: [{ recordId: id, expectedVersion: 1 }] },
    });
    const noReason = await api('/records/decisions', {
      as: 'commune2.admin',
      body: { decision: 'return', records: [{ recordId: id, expectedVersion: 2 }] },
    });
    expect(noReason.status).toBe(400);
    const returned = await api<Batch>('/records/decisions', {
      as: 'commune2.admin',
      body: {
        decision: 'return',
        reason: 'Thiếu thông tin nơi sinh',
        records: [{ recordId: id, expectedVersion: 2 }],
      },
    });
    expect(returned.body.results[0]!.record).toMatchObject({
      status: 'returned',
      returnReason: 'Thiếu thông tin nơi sinh',
    });
    const fixed = await api<Rec>(`/records/${id}`, {
      as: 'principal1',
      method: 'PUT',
      body: { expectedVersion: 3, data: { ...created.body.data, placeOfBirth: 'Hải Phòng' } },
    });
    expect(fixed.body).toMatchObject({ status: 'draft', event: 'new' });
    expect(fixed.body.returnReason).toBeUndefined();
  });

  it('keeps personal ID codes unique city-wide and checks them against the learner', async () => {
    const data = learner();
    expect((await create(data)).status).toBe(201);
    const again = await create({ ...data, fullName: 'Người Khác' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      detail: 'A learner record with this key already exists.',
      errors: [{ field: 'data.personalId', code: 'edu-data.key-taken' }],
    });

    // Digit 4 says male born in the 2000s; the learner is a girl.
    const wrongId = makePersonalId('031', 2010, 'male', serial());
    const wrong = await create(learner({ personalId: wrongId }));
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({
      detail: 'The learner data has invalid values.',
      errors: [
        {
          field: 'data.personalId',
          code: 'edu-data.personal-id-century-gender',
          message: 'Digit 4 does not match the gender and century of birth',
        },
      ],
    });
    const inVietnamese = await api<{ detail: string; errors: { field: string; message: string }[] }>(
      `/org-units/${SCHOOL}/records/student`,
      {
        as: 'principal1',
        body: { data: learner({ personalId: wrongId, grade: 'bảy' }) },
        headers: { 'accept-language': 'vi' },
      },
    );
    expect(inVietnamese.body.detail).toMatch(/^Dữ liệu học sinh có giá trị không hợp lệ/);
    const byField = Object.fromEntries(inVietnamese.body.errors.map((e) => [e.field, e.message]));
    // zod's own check in our Vietnamese (shared/http/zod-vi.ts); the record's rule from the catalogue.
    expect(byField['data.grade']).toBe('Cần một số');
    const badProvince = await create(
      learner({ personalId: `999${makePersonalId('031', 2010, 'female', 1).slice(3)}` }),
    );
    expect(badProvince.status).toBe(400);
  });

  it('finds learners with or without diacritics, by ID code, only within scope', async () => {
    const data = learner({ fullName: 'Vũ Hoàng Yến Nhi' });
    const created = await create(data);
    expect(created.status).toBe(201);
    const search = (unit: string, q: string, as: string) =>
      api<{ items: Rec[] }>(`/org-units/${unit}/records/student/search`, { as, body: { q } });
    for (const q of ['vu hoang yen', 'Vũ Hoàng Yến', 'VU HOANG']) {
      const found = await search(SCHOOL, q, 'principal1');
      expect(
        found.body.items.map((r) => r.recordId),
        q,
      ).toContain(created.body.recordId);
    }
    const inCommune = await search('P-NGOQUYEN', 'vu hoang', 'commune2.admin');
    expect(inCommune.body.items.map((r) => r.recordId)).toContain(created.body.recordId);
    const cityWide = await search('SGD', 'vu hoang yen', 'leader1');
    expect(cityWide.body.items.map((r) => r.recordId)).toContain(created.body.recordId);
    const byId = await search('P-NGOQUYEN', data.personalId, 'commune2.admin');
    expect(byId.body.items).toHaveLength(1);
    // Another commune's officer neither lists nor finds it: not even that it exists.
    expect((await search('P-NGOQUYEN', 'vu', 'commune1.officer')).status).toBe(403);
    const elsewhere = await search('P-HONGBANG', data.personalId, 'commune1.officer');
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.items).toEqual([]);
  });

  it('sends approved changes to the feed and to the official figures, not drafts', async () => {
    const before = await api<{ figures: { learners: number } }>(`/org-units/${SCHOOL}/statistics`, {
      as: 'principal1',
    });
    const since = new Date(Date.now() - 1000).toISOString();
    const draft = await create(learner());
    const counted = await create(learner({ grade: 11 }));
    for (const r of [counted]) {
      await api('/records/submissions', {
        as: 'principal1',
        body: { records: [{ recordId: r.body.recordId, expectedVersion: 1 }] },
      });
      await api('/records/decisions', {
        as: 'commune2.admin',
        body: { decision: 'approve', records: [{ recordId: r.body.recordId, expectedVersion: 2 }] },
      });
    }
    const feed = await until(async () => {
      const res = await api<{ items: { recordId: string; event: string; version: number }[] }>(
        `/edu-data/changes?since=${encodeURIComponent(since)}&limit=500`,
        { as: 'admin' },
      );
      return res.body.items.some((c) => c.recordId === counted.body.recordId) ? res.body : undefined;
    });
    expect(feed.items.find((c) => c.recordId === counted.body.recordId)).toMatchObject({
      event: 'new',
      version: 3,
    });
    expect(feed.items.some((c) => c.recordId === draft.body.recordId)).toBe(false);
    expect((await api('/edu-data/changes?since=2026-01-01T00:00:00Z', { as: 'commune2.admin' })).status).toBe(
      403,
    );

    const after = await until(async () => {
      const res = await api<{ figures: { learners: number; learnersByGrade: Record<string, number> } }>(
        `/org-units/${SCHOOL}/statistics`,
        { as: 'principal1' },
      );
      return res.body.figures.learners > before.body.figures.learners ? res.body : undefined;
    });
    expect(after.figures.learnersByGrade['11']).toBeGreaterThanOrEqual(1);
  });
});

describe('transfers', () => {
  it('moves a learner with their whole history; the receiving commune approves', async () => {
    const created = await create(learner({ fullName: 'Hoàng Minh Châu' }));
    const id = created.body.recordId;
    await api('/records/submissions', {
      as: 'principal1',
      body: { records: [{ recordId: id, expectedVersion: 1 }] },
    });
    await api('/records/decisions', {
      as: 'commune2.admin',
      body: { decision: 'approve', records: [{ recordId: id, expectedVersion: 2 }] },
    });
    const moved = await api<Rec & { statusHistory: { status: string; schoolId: string }[] }>(
      `/records/${id}/transfer`,
      {
        as: 'principal1',
        body: {
          expectedVersion: 3,
          toSchoolId: 'THCS-LECHAN',
          on: '2026-11-20',
          reason: 'Gia đình chuyển nhà',
        },
      },
    );
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ status: 'submitted', schoolId: 'THCS-LECHAN' });
    expect(moved.body.statusHistory.map((h) => [h.status, h.schoolId])).toEqual([
      ['enrolled', SCHOOL],
      ['transferred', SCHOOL],
      ['enrolled', 'THCS-LECHAN'],
    ]);
    // The sending school no longer sees the learner; the receiving commune has it in its queue.
    expect((await api(`/records/${id}`, { as: 'principal1' })).status).toBe(403);
    const queue = await api<{ items: { recordId: string }[] }>(
      '/org-units/P-LECHAN/approval-queue?limit=100',
      {
        as: 'admin',
      },
    );
    expect(queue.body.items.map((i) => i.recordId)).toContain(id);
    const versions = await api<{ items: { action: string }[] }>(`/records/${id}/versions`, { as: 'admin' });
    expect(versions.body.items.map((v) => v.action)).toEqual(['transfer', 'approve', 'submit', 'create']);
  });
});

describe('nightly statistics refresh', () => {
  it('asks for every school of the city to be recomputed', async () => {
    const res = await fetch(`${cloud().apiUrl}/_local/fire/edu-data-refresh-all-statistics`, {
      method: 'POST',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { schools: number } };
    expect(body.result.schools).toBeGreaterThan(300);
  });

  it('audits each staff read of a learner’s record (Decree 13/2023)', async () => {
    const created = await create(learner({ fullName: 'Đặng Thị Hồng Nhung', gender: 'female' }));
    expect(created.status).toBe(201);
    const id = created.body.recordId;
    expect((await api(`/records/${id}`, { as: 'principal1' })).status).toBe(200);
    const audit = await api<{ items: { action: string; targetId: string; actorId: string }[] }>(
      '/org-units/P-NGOQUYEN/audit?limit=100',
      { as: 'commune2.admin' },
    );
    const reads = audit.body.items.filter((e) => e.targetId === id && e.action === 'learner.record-read');
    expect(reads).toHaveLength(1);
    expect(reads[0]!.actorId).toBe('principal1');
  });
});
