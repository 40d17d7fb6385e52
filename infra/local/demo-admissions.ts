/**
 * The admissions demo of `npm start`: next school year's grade-10 campaign, open now for two weeks
 * (in a real year it opens in spring), with a regular programme at every upper-secondary school of
 * the city in 12 admission areas and a specialised maths class at Trần Phú; next year's grade-1
 * campaign, taking applications after it on days of its own, with Ngô Quyền's catchment. The
 * population database's stand-in knows Trịnh Văn Nam (VNeID level 2) as the father of a grade-9
 * pupil of Ngô Quyền's lower-secondary school and of a six-year-old of Ngô Quyền, so a guardian
 * can apply for both. Safe to run on every start: what exists is left as it is.
 */
import { randomUUID } from 'node:crypto';
import { makeAdmissionEntities } from '../../functions/admissions/entities.ts';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import { officialData } from '../../functions/edu-data/domain/workflow.ts';
import type { EduEntities } from '../../functions/edu-data/entities.ts';
import type { TableDeps } from '../../shared/db/client.ts';
import { isConditionFailure } from '../../shared/db/errors.ts';
import { DEMO_CITIZENS } from './demo-citizens.ts';
import { DEMO_ORG_UNITS } from './demo-data.ts';

const GUARDIAN = DEMO_CITIZENS.find((c) => c.identityLevel === 2 && c.note.startsWith('Phụ huynh'))!;
const DAY = 86_400_000;

/** The campaigns' ids: fixed, so a restart finds them. */
export const DEMO_GRADE10_CAMPAIGN = 'ad000000-0000-4000-8000-000000000010';
export const DEMO_GRADE1_CAMPAIGN = 'ad000000-0000-4000-8000-000000000001';

const ignoreExisting = (error: unknown) => {
  if (!isConditionFailure(error)) throw error;
};

/** The next school year from a date: 2027-2028 from December 2026. */
export function nextSchoolYear(now: Date): string {
  const year = now.getUTCMonth() >= 8 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
  return `${year}-${year + 1}`;
}

