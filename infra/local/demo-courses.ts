/**
 * The demo catalogue of professional development modules: the list of seed 000's appendix 1 (the
 * city's BDTX modules for 2025, their levels and audiences), published by the Department for this
 * year. The seed's window was April–June; here each module opens at the start of this month for
 * three months, so a demo on any day has running modules. The last three modules are not in the
 * seed (its list is mostly preschool and primary), and the periods are ours (the seed gives none):
 * an upper-secondary teacher such as teacher1 is given 80 periods (01 and 02) and can choose 40 of
 * the 50 of programme 03 meant for them. Written once per year (the codes' guard items make a second start a
 * no-op).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { bdtxYear, type Programme } from '../../functions/courses/domain/bdtx.ts';
import type { Chapter } from '../../functions/courses/domain/outline.ts';
import type { CourseEntities } from '../../functions/courses/entities.ts';
import { unpackPackage } from '../../functions/courses/package-import.ts';
import { makePackages, packageUploadKey } from '../../functions/courses/packages.ts';
import { isConditionFailure } from '../../shared/db/errors.ts';
import { nameBasedId } from '../../shared/db/name-based-id.ts';
import { DEMO_LECTURE, demoDocumentFile, demoLectureSize, demoResourceId } from './demo-repository.ts';

const ALL = ['01', '02', '03', '04', '05'];
const SCHOOLS = ['01', '02', '03', '04'];
const EDUCATORS = ['teacher', 'group-leader', 'school-leader'];

/** [code, title, programme, periods, levels, roles] */
const MODULES: [string, string, Programme, number, string[], string[]][] = [
  [
    'CDS-01',
    'Chuyển đổi số cho cán bộ chuyên trách công nghệ thông tin, cán bộ, công chức, viên chức trong cơ quan nhà nước thành phố',
    '02',
    20,
    ALL,
    ['staff', 'school-data-officer', 'school-leader'],
  ],
  ['CDS-02', 'Chuyển đổi số cho người dân, doanh nghiệp trên địa bàn thành phố', '02', 40, ALL, EDUCATORS],
  ['GVMN-17', 'GVMN 17: Giáo dục bảo vệ môi trường cho trẻ em lứa tuổi mầm non', '03', 10, ['01'], EDUCATORS],
  ['GVMN-01', 'GVMN 01: Giáo dục đạo đức nghề nghiệp cho giáo viên mầm non', '03', 10, ['01'], EDUCATORS],
  [
    'GDGT-01',
    'Khoa học cho giáo viên và cán bộ quản lý các trường mầm non, phổ thông về giáo dục giới tính',
    '01',
    20,
    SCHOOLS,
    EDUCATORS,
  ],
  [
    'COTCAN-01',
    'Nâng cao năng lực cho cán bộ quản lý và giáo viên cốt cán về hướng dẫn, hỗ trợ đồng nghiệp phát triển chuyên môn, nghiệp vụ',
    '01',
    20,
    SCHOOLS,
    EDUCATORS,
  ],
  [
    'TVTL-THCS',
    'Bồi dưỡng về tư vấn tâm lý cho học sinh trung học cơ sở',
    '03',
    10,
    ['03'],
    ['teacher', 'group-leader'],
  ],
  ['BDG-01', 'Bồi dưỡng bình đẳng giới', '03', 10, SCHOOLS, EDUCATORS],
  ['INTERNET-TH', 'Hướng dẫn trẻ em sử dụng mạng Internet an toàn và hiệu quả', '03', 10, ['02'], EDUCATORS],
  ['CHOI-TH', 'Học thông qua chơi ở trường tiểu học', '03', 10, ['02'], EDUCATORS],
  [
    'STEM-THPT',
    'Tổ chức hoạt động giáo dục STEM ở trường trung học phổ thông',
    '03',
    15,
    ['04'],
    ['teacher', 'group-leader'],
  ],
  [
    'KTDG-THPT',
    'Kiểm tra, đánh giá theo định hướng phát triển phẩm chất, năng lực học sinh trung học phổ thông',
    '03',
    15,
    ['04'],
    EDUCATORS,
  ],
  ['ATGT-01', 'Giáo dục an toàn giao thông trong nhà trường', '03', 10, SCHOOLS, EDUCATORS],
];

