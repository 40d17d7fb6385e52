/**
 * Accounts linked to people of the education database (issue 18, item 1): a learner by their
 * verified personal ID (not under 14), a guardian by the personal ID recorded on the child or by
 * the school's single-use code, one guardian with children at two schools, the school's view and
 * unlink, a transfer keeps the link, and every link and unlink in the school's audit trail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { api } from '../support/cloud.ts';
import { approvedPerson } from '../support/people.ts';

const RUN = Date.now() % 100_000;
const id = (year: number, serial: number, gender: 'male' | 'female' = 'female') =>
  makePersonalId('031', year, gender, 700_000 + RUN * 7 + serial);
const GUARDIAN_ID = id(1985, 1, 'male');
const TEEN_ID = id(2010, 2);
const CHILD_ID = id(2016, 3);
const OTHER_ID = id(2012, 4);

interface Link {
  recordId: string;
  relation: string;
  via: string;
  fullName: string;
  schoolId: string;
  schoolName: string;
}

const learner = (personalId: string, fullName: string, dateOfBirth: string, grade: number) => ({
  personalId,
  fullName,
  gender: 'female',
  dateOfBirth,
  grade,
  guardians: [{ relation: 'father', fullName: 'Trần Văn Hùng', personalId: GUARDIAN_ID }],
});

async function account(accountId: string, fullName: string, personalId?: string) {
  const created = await api(`/org-units/SGD/accounts`, {
    as: 'admin',
    body: { accountId, fullName, ...(personalId ? { personalId } : {}) },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return accountId;
}

let teen: string;
let child: string;
let other: string;
let father: string;
let pupil: string;
let youngPupil: string;
let stranger: string;

beforeAll(async () => {
  teen = await approvedPerson('student', learner(TEEN_ID, 'Trần Thị Mai', '2010-04-12', 10));
  child = await approvedPerson(
    'student',
    learner(CHILD_ID, 'Trần Thị Lan', '2016-09-01', 4),
    'THCS-HONGBANG',
    { author: 'dataofficer1', approver: 'commune1.admin' },
  );
  other = await approvedPerson('student', {
    ...learner(OTHER_ID, 'Lê Thu Hà', '2012-01-20', 8),
    guardians: [],
  });
  father = await account(`father-${RUN}`, 'Trần Văn Hùng', GUARDIAN_ID);
  pupil = await account(`pupil-${RUN}`, 'Trần Thị Mai', TEEN_ID);
  youngPupil = await account(`young-${RUN}`, 'Trần Thị Lan', CHILD_ID);
  stranger = await account(`stranger-${RUN}`, 'Ngô Văn Tư');
}, 240_000);

describe('account links', () => {
  it('links a learner of 14 or more by their verified personal ID, with nothing typed', async () => {
    const linked = await api<Link>('/me/links', { as: pupil, body: { as: 'learner' } });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    expect(linked.body).toMatchObject({
      recordId: teen,
      relation: 'self',
      via: 'personal-id',
      fullName: 'Trần Thị Mai',
      schoolName: 'Trường THPT chuyên Trần Phú',
    });
    // Again: no error, the same link.
    const again = await api<Link>('/me/links', { as: pupil, body: { as: 'learner' } });
    expect(again.status).toBe(201);
    const mine = await api<{ items: Link[] }>('/me/links', { as: pupil });
    expect(mine.body.items.map((l) => l.recordId)).toEqual([teen]);
  });

  it('refuses a learner under 14: they act through a guardian', async () => {
    const refused = await api<{ detail: string }>('/me/links', { as: youngPupil, body: { as: 'learner' } });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('14');
  });

  it('links a guardian recorded on each child, at two schools', async () => {
    for (const childId of [TEEN_ID, CHILD_ID]) {
      const linked = await api<Link>('/me/links', {
        as: father,
        body: { as: 'guardian', childPersonalId: childId },
      });
      expect(linked.status, JSON.stringify(linked.body)).toBe(201);
      expect(linked.body).toMatchObject({ relation: 'guardian', via: 'guardian-record' });
    }
    const mine = await api<{ items: Link[] }>('/me/links', { as: father });
    expect(mine.body.items.map((l) => [l.fullName, l.schoolId]).sort()).toEqual(
      [
        ['Trần Thị Lan', 'THCS-HONGBANG'],
        ['Trần Thị Mai', 'THPT-TRANPHU'],
      ].sort(),
    );
  });

  it('shows a guardian their child’s official record — and nobody else’s', async () => {
    const seen = await api<{
      fullName: string;
      schoolId: string;
      schoolName: string;
      profile: { personalId: string };
    }>(`/learners/${child}`, { as: father });
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.body).toMatchObject({
      fullName: 'Trần Thị Lan',
      schoolId: 'THCS-HONGBANG',
      schoolName: expect.stringContaining('Trường'),
    });
    // Personal IDs are shown masked, the learner's and the guardians'.
    expect(seen.body.profile.personalId).toMatch(/^\*{8}\d{4}$/);
    const own = await api(`/learners/${teen}`, { as: pupil });
    expect(own.status).toBe(200);
    // Not linked: the same answer as a learner that does not exist; no role opens it either.
    for (const [as, recordId] of [
      [pupil, child],
      [father, other],
      ['principal1', teen],
    ] as const) {
      const refused = await api(`/learners/${recordId}`, { as });
      expect([403, 404]).toContain(refused.status);
    }
    expect((await api(`/learners/${other}`, { as: father })).status).toBe(
      (await api(`/learners/${crypto.randomUUID()}`, { as: father })).status,
    );
  });

  it('answers a child one is not recorded for exactly as a child who does not exist', async () => {
    const notRecorded = await api<{ detail: string }>('/me/links', {
      as: father,
      body: { as: 'guardian', childPersonalId: OTHER_ID },
    });
    const nobody = await api<{ detail: string }>('/me/links', {
      as: father,
      body: { as: 'guardian', childPersonalId: id(2013, 9) },
    });
    expect(notRecorded.status).toBe(404);
    expect(nobody.status).toBe(404);
    expect(notRecorded.body.detail).toBe(nobody.body.detail);
    // Without a verified personal ID, only the school's code links.
    const unverified = await api('/me/links', {
      as: stranger,
      body: { as: 'guardian', childPersonalId: OTHER_ID },
    });
    expect(unverified.status).toBe(409);
  });

  it('links with the school’s single-use code, once, and not with a mistyped one', async () => {
    const outsider = await api(`/records/${other}/link-codes`, { as: 'dataofficer1', method: 'POST' });
    expect(outsider.status).toBe(404);
    const issued = await api<{ code: string; expiresAt: string; fullName: string }>(
      `/records/${other}/link-codes`,
      {
        as: 'principal1',
        method: 'POST',
      },
    );
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    expect(issued.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(issued.body.fullName).toBe('Lê Thu Hà');

    const malformed = await api<{
      detail: string;
      errors: { field: string; code: string; message: string }[];
    }>('/me/links', { as: stranger, body: { as: 'guardian', code: 'ABC' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0]).toMatchObject({ field: 'code', code: 'identity.link-code-field' });
    expect(malformed.body.detail).toMatch(/^A link code is 12 letters and digits/);
    const inVietnamese = await api<{ detail: string; errors: { message: string }[] }>('/me/links', {
      as: stranger,
      body: { as: 'guardian', code: 'ABC' },
      headers: { 'accept-language': 'vi' },
    });
    expect(inVietnamese.body.detail).toMatch(/^Mã liên kết gồm 12 chữ và số/);
    expect(inVietnamese.body.errors[0]?.message).toBe('Mã liên kết gồm 12 chữ và số, như trên phiếu');

    // Typed in lower case with spaces: the same code.
    const typed = issued.body.code.toLowerCase().replaceAll('-', ' ');
    const linked = await api<Link>('/me/links', { as: stranger, body: { as: 'guardian', code: typed } });
    expect(linked.status, JSON.stringify(linked.body)).toBe(201);
    expect(linked.body).toMatchObject({ recordId: other, relation: 'guardian', via: 'link-code' });

    const reused = await api('/me/links', { as: father, body: { as: 'guardian', code: issued.body.code } });
    expect(reused.status).toBe(404);
  });

  it('shows the school who is linked, lets it unlink, and audits each step', async () => {
    const outsider = await api(`/records/${teen}/links`, { as: 'dataofficer1' });
    expect(outsider.status).toBe(404);
    const linked = await api<{ items: { accountId: string; fullName: string; relation: string }[] }>(
      `/records/${teen}/links`,
      { as: 'principal1' },
    );
    expect(linked.status).toBe(200);
    expect(linked.body.items.map((l) => [l.accountId, l.relation]).sort()).toEqual(
      [
        [father, 'guardian'],
        [pupil, 'self'],
      ].sort(),
    );
    expect(linked.body.items.find((l) => l.accountId === father)?.fullName).toBe('Trần Văn Hùng');

    const unlinked = await api(`/records/${teen}/links/${father}`, { as: 'principal1', method: 'DELETE' });
    expect(unlinked.status).toBe(204);
    const left = await api<{ items: Link[] }>('/me/links', { as: father });
    expect(left.body.items.map((l) => l.recordId)).toEqual([child]);

    const audit = await api<{ items: { action: string; targetId: string }[] }>(
      '/org-units/P-NGOQUYEN/audit?limit=100',
      { as: 'commune2.admin' },
    );
    const actions = audit.body.items.filter((e) => e.targetId === teen).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['account.link', 'account.unlink-by-school']));
  });

  it('keeps a transferred learner’s links: they follow the record to the new school', async () => {
    const moved = await api(`/records/${other}/transfer`, {
      as: 'principal1',
      body: {
        toSchoolId: 'THCS-HONGBANG',
        expectedVersion: 3,
        on: '2026-11-20',
        reason: 'Chuyển nơi cư trú',
      },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const mine = await api<{ items: Link[] }>('/me/links', { as: stranger });
    expect(mine.body.items).toEqual([
      expect.objectContaining({ recordId: other, schoolId: 'THCS-HONGBANG' }),
    ]);
  });

  it('lets a person end their own link', async () => {
    const ended = await api(`/me/links/${teen}`, { as: pupil, method: 'DELETE' });
    expect(ended.status).toBe(204);
    expect((await api<{ items: Link[] }>('/me/links', { as: pupil })).body.items).toEqual([]);
    expect((await api(`/me/links/${teen}`, { as: pupil, method: 'DELETE' })).status).toBe(404);
  });
});