export async function seedDemoAdmissions(deps: TableDeps, edu: EduEntities, now = new Date()) {
  const entities = makeAdmissionEntities(deps);
  const schoolYear = nextSchoolYear(now);
  const communes = DEMO_ORG_UNITS.filter((u) => u.parent === 'SGD' && u.kind !== 'school');
  const areas = Array.from({ length: 12 }, (_, i) => ({
    code: `KV${i + 1}`,
    name: `Khu vực ${i + 1}`,
    communeIds: communes.filter((_, j) => j % 12 === i).map((c) => c.id),
  }));
  const areaOf = (communeId: string) => areas.find((a) => a.communeIds.includes(communeId))!.code;
  const at = now.toISOString();
  const start = Math.floor(now.getTime() / DAY) * DAY - 7 * 3_600_000; // today 00:00 in the city
  const rules = {
    subjects: [
      { code: 'MATH', name: 'Toán' },
      { code: 'LIT', name: 'Ngữ văn' },
      { code: 'ENG', name: 'Tiếng Anh' },
    ],
    priorityGroups: [
      { code: 'UT1', name: 'Con liệt sĩ; con thương binh mất sức lao động 81% trở lên', points: 200 },
      { code: 'UT2', name: 'Con thương binh mất sức lao động dưới 81%', points: 150 },
      {
        code: 'UT3',
        name: 'Người dân tộc thiểu số; vùng có điều kiện kinh tế – xã hội đặc biệt khó khăn',
        points: 100,
      },
    ],
    disqualifyAtOrBelow: 100,
    preferences: [
      { area: 'own', penalty: 0 },
      { area: 'own', penalty: 100 },
      { area: 'any', penalty: 200 },
    ],
    tieRule: 'admit-all',
    secondary: ['priority', 'MATH', 'LIT'],
    areas,
    specialisedWeight: 2,
  };
  const campaigns = [
    {
      campaignId: DEMO_GRADE10_CAMPAIGN,
      grade: 10,
      name: `Tuyển sinh vào lớp 10 THPT công lập năm học ${schoolYear}`,
      timetable: {
        applyFrom: new Date(start).toISOString(),
        applyUntil: new Date(start + 14 * DAY - 60_000).toISOString(),
      },
      rules,
      lotterySeed: randomUUID(),
    },
    {
      campaignId: DEMO_GRADE1_CAMPAIGN,
      grade: 1,
      name: `Tuyển sinh vào lớp 1 năm học ${schoolYear}`,
      timetable: {
        applyFrom: new Date(start + 15 * DAY).toISOString(),
        applyUntil: new Date(start + 20 * DAY - 60_000).toISOString(),
      },
    },
  ];
  for (const c of campaigns) {
    await entities.admissionCampaignGuard
      .create({ schoolYear, grade: c.grade, campaignId: c.campaignId })
      .go()
      .then(() =>
        entities.admissionCampaign
          .create({
            ...c,
            schoolYear,
            state: 'open',
            listing: 'campaigns',
            version: 1,
            createdBy: 'admin',
            createdAt: at,
            updatedAt: at,
          })
          .go(),
      )
      .catch(ignoreExisting);
  }
  const upper = DEMO_ORG_UNITS.filter((u) => u.kind === 'school' && u.id.startsWith('THPT'));
  await Promise.all(
    upper.map((s, i) =>
      entities.admissionProgramme
        .create({
          campaignId: DEMO_GRADE10_CAMPAIGN,
          programmeId: `${s.id}:regular`,
          schoolId: s.id,
          kind: 'regular',
          area: areaOf(s.parent!),
          quota: 45 * (8 + (i % 7)),
          updatedBy: 'admin',
          updatedAt: at,
        })
        .go()
        .catch(ignoreExisting),
    ),
  );
  await entities.admissionProgramme
    .create({
      campaignId: DEMO_GRADE10_CAMPAIGN,
      programmeId: 'THPT-TRANPHU:specialised:MATH-SPEC',
      schoolId: 'THPT-TRANPHU',
      kind: 'specialised',
      paper: 'MATH-SPEC',
      paperName: 'Toán chuyên',
      area: areaOf('P-NGOQUYEN'),
      quota: 35,
      updatedBy: 'admin',
      updatedAt: at,
    })
    .go()
    .catch(ignoreExisting);
  await entities.admissionCatchment
    .create({
      campaignId: DEMO_GRADE1_CAMPAIGN,
      communeId: 'P-NGOQUYEN',
      schools: [{ schoolId: 'TH-NGOQUYEN', places: 280, areas: ['*'] }],
      version: 1,
      updatedBy: 'commune2.admin',
      updatedAt: at,
    })
    .go()
    .catch(ignoreExisting);

  // The guardian's children as the population database has them.
  const { data: pupils } = await edu.eduRecord.query
    .byOwner({ ownerId: 'THCS-NGOQUYEN', kind: 'student' })
    .go({ pages: 'all', attributes: ['recordId', 'approved'] });
  const grade9 = pupils
    .map((p) => officialData(p as never) as Record<string, unknown> | undefined)
    .find((d) => d?.grade === 9 && typeof d.personalId === 'string');
  const residence = {
    communeId: 'P-NGOQUYEN',
    area: 'Tổ dân phố số 2',
    address: 'Số 18 Lạch Tray, phường Ngô Quyền',
    kind: 'permanent',
  };
  const children = [
    ...(grade9
      ? [
          {
            personalId: String(grade9.personalId),
            fullName: String(grade9.fullName),
            dateOfBirth: String(grade9.dateOfBirth),
            gender: grade9.gender === 'male' ? ('male' as const) : ('female' as const),
          },
        ]
      : []),
    {
      personalId: makePersonalId('031', Number(schoolYear.slice(0, 4)) - 6, 'male', 424_242),
      fullName: 'Trịnh Minh Khôi',
      dateOfBirth: `${Number(schoolYear.slice(0, 4)) - 6}-03-08`,
      gender: 'male' as const,
    },
  ];
  for (const child of children)
    await entities.populationRecord
      .put({ ...child, residence, guardians: [{ personalId: GUARDIAN.personalId, relation: 'father' }] })
      .go();
  return { campaigns: campaigns.length, programmes: upper.length + 1, children: children.length };
}
