/**
 * Demo data of the education database: schools of the two demo communes and beyond, each with its
 * approved profile, classes, staff, rooms, equipment and learners with realistic Vietnamese names
 * (family names in their real proportions), valid personal ID codes, and official figures ready.
 * Written once per data folder (a marker item says it is there); ids are derived from natural
 * keys, so an interrupted seed resumes without duplicates.
 */
import { createHash } from 'node:crypto';
import { makePersonalId } from '../../functions/edu-data/domain/personal-id.ts';
import type { RecordData, RecordKind } from '../../functions/edu-data/domain/records.ts';
import { type Figures, schoolFigures, sumFigures } from '../../functions/edu-data/domain/statistics.ts';
import type { EduEntities } from '../../functions/edu-data/entities.ts';
import { NAME_ENTRIES_MARKER } from '../../functions/edu-data/messages.ts';
import { makeRecords } from '../../functions/edu-data/records.ts';
import { type EduRecordItem, makeEduStore, nameEntriesOf } from '../../functions/edu-data/store.ts';
import { randomFrom } from '../../functions/exams/domain/random.ts';
import { DEMO_ORG_UNITS, PARENT1_PERSONAL_ID, TEACHER1_PERSONAL_ID } from './demo-data.ts';

const MARKER = 'seed:edu-data:v1';
const SEEDED_AT = '2026-10-15T02:00:00.000Z';
const SCHOOL_YEAR = '2026-2027';

/**
 * BatchWriteItem may hand items back unwritten when the table is busy (DynamoDB Local under a
 * test run is): write them again, with a pause, until none is left.
 */
async function putAll<T extends Record<string, unknown>>(
  write: (batch: T[]) => Promise<{ unprocessed: unknown[] }>,
  items: T[],
  key: keyof T & string,
) {
  let pending = items;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt === 8) throw new Error(`${pending.length} demo items could not be written`);
    if (attempt) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    const { unprocessed } = await write(pending);
    // ElectroDB hands back the key attributes of what was left, read from its (lower-cased)
    // keys: match them to the items case-insensitively.
    const left = new Set(unprocessed.map((u) => String((u as Record<string, unknown>)[key]).toLowerCase()));
    if (
      left.size < unprocessed.length ||
      (left.size && !pending.some((i) => left.has(String(i[key]).toLowerCase())))
    )
      throw new Error('Unwritten demo items could not be matched to retry them');
    pending = pending.filter((item) => left.has(String(item[key]).toLowerCase()));
  }
}

const FAMILY: [string, number][] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 5],
  ['Vũ', 4],
  ['Phan', 3],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Đinh', 0.8],
  ['Mai', 0.6],
  ['Lương', 0.5],
  ['Trịnh', 0.5],
  ['Đào', 0.5],
  ['Cao', 0.4],
];
const MIDDLE = {
  male: ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Gia', 'Thành', 'Anh', 'Hoàng', 'Bảo'],
  female: ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Khánh', 'Bảo', 'Minh', 'Phương', 'Hải', 'Mai'],
};
const GIVEN = {
  male: [
    'An',
    'Bình',
    'Cường',
    'Dũng',
    'Đức',
    'Hải',
    'Hiếu',
    'Huy',
    'Hùng',
    'Khang',
    'Khoa',
    'Kiên',
    'Long',
    'Minh',
    'Nam',
    'Nghĩa',
    'Phúc',
    'Quân',
    'Sơn',
    'Thắng',
    'Trung',
    'Tuấn',
    'Việt',
    'Đạt',
    'Khôi',
  ],
  female: [
    'Anh',
    'Chi',
    'Dung',
    'Giang',
    'Hà',
    'Hạnh',
    'Hằng',
    'Hoa',
    'Hương',
    'Lan',
    'Linh',
    'Mai',
    'My',
    'Ngân',
    'Ngọc',
    'Nhi',
    'Nhung',
    'Phương',
    'Quỳnh',
    'Thảo',
    'Trang',
    'Trâm',
    'Uyên',
    'Vy',
    'Yến',
  ],
};
const STREETS = [
  'Lạch Tray',
  'Điện Biên Phủ',
  'Trần Phú',
  'Lê Lợi',
  'Tô Hiệu',
  'Nguyễn Văn Linh',
  'Văn Cao',
  'Hai Bà Trưng',
];
const SUBJECTS = [
  'Toán',
  'Ngữ văn',
  'Tiếng Anh',
  'Vật lí',
  'Hoá học',
  'Sinh học',
  'Lịch sử',
  'Địa lí',
  'Tin học',
  'Giáo dục thể chất',
];

