/**
 * Demo professional records, through the records service: teacher1's plan for this school year
 * approved (and signed by the worker once the queues run), a lesson plan waiting for the group
 * leader, and the principal's school plan in draft. Written once: the plan's title marks it.
 */

import { schoolYearOf } from '../../functions/records/domain/records.ts';
import type { RecordEntities } from '../../functions/records/entities.ts';
import { fileKey } from '../../functions/records/messages.ts';
import { makeRecords } from '../../functions/records/service.ts';
import { putObject } from '../../shared/storage/s3.ts';
import { sampleLessonPlan } from './sign-sample.ts';

const SCHOOL = {
  orgUnitId: 'THPT-TRANPHU',
  lineage: ['SGD', 'P-NGOQUYEN', 'THPT-TRANPHU'],
  kind: 'school',
  name: 'Trường THPT chuyên Trần Phú',
};
const GROUP = 'THPT-TRANPHU.TOAN';
const TITLE = 'Kế hoạch giáo dục của giáo viên – Toán 10 (mẫu)';

const people = {
  teacher1: {
    accountId: 'teacher1',
    fullName: 'Đặng Thị Thuỳ Dương',
    assignments: [{ assignmentId: 'demo', role: 'teacher' as const, scopeOrgUnitId: SCHOOL.orgUnitId }],
  },
  groupleader1: {
    accountId: 'groupleader1',
    fullName: 'Ngô Đức Mạnh',
    assignments: [
      {
        assignmentId: 'demo',
        role: 'group-leader' as const,
        scopeOrgUnitId: SCHOOL.orgUnitId,
        groupId: GROUP,
      },
    ],
  },
  principal1: {
    accountId: 'principal1',
    fullName: 'Hoàng Văn Thắng',
    assignments: [{ assignmentId: 'demo', role: 'school-leader' as const, scopeOrgUnitId: SCHOOL.orgUnitId }],
  },
};

export async function seedDemoRecords(entities: () => RecordEntities) {
  const records = makeRecords(entities);
  const schoolYear = schoolYearOf(new Date());
  const mine = await entities()
    .proRecord.query.byAuthor({ authorId: 'teacher1' })
    .begins({ schoolYear })
    .go();
  if (mine.data.some((r) => r.title === TITLE)) return { records: 0, skipped: true };

  const pdf = await sampleLessonPlan();
  const withFile = async (r: Awaited<ReturnType<typeof records.create>>, author: typeof people.teacher1) => {
    const { version } = await records.requestUpload(r, author, {
      fileName: 'ke-hoach.pdf',
      contentType: 'application/pdf',
    });
    await putObject('documents', fileKey(r.recordId, version), pdf, 'application/pdf');
    return records.submit(r, author, version, r.revision, 'demo-seed');
  };

  const plan = await records.create(
    SCHOOL,
    people.teacher1,
    {
      kind: 'teacher-plan',
      schoolYear,
      title: TITLE,
      groupId: GROUP,
      subject: 'toan',
      lessons: [
        { lessonId: 'T10-B1', title: 'Mệnh đề', week: 1, periods: 2 },
        { lessonId: 'T10-B2', title: 'Tập hợp và các phép toán trên tập hợp', week: 2, periods: 3 },
        { lessonId: 'T10-B3', title: 'Bất phương trình bậc nhất hai ẩn', week: 4, periods: 2 },
      ],
    },
    'demo-seed',
  );
  const submitted = await withFile(plan, people.teacher1);
  await records.decide(
    submitted,
    people.groupleader1,
    { decision: 'approve', expectedRevision: submitted.revision },
    'demo-seed',
  );

  const lesson = await records.create(
    SCHOOL,
    people.teacher1,
    {
      kind: 'lesson-plan',
      schoolYear,
      title: 'Kế hoạch bài dạy – Bài 3: Bất phương trình bậc nhất hai ẩn',
      groupId: GROUP,
      subject: 'toan',
      lessonId: 'T10-B3',
      lessonDate: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
    },
    'demo-seed',
  );
  await withFile(lesson, people.teacher1);

  await records.create(
    SCHOOL,
    people.principal1,
    { kind: 'school-plan', schoolYear, title: `Kế hoạch giáo dục của nhà trường năm học ${schoolYear}` },
    'demo-seed',
  );
  return { records: 3, skipped: false };
}
