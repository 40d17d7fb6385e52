/**
 * Admissions fixtures: a grade-10 campaign's rules, children the population database stand-in
 * knows (written through the local cloud's `PUT /_local/population`, with their guardians), grade-9 pupils of the education database, and calls made as a
 * citizen signed in with VNeID.
 */
import { expect } from 'vitest';
import { admissionEntities } from '../../functions/admissions/entities.ts';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { DEMO_CITIZENS } from '../../infra/local/demo-citizens.ts';
import { resetConfig } from '../../shared/config.ts';
import { type ApiResponse, api, citizenTokenFor, cloud, until, useCloudEnvironment } from './cloud.ts';
import { approvedPerson } from './people.ts';

/** Trịnh Văn Nam: a parent signed in with VNeID at level 2; Đỗ Thị Hồng Nhung: at level 1. */
export const GUARDIAN = DEMO_CITIZENS.find((c) => c.identityLevel === 2 && c.note.startsWith('Phụ huynh'))!;
export const LEVEL_1_GUARDIAN = DEMO_CITIZENS.find((c) => c.identityLevel === 1)!;

export const GRADE10_RULES = {
  subjects: [
    { code: 'MATH', name: 'Toán' },
    { code: 'LIT', name: 'Ngữ văn' },
    { code: 'ENG', name: 'Tiếng Anh' },
  ],
  priorityGroups: [
    { code: 'UT1', name: 'Con liệt sĩ, con thương binh mất sức lao động từ 81% trở lên', points: 200 },
    { code: 'UT2', name: 'Con thương binh mất sức lao động dưới 81%', points: 150 },
    { code: 'UT3', name: 'Người dân tộc thiểu số', points: 100 },
  ],
  disqualifyAtOrBelow: 100,
  preferences: [
    { area: 'own', penalty: 0 },
    { area: 'own', penalty: 100 },
    { area: 'any', penalty: 200 },
  ],
  tieRule: 'admit-all',
  secondary: ['priority', 'MATH', 'LIT'],
  areas: [
    {
      code: 'KV1',
      name: 'Khu vực 1 (Hồng Bàng, Ngô Quyền, Lê Chân)',
      communeIds: ['P-HONGBANG', 'P-NGOQUYEN', 'P-LECHAN'],
    },
    {
      code: 'KV2',
      name: 'Khu vực 2 (Thuỷ Nguyên, Thiên Hương, Hoà Bình)',
      communeIds: ['P-THUYNGUYEN', 'P-THIENHUONG', 'P-HOABINH'],
    },
  ],
  specialisedWeight: 2,
} as const;

/** An application window around now (the minute it is opened in), or one that closed a minute ago. */
export const openWindow = (now = Date.now()) => ({
  applyFrom: new Date(now - 60 * 60_000).toISOString(),
  applyUntil: new Date(now + 60 * 60_000).toISOString(),
});
export const closedWindow = (now = Date.now()) => ({
  applyFrom: new Date(now - 60 * 60_000).toISOString(),
  applyUntil: new Date(now - 1_000).toISOString(),
});

/**
 * A school year no other test uses: far ahead, one per salt. The test cloud's data is in memory,
 * fresh each run, so a salt used at one call site only is a campaign year nobody else takes.
 */
export const spareSchoolYear = (salt: number) => `${2200 + salt * 2}-${2201 + salt * 2}`;

/** Calls the API as a demo citizen signed in with VNeID. */
export async function asCitizen<T = Record<string, unknown>>(
  sub: string,
  path: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  return api<T>(path, {
    ...options,
    headers: { authorization: `Bearer ${await citizenTokenFor(sub)}`, ...options.headers },
  });
}

export interface Child {
  personalId: string;
  fullName: string;
  dateOfBirth: string;
  gender: 'male' | 'female';
}