const LEVELS = {
  MN: { grades: [0], learners: 260, levelGroup: '01' as const, born: (g: number) => 2022 - g },
  TH: { grades: [1, 2, 3, 4, 5], learners: 700, levelGroup: '02' as const, born: (g: number) => 2020 - g },
  THCS: { grades: [6, 7, 8, 9], learners: 620, levelGroup: '03' as const, born: (g: number) => 2020 - g },
  THPT: { grades: [10, 11, 12], learners: 900, levelGroup: '04' as const, born: (g: number) => 2020 - g },
};
type Level = keyof typeof LEVELS;
const levelOf = (id: string): Level =>
  id.startsWith('THPT') ? 'THPT' : id.startsWith('THCS') ? 'THCS' : id.startsWith('TH') ? 'TH' : 'MN';

/** teacher1's staff record at Trần Phú (infra/local/demo-data.ts names her account). */
export const TEACHER1_STAFF = {
  staffCode: 'GVTOAN01',
  personalId: TEACHER1_PERSONAL_ID,
  fullName: 'Đặng Thị Thuỳ Dương',
  gender: 'female',
  dateOfBirth: '1988-04-12',
  position: 'teacher',
  employment: 'civil-servant',
  educationLevel: 'master',
  subjects: ['Toán'],
  standardRating: 'good',
  trainings: [],
  awards: [],
  discipline: [],
} as const;

