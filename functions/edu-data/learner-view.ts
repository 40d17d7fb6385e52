/**
 * A learner as they and their guardians see them (`GET /learners/{id}`): official (approved) data
 * only, the school, class and homeroom teacher by name, personal IDs masked. Shared by the route
 * and by the personal-data export (identity), which shows a guardian what the platform shows them.
 */
import { authEntities } from '#shared/auth/store.ts';
import { schoolYearOf } from '#shared/calendar/school-year.ts';
import { maskedForAudit, type RecordData } from './domain/records.ts';
import { officialData } from './domain/workflow.ts';
import type { EduRecordItem, EduStore } from './store.ts';

type StudentData = RecordData<'student'>;

/** A learner by record id with their official data; undefined for anyone who is not a learner. */
export async function officialLearner(store: EduStore, recordId: string) {
  const record = await store.getRecord(recordId);
  const data = record?.kind === 'student' ? (officialData(record) as StudentData | undefined) : undefined;
  return record && data ? { record, data } : undefined;
}

/** What the learner's view shows of an official learner. */
export async function learnerView(
  store: EduStore,
  record: EduRecordItem,
  data: StudentData,
  now = new Date(),
) {
  const [cls, units] = await Promise.all([
    data.classId ? store.getRecord(data.classId) : undefined,
    authEntities()
      .orgUnit.get({ orgUnitId: record.ownerId })
      .go({ attributes: ['orgUnitId', 'name'] }),
  ]);
  const classData = cls && (officialData(cls) as { name?: string; homeroomTeacherId?: string } | undefined);
  const teacher = classData?.homeroomTeacherId
    ? await store.getRecord(classData.homeroomTeacherId)
    : undefined;
  return {
    recordId: record.recordId,
    fullName: data.fullName,
    dateOfBirth: data.dateOfBirth,
    gender: data.gender,
    grade: data.grade,
    status: data.status,
    schoolId: record.ownerId,
    schoolName: units.data?.name ?? record.ownerId,
    schoolYear: schoolYearOf(now),
    ...(classData?.name ? { className: classData.name } : {}),
    ...(teacher ? { homeroomTeacher: teacher.name } : {}),
    profile: maskedForAudit('student', data) as Record<string, unknown>,
    pendingChanges: record.status !== 'approved',
  };
}

export type LearnerView = Awaited<ReturnType<typeof learnerView>>;
