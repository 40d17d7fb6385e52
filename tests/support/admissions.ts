/**
 * Admissions fixtures: a grade-10 campaign's rules, children the population database stand-in
 * knows (written through the local cloud's `PUT /_local/population`, with their guardians), grade-9 pupils of the education database, and calls made as a
 * citizen signed in with VNeID.
 */
import { expect } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { DEMO_CITIZENS } from '../../infra/local/demo-citizens.ts';
import { type ApiResponse, api, citizenTokenFor, cloud } from './cloud.ts';
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
