/**
 * The learning repository's demo: the 2018 curriculum's lessons for every subject and grade
 * (Toán 10 as the Kết nối tri thức textbook has it; elsewhere numbered lessons), and published
 * resources mapped to some of them — most of Toán 10, a few lessons elsewhere — so the coverage
 * chart, the public search and the OAI-PMH endpoint have something to show on `npm start`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COVERAGE_PARTITION, makeCurriculum } from '../../functions/repository/curriculum.ts';
import { CURRICULUM_SUBJECTS } from '../../functions/repository/domain/curriculum.ts';
import type { ResourceInput } from '../../functions/repository/domain/resources.ts';
import type { RepositoryEntities } from '../../functions/repository/entities.ts';
import type { ResourceItem } from '../../functions/repository/service.ts';
import { makeSync } from '../../functions/repository/sync.ts';
import { putObject } from '../../shared/storage/s3.ts';

const TOAN_10 = [
  'Mệnh đề',
  'Tập hợp và các phép toán trên tập hợp',
  'Bất phương trình bậc nhất hai ẩn',
  'Hệ bất phương trình bậc nhất hai ẩn',
  'Giá trị lượng giác của một góc từ 0° đến 180°',
  'Hệ thức lượng trong tam giác',
  'Các khái niệm mở đầu về vectơ',
  'Tổng và hiệu của hai vectơ',
  'Tích của một vectơ với một số',
  'Vectơ trong mặt phẳng tọa độ',
  'Tích vô hướng của hai vectơ',
  'Số gần đúng và sai số',
  'Các số đặc trưng đo xu thế trung tâm',
  'Các số đặc trưng đo độ phân tán',
  'Hàm số',
  'Hàm số bậc hai',
  'Dấu của tam thức bậc hai',
  'Phương trình quy về phương trình bậc hai',
  'Phương trình đường thẳng',
  'Vị trí tương đối giữa hai đường thẳng. Góc và khoảng cách',
  'Đường tròn trong mặt phẳng tọa độ',
  'Ba đường conic',
  'Quy tắc đếm',
  'Hoán vị, chỉnh hợp và tổ hợp',
  'Nhị thức Newton',
  'Biến cố và định nghĩa cổ điển của xác suất',
  'Thực hành tính xác suất theo định nghĩa cổ điển',
];

/** `TOAN10-B7`: the lesson ids the demo catalogue's textbooks use too. */
export const demoLessonId = (subject: string, grade: number, n: number) =>
  `${subject.toUpperCase()}${grade}-B${n}`;

function lessonsOf(subject: string, grade: number) {
  if (subject === 'toan' && grade === 10)
    return TOAN_10.map((t, i) => ({
      lessonId: demoLessonId(subject, grade, i + 1),
      title: `Bài ${i + 1}. ${t}`,
    }));
  const count = 20 + ((subject.length * 7 + grade * 3) % 16);
  return Array.from({ length: count }, (_, i) => ({
    lessonId: demoLessonId(subject, grade, i + 1),
    title: `Bài ${i + 1}`,
  }));
}

/** The curriculum's lessons, once per data folder (Toán 10's first lesson marks it). */
export async function seedDemoCurriculum(entities: () => RepositoryEntities) {
  const curriculum = makeCurriculum(entities);
  const { data } = await entities().curriculumLesson.get({ subject: 'toan', grade: 10, position: 1 }).go();
  if (data) return { lessons: 0, skipped: true };
  let lessons = 0;
  const all = CURRICULUM_SUBJECTS.flatMap((s) => s.grades.map((grade) => ({ subject: s.code, grade })));
  // Toán 10 last: it marks a finished seed.
  all.sort(
    (a, b) => Number(a.subject === 'toan' && a.grade === 10) - Number(b.subject === 'toan' && b.grade === 10),
  );
  for (const { subject, grade } of all) {
    const list = lessonsOf(subject, grade);
    await curriculum.replaceLessons(subject, grade, list);
    // Nothing is published yet: every lesson counts, none is covered (no need to recount).
    await entities()
      .coverage.put({
        city: COVERAGE_PARTITION,
        subject,
        grade,
        lessons: list.length,
        covered: 0,
        updatedAt: new Date().toISOString(),
      })
      .go();
    lessons += list.length;
  }
  return { lessons, skipped: false };
}

/** A one-page PDF every demo resource points at (the reader and the checks have a real file). */
const DEMO_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length 62>>stream\nBT /F1 24 Tf 72 760 Td (VN Edu Cloud - hoc lieu mau) Tj ET\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
// Under the repository's prefix, as an uploaded file is: the functions' grants cover it.
const DEMO_KEY = 'resources/demo/hoc-lieu-mau.pdf';

const AUTHORS = ['Nguyễn Thị Lan', 'Trần Văn Minh', 'Lê Thu Hà', 'Phạm Quốc Huy', 'Vũ Ngọc Anh'];
const KINDS = ['lecture', 'document', 'ebook'] as const;