/** A child as the national population database's stand-in answers for them: residence and guardians. */
export async function residentChild(
  child: Child,
  residence: { communeId: string; area: string; address: string },
  guardianPersonalIds: string[],
) {
  const stood = await fetch(`${cloud().apiUrl}/_local/population`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...child,
      residence: { ...residence, kind: 'permanent' },
      guardians: guardianPersonalIds.map((personalId, i) => ({
        personalId,
        relation: i === 0 ? 'father' : 'mother',
      })),
    }),
  });
  expect(stood.status).toBe(200);
}

/** A grade-9 pupil of a lower-secondary school, approved in the education database and known to the population database. */
export async function gradeNinePupil(
  serial: number,
  fullName: string,
  options: {
    school?: string;
    communeId?: string;
    guardians?: string[];
    people?: { author: string; approver: string };
    birthYear?: number;
  } = {},
): Promise<Child & { recordId: string }> {
  const birthYear = options.birthYear ?? new Date().getFullYear() - 15;
  const child: Child = {
    personalId: makePersonalId('031', birthYear, 'female', serial),
    fullName,
    dateOfBirth: `${birthYear}-04-12`,
    gender: 'female',
  };
  const recordId = await approvedPerson(
    'student',
    { ...child, grade: 9, guardians: [] },
    options.school ?? 'THCS-NGOQUYEN',
    options.people ?? { author: 'principal2', approver: 'commune2.admin' },
  );
  await residentChild(
    child,
    {
      communeId: options.communeId ?? 'P-NGOQUYEN',
      area: 'Tổ dân phố số 3',
      address: `Số ${serial % 200} Lạch Tray`,
    },
    options.guardians ?? [GUARDIAN.personalId],
  );
  return { ...child, recordId };
}