/** The demo's packages (infra/local/assets): a SCORM 1.2 lesson and a cmi5 lesson, each with a question. */
export const DEMO_PACKAGES = {
  scorm: {
    packageId: nameBasedId('demo-package:goi-scorm-stem'),
    folder: 'goi-scorm-stem',
    fileName: 'goi-scorm-stem.zip',
    unitRef: 'bai-hoc-tuong-tac',
    launch: 'index.html',
  },
  cmi5: {
    packageId: nameBasedId('demo-package:goi-cmi5-stem'),
    folder: 'goi-cmi5-stem',
    fileName: 'goi-cmi5-stem.zip',
    unitRef: 'https://vnedu.example/cmi5/au/danh-gia-san-pham-stem',
    launch: 'index.html',
  },
} as const;
export const DEMO_PACKAGE = DEMO_PACKAGES.scorm;
type DemoPackage = (typeof DEMO_PACKAGES)[keyof typeof DEMO_PACKAGES];

/** A demo package as the Department would upload it: its folder zipped. */
export async function demoPackageZip(pkg: DemoPackage = DEMO_PACKAGE): Promise<Buffer> {
  const dir = resolve(import.meta.dirname, 'assets', pkg.folder);
  const zip = new JSZip();
  for (const name of readdirSync(dir)) zip.file(name, readFileSync(join(dir, name)));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Waits (up to two minutes) for a package another seeder is unpacking. */
async function readyPackage(packages: ReturnType<typeof makePackages>, packageId: string) {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    if ((await packages.get(packageId))?.status === 'ready') return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Demo package ${packageId} was not unpacked by the seeder that created it`);
}

/**
 * The demo packages imported as an upload is (checked, unpacked into materials, its units
 * recorded: package-import.ts), so STEM-THPT's third chapter can launch them. Once: a second
 * start finds them there.
 */
export async function seedDemoPackages(entities: () => CourseEntities) {
  const packages = makePackages(entities);
  let files = 0;
  for (const pkg of Object.values(DEMO_PACKAGES)) {
    const existing = await packages.get(pkg.packageId);
    if (existing) {
      if (existing.status === 'uploading') await readyPackage(packages, pkg.packageId);
      continue;
    }
    const zip = await demoPackageZip(pkg);
    try {
      await entities()
        .coursePackage.create({
          packageId: pkg.packageId,
          unitId: 'SGD',
          fileName: pkg.fileName,
          size: zip.length,
          status: 'uploading',
          objectKey: packageUploadKey(pkg.packageId),
          createdBy: 'admin',
          createdAt: new Date().toISOString(),
        })
        .go();
    } catch (error) {
      // Another seeder (the cloud's own, beside a benchmark's) created it first: it unpacks it;
      // this one waits until it is ready.
      if (!isConditionFailure(error)) throw error;
      await readyPackage(packages, pkg.packageId);
      continue;
    }
    const outcome = await unpackPackage(pkg.packageId, zip, packages);
    if (outcome.status !== 'ready')
      throw new Error(`Demo package ${pkg.folder} was refused: ${JSON.stringify(outcome)}`);
    files += outcome.files;
  }
  return { files };
}

/**
 * STEM-THPT's outline: the demo lecture (a 30-second video), two readings (the demo PDF) and two
 * interactive lessons (the demo SCORM and cmi5 packages), so a teacher can learn a module end to end. The
 * other modules have none yet.
 */
export const demoOutline = (test?: DemoTest): Chapter[] => [
  {
    chapterId: randomUUID(),
    title: 'Chương 1. Giáo dục STEM trong trường trung học phổ thông',
    items: [
      {
        itemId: randomUUID(),
        kind: 'video',
        title: 'Bài giảng: Giáo dục STEM là gì',
        resourceId: DEMO_LECTURE.resourceId,
        durationSeconds: DEMO_LECTURE.durationSeconds,
        fileName: DEMO_LECTURE.fileName,
        contentType: DEMO_LECTURE.contentType,
        size: demoLectureSize(),
      },
      {
        itemId: randomUUID(),
        kind: 'document',
        title: 'Tài liệu đọc: Các hình thức tổ chức giáo dục STEM',
        resourceId: demoResourceId(1),
        ...demoDocumentFile(),
      },
    ],
  },
  {
    chapterId: randomUUID(),
    title: 'Chương 2. Thiết kế bài học STEM',
    items: [
      {
        itemId: randomUUID(),
        kind: 'document',
        title: 'Tài liệu đọc: Quy trình xây dựng bài học STEM',
        resourceId: demoResourceId(2),
        ...demoDocumentFile(),
      },
    ],
  },
  {
    chapterId: randomUUID(),
    title: 'Chương 3. Bài học tương tác',
    items: [
      {
        itemId: randomUUID(),
        kind: 'package',
        title: 'Bài học tương tác: Quy trình dạy học STEM',
        packageId: DEMO_PACKAGE.packageId,
        unitRef: DEMO_PACKAGE.unitRef,
        standard: 'scorm12',
        launch: DEMO_PACKAGE.launch,
        unitKind: 'sco',
      },
      {
        itemId: randomUUID(),
        kind: 'package',
        title: 'Bài học cmi5: Đánh giá sản phẩm STEM',
        packageId: DEMO_PACKAGES.cmi5.packageId,
        unitRef: DEMO_PACKAGES.cmi5.unitRef,
        standard: 'cmi5',
        launch: DEMO_PACKAGES.cmi5.launch,
        unitKind: 'au',
        moveOn: 'CompletedAndPassed',
        masteryScore: 0.5,
      },
    ],
  },
  ...(test
    ? [
        {
          chapterId: randomUUID(),
          title: 'Chương 4. Kiểm tra cuối mô-đun',
          items: [
            { itemId: randomUUID(), kind: 'test' as const, title: 'Bài kiểm tra cuối mô-đun', ...test },
          ],
        },
      ]
    : []),
];

/** The demo module's test as its outline keeps it (infra/local/demo-course-test.ts makes the session). */
export type DemoTest = {
  sessionId: string;
  durationMinutes: number;
  passMark: number;
  maxPoints: number;
  attemptsAllowed: number;
};

/**
 * The catalogue's demo modules, once per data folder. `makeTest` sets up STEM-THPT's end-of-module
 * test for the module's window; it runs only when that module is not there yet.
 */
export async function seedDemoCourses(
  entities: () => CourseEntities,
  now = new Date(),
  makeTest?: (window: { opensAt: string; closesAt: string }) => Promise<DemoTest>,
) {
  const opens = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 7 * 3_600_000);
  const closes = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 1) - 7 * 3_600_000 - 1_000);
  const year = bdtxYear(opens.toISOString());
  let written = 0;
  for (const [code, title, programme, periods, levels, roles] of MODULES) {
    const at = now.toISOString();
    const moduleId = randomUUID();
    const stem = code === 'STEM-THPT';
    const test =
      stem && makeTest && !(await entities().moduleCode.get({ year, code }).go()).data
        ? await makeTest({ opensAt: opens.toISOString(), closesAt: closes.toISOString() })
        : undefined;
    const result = await entities()
      .service.transaction.write((t) => [
        t.moduleCode.create({ year, code, moduleId }).commit(),
        t.courseModule
          .create({
            moduleId,
            unitId: 'SGD',
            code,
            title,
            programme,
            periods,
            year,
            opensAt: opens.toISOString(),
            closesAt: closes.toISOString(),
            audience: { roles, levels, subjects: [] },
            prerequisites: [],
            outline: stem ? demoOutline(test) : [],
            status: 'published',
            revision: 1,
            createdBy: 'admin',
            createdAt: at,
            updatedAt: at,
            publishedAt: at,
          })
          .commit(),
      ])
      .go();
    if (!result.canceled) written++;
  }
  return { modules: written, skipped: written === 0 };
}
