/**
 * Grade-1 registration by catchment: the commune gives each of its primary schools residential
 * areas and places; a guardian at VNeID level 2 registers a six-year-old, who goes to the school of
 * the area the population database has them living in; the wrong age and an area no school takes
 * are refused on the field; the school verifies; the commune sees applications against places.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import {
  asCitizen,
  type Child,
  GUARDIAN,
  openWindow,
  residentChild,
  spareSchoolYear,
} from '../support/admissions.ts';
import { api } from '../support/cloud.ts';

const run = Date.now() % 100_000;
const vi = { 'accept-language': 'vi-VN' };
const schoolYear = spareSchoolYear(5);
const entryYear = Number(schoolYear.slice(0, 4));
const leader = `hieutruong.thnq${run}`;

interface Application {
  applicationId: string;
  state: string;
  version: number;
  schoolId: string;
  schoolName: string;
  child: { fullName: string };
}
interface Catchment {
  version: number;
  schools: { schoolId: string; schoolName: string; places: number; areas: string[]; applications: number }[];
}

const child = (serial: number, fullName: string, born = entryYear - 6): Child => ({
  personalId: makePersonalId('031', born, 'male', serial),
  fullName,
  dateOfBirth: `${born}-03-08`,
  gender: 'male',
});
const livingIn = (area: string) => ({ communeId: 'P-NGOQUYEN', area, address: `${area}, phường Ngô Quyền` });

describe('grade-1 registration by catchment', () => {
  let campaignId: string;
  let draftVersion: number;

  beforeAll(async () => {
    expect((await asCitizen(GUARDIAN.sub, '/me')).status).toBe(200);
    const created = await api<{ campaignId: string; version: number }>('/admission-campaigns', {
      as: 'admin',
      body: {
        schoolYear,
        grade: 1,
        name: `Tuyển sinh vào lớp 1 năm học ${schoolYear}`,
        timetable: openWindow(),
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    campaignId = created.body.campaignId;
    draftVersion = created.body.version;
    // The primary school's head, who verifies its registrations.
    expect(
      (
        await api('/org-units/TH-NGOQUYEN/accounts', {
          as: 'admin',
          body: { accountId: leader, fullName: 'Đoàn Thị Lan', email: `${leader}@thngoquyen.example.vn` },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api('/org-units/TH-NGOQUYEN/role-assignments', {
          as: 'admin',
          body: { accountId: leader, role: 'school-leader' },
        })
      ).status,
    ).toBe(201);
  }, 60_000);

  it('is set by the commune before the campaign opens: its own primary schools, each area to one school', async () => {
    const path = `/admission-campaigns/${campaignId}/catchments/P-NGOQUYEN`;
    // Another commune's officers may not set it.
    const outsider = await api(path, {
      as: 'commune1.admin',
      method: 'PUT',
      body: { expectedVersion: 0, schools: [{ schoolId: 'TH-NGOQUYEN', places: 2, areas: ['*'] }] },
    });
    expect(outsider.status).toBe(403);
    // A lower-secondary school takes no grade-1 pupils.
    const wrongLevel = await api<{ errors: { field: string }[] }>(path, {
      as: 'commune2.admin',
      method: 'PUT',
      headers: vi,
      body: { expectedVersion: 0, schools: [{ schoolId: 'THCS-NGOQUYEN', places: 2, areas: ['*'] }] },
    });
    expect(wrongLevel.status).toBe(400);
    expect(wrongLevel.body.errors[0]!.field).toBe('schools.0.schoolId');
    const set = await api<Catchment>(path, {
      as: 'commune2.admin',
      method: 'PUT',
      body: {
        expectedVersion: 0,
        schools: [{ schoolId: 'TH-NGOQUYEN', places: 2, areas: ['Tổ dân phố số 1', 'Tổ dân phố số 2'] }],
      },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.schools[0]).toMatchObject({ schoolName: 'Trường Tiểu học Ngô Quyền', places: 2 });
    // A catchment set, the Department opens the campaign.
    const opened = await api(`/admission-campaigns/${campaignId}/opening`, {
      as: 'admin',
      body: { expectedVersion: draftVersion },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
  });

  it('registers a six-year-old at the school of their residential area, and only them', async () => {
    const apply = (c: Child) =>
      asCitizen<Application & { errors?: { field: string; message: string }[] }>(
        GUARDIAN.sub,
        '/me/admission-applications',
        { headers: vi, body: { campaignId, childPersonalId: c.personalId, phone: '0912345678' } },
      );
    const minh = child(610_000 + run, 'Trịnh Văn Minh');
    await residentChild(minh, livingIn('Tổ dân phố số 2'), [GUARDIAN.personalId]);
    const made = await apply(minh);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({
      state: 'submitted',
      schoolId: 'TH-NGOQUYEN',
      schoolName: 'Trường Tiểu học Ngô Quyền',
      child: { fullName: 'Trịnh Văn Minh' },
    });
    // Seven this year: grade 1 was last year.
    const older = child(620_000 + run, 'Trịnh Văn Lớn', entryYear - 7);
    await residentChild(older, livingIn('Tổ dân phố số 1'), [GUARDIAN.personalId]);
    const tooOld = await apply(older);
    expect(tooOld.status).toBe(400);
    expect(tooOld.body.errors![0]).toMatchObject({
      field: 'childPersonalId',
      message: `Trẻ sinh năm ${entryYear - 7} vào lớp 1 năm ${entryYear - 1}.`,
    });
    // An area the commune gave no school: the family is told whom to ask.
    const elsewhere = child(630_000 + run, 'Trịnh Văn Xa');
    await residentChild(elsewhere, livingIn('Tổ dân phố số 9'), [GUARDIAN.personalId]);
    const unassigned = await apply(elsewhere);
    expect(unassigned.status).toBe(400);
    expect(unassigned.body.errors![0]!.message).toContain('chưa phân tuyến khu dân cư “Tổ dân phố số 9”');

    // The school sees it and verifies; the commune sees applications against places.
    const listed = await api<{ items: { applicationId: string; childName: string; version: number }[] }>(
      `/org-units/TH-NGOQUYEN/admission-applications?campaignId=${campaignId}`,
      { as: leader },
    );
    expect(listed.status).toBe(200);
    const mine = listed.body.items.find((a) => a.applicationId === made.body.applicationId)!;
    expect(mine.childName).toBe('Trịnh Văn Minh');
    const verified = await api<Application>(`/admission-applications/${mine.applicationId}/verification`, {
      as: leader,
      body: { decision: 'verify', expectedVersion: mine.version },
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body.state).toBe('verified');
    // Another school's head cannot see it, and it looks like none.
    expect((await api(`/admission-applications/${mine.applicationId}`, { as: 'principal1' })).status).toBe(
      404,
    );

    const second = child(640_000 + run, 'Trịnh Thị Hai');
    await residentChild(second, livingIn('Tổ dân phố số 1'), [GUARDIAN.personalId]);
    expect((await apply(second)).status).toBe(201);
    const third = child(650_000 + run, 'Trịnh Thị Ba');
    await residentChild(third, livingIn('Tổ dân phố số 1'), [GUARDIAN.personalId]);
    const thirdMade = await apply(third);
    expect(thirdMade.status).toBe(201);
    // Withdrawn, it no longer counts.
    const withdrawn = await asCitizen(
      GUARDIAN.sub,
      `/me/admission-applications/${thirdMade.body.applicationId}/withdrawal`,
      { body: { expectedVersion: thirdMade.body.version } },
    );
    expect(withdrawn.status).toBe(200);
    const catchment = await api<Catchment>(`/admission-campaigns/${campaignId}/catchments/P-NGOQUYEN`);
    expect(catchment.body.schools[0]).toMatchObject({ places: 2, applications: 2 });
  });
});