/** A uuid-shaped id derived from a natural key: the same record gets the same id every time. */
const idOf = (naturalKey: string) => {
  const h = createHash('sha256').update(naturalKey).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

type Owner = { orgUnitId: string; lineage: string[] };
const SEED_ACTOR = { sub: 'system:seed', requestId: 'seed' };

/** A record as if made and approved by the seed: planned by the records module, its id from its natural key. */
function approvedItem(
  records: ReturnType<typeof makeRecords>,
  kind: RecordKind,
  owner: Owner,
  data: unknown,
): EduRecordItem {
  const planned = records.planCreate(kind, owner, data as RecordData, SEED_ACTOR).record;
  return {
    ...planned,
    recordId: idOf(planned.naturalKey),
    status: 'approved',
    version: 3,
    approved: { data, version: 3, event: 'new', approvedAt: SEEDED_AT, approvedBy: 'system:seed' },
    createdAt: SEEDED_AT,
    updatedAt: SEEDED_AT,
  };
}

/**
 * Approved learners written as the demo's are, with their natural keys (found by personal ID):
 * the admissions load test's grade-9 pupils. Returns their record ids, in order.
 */
export async function seedApprovedLearners(
  entities: EduEntities,
  learners: readonly { owner: Owner; data: Record<string, unknown> }[],
): Promise<string[]> {
  const records = makeRecords(makeEduStore(() => entities));
  const items = learners.map(({ owner, data }) => approvedItem(records, 'student', owner, data));
  for (let i = 0; i < items.length; i += 5_000) {
    const slice = items.slice(i, i + 5_000);
    await putAll(
      (batch) => entities.eduRecord.put(batch).go({ concurrency: 12 }),
      slice as never[],
      'recordId',
    );
    await putAll(
      (batch) => entities.recordKey.put(batch).go({ concurrency: 12 }),
      slice.map((r) => ({ naturalKey: r.naturalKey, recordId: r.recordId, kind: r.kind })),
      'naturalKey',
    );
  }
  return items.map((r) => r.recordId);
}

/** Schools to fill: the demo accounts' schools and communes first, then across the city. */
function schoolsInOrder() {
  const byId = new Map(DEMO_ORG_UNITS.map((u) => [u.id, u]));
  const lineage = (id: string): string[] => {
    const u = byId.get(id)!;
    return u.parent ? [...lineage(u.parent), id] : [id];
  };
  const schools = DEMO_ORG_UNITS.filter((u) => u.kind === 'school');
  const first = new Set(['P-HONGBANG', 'P-NGOQUYEN']);
  const ordered = [
    ...schools.filter((s) => first.has(s.parent ?? '')),
    // Cát Hải's primary school next, whatever the budget: parent1's second child learns there
    // (demo-links.ts). It used to be left out of both lists, so that child never existed.
    ...schools.filter((s) => s.id === 'TH-CATHAI'),
    ...schools.filter((s) => !first.has(s.parent ?? '') && s.id !== 'TH-CATHAI'),
  ];
  return ordered.map((s) => ({ ...s, lineage: lineage(s.id) }));
}

/**
 * Seeds about `targetLearners` learners spread over every school in proportion to its usual size
 * (at least 30 each while the budget lasts; the demo communes' schools come first). Items are
 * written school by school, so memory stays flat even for the benchmarks' 1,000,000.
 */
export async function seedDemoEduData(
  entities: EduEntities,
  targetLearners: number,
  options: { force?: boolean; guards?: boolean; names?: boolean } = {},
) {
  const started = Date.now();
  // A database started without demo learners has nothing written before names were filed by word.
  const filedAlready = () =>
    entities.recordKey.put({ naturalKey: NAME_ENTRIES_MARKER, recordId: SEEDED_AT, kind: 'school' }).go();
  if (targetLearners <= 0) {
    await filedAlready();
    return { learners: 0, seconds: 0, skipped: true, names: Promise.resolve() };
  }
  const { data: marker } = await entities.recordKey.get({ naturalKey: MARKER }).go();
  if (marker && !options.force)
    return { learners: Number(marker.recordId), seconds: 0, skipped: true, names: Promise.resolve() };

  const records = makeRecords(makeEduStore(() => entities));
  const rand = randomFrom(2026);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const familyTotal = FAMILY.reduce((n, [, w]) => n + w, 0);
  const family = () => {
    let r = rand() * familyTotal;
    for (const [name, w] of FAMILY) {
      r -= w;
      if (r <= 0) return name;
    }
    return 'Nguyễn';
  };
  let items: EduRecordItem[] = [];
  const figures: { schoolId: string; parentId: string; figures: Figures }[] = [];
  const approve = (kind: RecordKind, owner: Owner, data: unknown) => {
    const item = approvedItem(records, kind, owner, data);
    items.push(item);
    return item;
  };

  let learners = 0;
  let serial = 1;
  const parent1Schools = new Set<string>();
  const isParent1Child = (schoolId: string, cls: EduRecordItem) => {
    const code = (cls.data as { code: string }).code;
    const first = (schoolId === 'THPT-TRANPHU' && code === '12A1') || schoolId === 'TH-CATHAI';
    if (!first || parent1Schools.has(schoolId)) return false;
    parent1Schools.add(schoolId);
    return true;
  };
  const schools = schoolsInOrder();
  const citySize = schools.reduce((n, s) => n + LEVELS[levelOf(s.id)].learners, 0);
  const scale = targetLearners / citySize;
  const filed: Parameters<typeof nameEntriesOf>[0][] = [];
  const flush = async () => {
    await Promise.all([
      putAll((batch) => entities.eduRecord.put(batch).go({ concurrency: 12 }), items as never[], 'recordId'),
      options.guards === false
        ? undefined
        : putAll(
            (batch) => entities.recordKey.put(batch).go({ concurrency: 12 }),
            items.map((i) => ({ naturalKey: i.naturalKey, recordId: i.recordId, kind: i.kind })),
            'naturalKey',
          ),
    ]);
    // What the name entries need, kept small: they are written after the records (below).
    if (options.names !== false)
      for (const i of items)
        filed.push({
          recordId: i.recordId,
          kind: i.kind,
          ownerId: i.ownerId,
          parentId: i.parentId,
          city: i.city,
          nameKey: i.nameKey,
        });
    items = [];
  };
  // The demo communes' schools come first: their profiles are approved (their levels decide where
  // their plans go) even with a small budget of learners.
  for (const [index, school] of schools.entries()) {
    if (learners >= targetLearners) break;
    const owner = { orgUnitId: school.id, lineage: school.lineage };
    const level = LEVELS[levelOf(school.id)];
    const start = items.length;
    const size = Math.max(
      30,
      Math.min(targetLearners - learners, Math.round(level.learners * scale * (0.8 + rand() * 0.4))),
    );
    approve('school', owner, {
      code: String(31_000_001 + index),
      name: school.name,
      levelGroups: [level.levelGroup],
      ownership: rand() < 0.9 ? 'public' : 'private',
      areaClass: school.parent?.startsWith('X-')
        ? 'rural'
        : school.parent?.startsWith('DK-')
          ? 'island'
          : 'urban',
      nationalStandard: rand() < 0.6,
      accreditationLevel: Math.floor(rand() * 4),
      internet: true,
      power: true,
      cleanWater: true,
      twoSessionsPerDay: level.levelGroup !== '04',
    });
    const perClass = level.levelGroup === '01' ? 25 : level.levelGroup === '02' ? 35 : 40;
    const classes = level.grades.flatMap((grade) =>
      Array.from({ length: Math.max(1, Math.round(size / level.grades.length / perClass)) }, (_, i) =>
        approve('class', owner, {
          code: `${grade || 'MG'}A${i + 1}`,
          name: grade ? `Lớp ${grade}A${i + 1}` : `Nhóm lớp MG${i + 1}`,
          grade,
          schoolYear: SCHOOL_YEAR,
          foreignLanguages: grade >= 3 ? ['Tiếng Anh'] : [],
          twoSessionsPerDay: grade <= 9,
          assignments: [],
        }),
      ),
    );
    const teachers = Math.max(3, Math.round(size / 18));
    for (let t = 0; t < teachers + 3; t++) {
      const gender = rand() < 0.7 ? 'female' : 'male';
      approve('staff', owner, {
        staffCode: `CB${String(t + 1).padStart(3, '0')}`,
        fullName: `${family()} ${pick(MIDDLE[gender])} ${pick(GIVEN[gender])}`,
        gender,
        dateOfBirth: `${1970 + Math.floor(rand() * 28)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
        position: t === 0 ? 'principal' : t === 1 ? 'vice-principal' : t < teachers + 2 ? 'teacher' : 'staff',
        employment: rand() < 0.85 ? 'civil-servant' : 'contract',
        educationLevel: rand() < 0.8 ? 'bachelor' : 'master',
        subjects: level.levelGroup >= '03' ? [pick(SUBJECTS)] : [],
        standardRating: pick(['excellent', 'good', 'good', 'pass'] as const),
        trainings: [],
        awards: [],
        discipline: [],
      });
    }
    // teacher1 teaches Toán in Trần Phú's 12A1 and is its homeroom teacher: her staff record (her
    // account is linked to it, demo-links.ts) and the class's teaching, no random draw spent.
    if (school.id === 'THPT-TRANPHU') {
      const teacher1 = approve('staff', owner, TEACHER1_STAFF);
      const class12A1 = classes.find((c) => (c.data as { code: string }).code === '12A1');
      if (class12A1) {
        const teaching = {
          ...(class12A1.data as object),
          homeroomTeacherId: teacher1.recordId,
          assignments: ([1, 2] as const).map((semester) => ({
            subject: 'Toán',
            semester,
            teacherId: teacher1.recordId,
          })),
        };
        class12A1.data = teaching as never;
        class12A1.approved = { ...class12A1.approved!, data: teaching as never };
      }
    }
    approve('facility', owner, {
      roomType: 'classroom',
      buildingGrade: 'solid',
      count: classes.length,
      areaM2: classes.length * 54,
    });
    approve('facility', owner, { roomType: 'library', buildingGrade: 'solid', count: 1, areaM2: 120 });
    approve('equipment', owner, {
      item: 'Máy chiếu đa năng',
      quantity: classes.length,
      condition: 'good',
      year: 2024,
    });
    approve('equipment', owner, {
      item: 'Bộ thiết bị dạy học tối thiểu',
      quantity: classes.length,
      condition: rand() < 0.8 ? 'good' : 'needs-repair',
      year: 2022,
    });

    for (let n = 0; n < size; n++) {
      const cls = classes[n % classes.length]!;
      const grade = (cls.data as { grade: number }).grade;
      const gender = rand() < 0.51 ? 'male' : 'female';
      const born = level.born(grade);
      const parent1Child = isParent1Child(school.id, cls);
      // family() is drawn either way: the rest of the demo city stays as it was.
      const drawn = family();
      const surname = parent1Child ? 'Trịnh' : drawn;
      approve('student', owner, {
        personalId: makePersonalId('031', born, gender, serial++),
        fullName: `${surname} ${pick(MIDDLE[gender])} ${pick(GIVEN[gender])}`,
        gender,
        dateOfBirth: `${born}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
        ethnicity: rand() < 0.985 ? '01' : pick(['04', '02', '06']),
        nationality: 'VN',
        placeOfBirth: 'Hải Phòng',
        address: rand() < 0.9 ? `${1 + Math.floor(rand() * 200)} ${pick(STREETS)}` : undefined,
        grade,
        classId: cls.recordId,
        status: 'enrolled',
        guardians: [
          // parent1 is the father of the first learner of Trần Phú's 12A1 and of Cát Hải's first.
          parent1Child
            ? {
                relation: 'father',
                fullName: 'Trịnh Văn Nam',
                personalId: PARENT1_PERSONAL_ID,
                phone: '0912345678',
              }
            : {
                relation: 'father',
                fullName: `${surname} Văn ${pick(GIVEN.male)}`,
                // Recorded, as schools record it: a guardian links their account by it.
                personalId: makePersonalId('031', born - 30, 'male', 500_000 + (serial % 400_000)),
                phone: `09${String(10_000_000 + serial).slice(-8)}`,
              },
        ],
        health:
          rand() < 0.7
            ? { heightCm: 100 + grade * 6, weightKg: 16 + grade * 3.5, disabilities: [] }
            : undefined,
        policyGroups:
          rand() < 0.04 ? ['poor-household', 'fee-exemption'] : rand() < 0.1 ? ['lunch-support'] : [],
        awards: [],
      });
      learners++;
    }
    figures.push({
      schoolId: school.id,
      parentId: school.parent!,
      figures: schoolFigures(items.slice(start)),
    });
    if (items.length >= 5_000) await flush();
  }
  await flush();

  const byParent = new Map<string, typeof figures>();
  for (const f of figures) byParent.set(f.parentId, [...(byParent.get(f.parentId) ?? []), f]);
  const parentOf = new Map(DEMO_ORG_UNITS.map((u) => [u.id, u.parent ?? 'ROOT']));
  await putAll(
    (batch) => entities.statsAggregate.put(batch).go(),
    [
      ...figures.map((f) => ({
        unitId: f.schoolId,
        parentId: f.parentId,
        figures: f.figures,
        updatedAt: SEEDED_AT,
      })),
      ...[...byParent].map(([parentId, list]) => ({
        unitId: parentId,
        parentId: parentOf.get(parentId)!,
        figures: sumFigures(list.map((f) => f.figures)),
        updatedAt: SEEDED_AT,
      })),
    ],
    'unitId',
  );
  await entities.recordKey.put({ naturalKey: MARKER, recordId: String(learners), kind: 'school' }).go();
  // Every record here is filed by word already: nothing for the one-off filing to do.
  // The name entries (3–4 a record, each on three indexes) took DynamoDB Local longer than the
  // records themselves: they follow in the background, and nothing waits for them but a search by
  // a given name in the first seconds. The marker says they are all there.
  const names =
    options.names === false
      ? Promise.resolve()
      : (async () => {
          for (let i = 0; i < filed.length; i += 5_000) {
            // The client completes what a batch hands back (shared/db/batch.ts) or throws.
            const { unprocessed } = await entities.nameEntry
              .put(filed.slice(i, i + 5_000).flatMap(nameEntriesOf))
              .go({ concurrency: 12 });
            if (unprocessed.length) throw new Error(`${unprocessed.length} name entries were not written`);
          }
          await filedAlready();
        })();
  return { learners, seconds: (Date.now() - started) / 1000, skipped: false, names };
}