/** Published resources: 20 of Toán 10's 27 lessons, and the first lessons of a few other subjects. */
export async function seedDemoResources(entities: () => RepositoryEntities) {
  const { data } = await entities()
    .resource.get({ resourceId: demoResourceId(0) })
    .go();
  if (data) return { resources: 0, skipped: true };
  await putObject('materials', DEMO_KEY, DEMO_PDF, 'application/pdf');
  const sha256 = createHash('sha256').update(DEMO_PDF).digest('hex');
  const refs = [
    ...TOAN_10.slice(0, 20).map((t, i) => ({
      subject: 'toan',
      grade: 10,
      n: i + 1,
      title: `Bài ${i + 1}. ${t}`,
    })),
    ...['ngu-van', 'tieng-anh', 'vat-li', 'hoa-hoc', 'lich-su', 'dia-li', 'tin-hoc'].flatMap((subject) =>
      [1, 2, 3, 4, 5, 6].map((n) => ({ subject, grade: 10, n, title: `Bài ${n}` })),
    ),
  ];
  const sync = makeSync(entities);
  const at = '2026-11-02T08:00:00.000Z';
  // The marker (number 0) last: an interrupted seed is completed on the next start.
  for (const [i, ref] of [...refs.entries()].slice(1).concat([[0, refs[0]!]])) {
    const name = CURRICULUM_SUBJECTS.find((s) => s.code === ref.subject)!.name;
    const meta: ResourceInput = {
      kind: KINDS[i % KINDS.length]!,
      title: `${name} ${ref.grade} — ${ref.title}`,
      creators: [AUTHORS[i % AUTHORS.length]!],
      description: `Học liệu ${name.toLowerCase()} lớp ${ref.grade} do giáo viên Trường THPT Trần Phú biên soạn.`,
      subjects: [name],
      language: 'vie',
      licence: i % 5 === 4 ? 'city' : 'open',
      curriculum: [
        { subject: ref.subject, grade: ref.grade, lessonId: demoLessonId(ref.subject, ref.grade, ref.n) },
      ],
    };
    const resourceId = demoResourceId(i);
    const file = {
      fileName: 'hoc-lieu-mau.pdf',
      contentType: 'application/pdf',
      size: DEMO_PDF.length,
      sha256,
      objectKey: DEMO_KEY,
    };
    const item: ResourceItem = {
      resourceId,
      unitId: 'THPT-TRANPHU',
      reviewUnitId: 'P-NGOQUYEN',
      authorId: 'teacher1',
      authorName: 'Nguyễn Thị Lan',
      state: 'published',
      meta,
      latestVersion: 1,
      published: { version: 1, meta, ...file, publishedAt: at, approvedBy: 'Quản trị phường Ngô Quyền' },
      sortTitle: meta.title,
      history: [],
      createdAt: at,
      updatedAt: at,
      revision: 1,
    };
    await entities()
      .resourceVersion.put({
        resourceId,
        version: 1,
        ...file,
        status: 'ready',
        uploadedBy: 'teacher1',
        requestedAt: at,
        verifiedAt: at,
      })
      .go();
    await entities()
      .resource.put(item as never)
      .go();
    await sync.resource(resourceId);
  }
  return { resources: refs.length, skipped: false };
}

/**
 * The demo's video lecture: a 30-second test pattern with a tone (H.264 + AAC, `faststart` so a
 * browser plays it while fetching ranges), made with
 * `ffmpeg -f lavfi -i testsrc=size=320x180:rate=10:duration=30 -f lavfi -i sine=frequency=330:duration=30:sample_rate=16000
 *  -c:v libx264 -profile:v baseline -pix_fmt yuv420p -crf 40 -g 50 -c:a aac -b:a 16k -ac 1 -movflags +faststart`.
 * Published by the Department for the city: the demo BDTX module's first lecture.
 */
export const DEMO_LECTURE = {
  resourceId: '00000000-0000-4000-8000-000000000900',
  title: 'Bài giảng mẫu: Tổ chức hoạt động giáo dục STEM',
  fileName: 'bai-giang-mau.mp4',
  contentType: 'video/mp4',
  durationSeconds: 30,
  objectKey: 'resources/demo/bai-giang-mau.mp4',
};
const lectureBytes = () => readFileSync(join(import.meta.dirname, 'assets', DEMO_LECTURE.fileName));
export const demoLectureSize = () => lectureBytes().length;

export async function seedDemoLecture(entities: () => RepositoryEntities) {
  const { resourceId } = DEMO_LECTURE;
  const { data } = await entities().resource.get({ resourceId }).go();
  if (data) return { skipped: true };
  const bytes = lectureBytes();
  await putObject('materials', DEMO_LECTURE.objectKey, bytes, DEMO_LECTURE.contentType);
  const at = '2026-11-02T08:00:00.000Z';
  const meta: ResourceInput = {
    kind: 'video',
    title: DEMO_LECTURE.title,
    creators: ['Phòng Giáo dục trung học'],
    description: 'Bài giảng video mẫu của mô-đun bồi dưỡng thường xuyên STEM-THPT.',
    subjects: [],
    language: 'vie',
    licence: 'city',
    curriculum: [],
  };
  const file = {
    fileName: DEMO_LECTURE.fileName,
    contentType: DEMO_LECTURE.contentType,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    objectKey: DEMO_LECTURE.objectKey,
  };
  await entities()
    .resourceVersion.put({
      resourceId,
      version: 1,
      ...file,
      status: 'ready',
      uploadedBy: 'admin',
      requestedAt: at,
      verifiedAt: at,
    })
    .go();
  const item: ResourceItem = {
    resourceId,
    unitId: 'SGD',
    reviewUnitId: 'SGD',
    authorId: 'admin',
    authorName: 'Phòng Giáo dục trung học',
    state: 'published',
    meta,
    latestVersion: 1,
    published: { version: 1, meta, ...file, publishedAt: at, approvedBy: 'Sở Giáo dục và Đào tạo' },
    sortTitle: meta.title,
    history: [],
    createdAt: at,
    updatedAt: at,
    revision: 1,
  };
  await entities()
    .resource.put(item as never)
    .go();
  await makeSync(entities).resource(resourceId);
  return { skipped: false };
}

/** The file every demo document points at, as an outline names it. */
export const demoDocumentFile = () => ({
  fileName: 'hoc-lieu-mau.pdf',
  contentType: 'application/pdf',
  size: DEMO_PDF.length,
});

/** Demo resource `n`'s id: a fixed UUID, so a second start finds the seed. */
export const demoResourceId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