/** A grade-10 campaign with programmes, opened: what a family applies to. */
export async function openGrade10Campaign(
  schoolYear: string,
  programmes: {
    schoolId: string;
    kind?: string;
    paper?: string;
    paperName?: string;
    area: string;
    quota: number;
  }[],
  as = 'admin',
) {
  const created = await api<{ campaignId: string; version: number }>('/admission-campaigns', {
    as,
    body: {
      schoolYear,
      grade: 10,
      name: `Tuyển sinh lớp 10 năm học ${schoolYear}`,
      timetable: openWindow(),
      rules: GRADE10_RULES,
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const ids: string[] = [];
  for (const p of programmes) {
    const put = await api<{ programmeId: string }>(
      `/admission-campaigns/${created.body.campaignId}/programmes`,
      {
        as,
        method: 'PUT',
        body: { kind: 'regular', ...p },
      },
    );
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    ids.push(put.body.programmeId);
  }
  const opened = await api<{ version: number }>(`/admission-campaigns/${created.body.campaignId}/opening`, {
    as,
    body: { expectedVersion: created.body.version },
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(200);
  return { campaignId: created.body.campaignId, version: opened.body.version, programmeIds: ids };
}

/** Starts an allocation run of a campaign (`{ round: 2 }` for the second) and waits for it to be done. */
export async function runAllocation(campaignId: string, body: Record<string, unknown> = {}): Promise<string> {
  const started = await api<{ runId: string }>(`/admission-campaigns/${campaignId}/allocation-runs`, {
    as: 'admin',
    body,
  });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await until(async () => {
    const r = await api<{ state: string }>(`/admission-allocation-runs/${started.body.runId}`, {
      as: 'admin',
    });
    return r.body.state === 'done' ? true : undefined;
  }, 30_000);
  return started.body.runId;
}

/**
 * A grade-10 campaign taken through its first round to publication: each pupil applied for
 * (their preferences) and verified, the window closed, their papers entered, a run adopted, the
 * publication asked for, prepared and released at its minute (the release worker fired with
 * that minute as its time). Answers the campaign and each pupil's application id.
 */
export async function publishedGrade10Campaign(
  schoolYear: string,
  programmes: { schoolId: string; area: string; quota: number }[],
  pupils: { child: Child; choose: (programmeIds: string[]) => string[]; papers: Record<string, number> }[],
) {
  const made = await openGrade10Campaign(schoolYear, programmes);
  const campaignId = made.campaignId;
  const applicationIds: string[] = [];
  for (const p of pupils) {
    const applied = await asCitizen<{ applicationId: string; version: number }>(
      GUARDIAN.sub,
      '/me/admission-applications',
      { body: { campaignId, childPersonalId: p.child.personalId, preferences: p.choose(made.programmeIds) } },
    );
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const verified = await api(`/admission-applications/${applied.body.applicationId}/verification`, {
      as: 'principal2',
      body: { decision: 'verify', expectedVersion: applied.body.version },
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    applicationIds.push(applied.body.applicationId);
  }
  const campaign = async () =>
    (await api<{ version: number; name: string }>(`/admission-campaigns/${campaignId}`)).body;
  const publishAt = new Date(Math.ceil((Date.now() + 11 * 60_000) / 60_000) * 60_000).toISOString();
  const c = await campaign();
  const timed = await api(`/admission-campaigns/${campaignId}`, {
    as: 'admin',
    method: 'PUT',
    body: {
      expectedVersion: c.version,
      name: c.name,
      timetable: {
        ...closedWindow(),
        publishAt,
        confirmUntil: new Date(Date.parse(publishAt) + 86_400_000).toISOString(),
      },
    },
  });
  expect(timed.status, JSON.stringify(timed.body)).toBe(200);
  const scored = await api(`/admission-campaigns/${campaignId}/scores`, {
    as: 'admin',
    body: { scores: pupils.map((p, i) => ({ applicationId: applicationIds[i], papers: p.papers })) },
  });
  expect(scored.status, JSON.stringify(scored.body)).toBe(200);
  const runId = await runAllocation(campaignId);
  const adopted = await api(`/admission-allocation-runs/${runId}/adoption`, {
    as: 'admin',
    body: { expectedVersion: (await campaign()).version },
  });
  expect(adopted.status, JSON.stringify(adopted.body)).toBe(200);
  const scheduled = await api(`/admission-campaigns/${campaignId}/publication`, {
    as: 'admin',
    body: { expectedVersion: (await campaign()).version },
  });
  expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(202);
  await until(async () => {
    const r = await api<{ state: string }>(`/admission-campaigns/${campaignId}/publication`, { as: 'admin' });
    return r.body.state === 'ready' ? true : undefined;
  }, 30_000);
  const fired = await fetch(
    `${cloud().apiUrl}/_local/fire/admissions-release-admission-results?time=${encodeURIComponent(publishAt)}`,
    { method: 'POST' },
  );
  expect(fired.status).toBe(200);
  await until(async () => {
    const r = await api<{ state: string }>(`/admission-campaigns/${campaignId}`);
    return r.body.state === 'published' ? true : undefined;
  }, 30_000);
  return { campaignId, programmeIds: made.programmeIds, applicationIds };
}

/**
 * Moves a published campaign's confirmation deadline (or its second round's window end) into the
 * past on the table itself: the deadline is at least ten minutes after a publication asked for
 * now, and the API rightly refuses to change a published timetable — a test of what follows
 * arranges it so, without waiting on the clock.
 */
export async function moveIntoPast(campaignId: string, which: 'confirmUntil' | 'secondRound.applyUntil') {
  useCloudEnvironment();
  resetConfig();
  const { data } = await admissionEntities().admissionCampaign.get({ campaignId }).go();
  const past = new Date(Date.now() - 1_000).toISOString();
  await admissionEntities()
    .admissionCampaign.patch({ campaignId })
    .set(
      which === 'confirmUntil'
        ? { timetable: { ...(data!.timetable as object), confirmUntil: past } }
        : { secondRound: { ...(data!.secondRound as object), applyUntil: past } },
    )
    .go();
}

export const passConfirmationDeadline = (campaignId: string) => moveIntoPast(campaignId, 'confirmUntil');
