/**
 * Locking by deadline: a school's leaders set the day a semester's books lock (hạn khoá sổ);
 * every day just after midnight, Hải Phòng time, a schedule locks the books still open of every
 * school whose deadline has come — the books of the subjects each class is assigned — and tells
 * each pupil and their guardians once that the semester's scores are released.
 */
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { cityDate } from '#shared/calendar/school-year.ts';
import { nameBasedId } from '#shared/db/name-based-id.ts';
import { badRequest, fieldError, HttpProblem } from '#shared/http/problem.ts';
import { logger } from '#shared/observability/logger.ts';
import { classesTeachingOfSchool, classList } from '../edu-data/index.ts';
import { type NotificationMessage, notifyQuietly } from '../notifications/messages.ts';
import { classBooks, lock, shapeOf } from './books.ts';
import { gradebookText } from './domain/texts.ts';
import { gradebookEntities } from './entities.ts';

export interface LockDeadline {
  schoolId: string;
  schoolYear: string;
  semester: number;
  lockOn: string;
  setBy: string;
  setAt: string;
  queue?: 'pending';
  appliedAt?: string;
  lockedBooks?: number;
}

/** The deadline must fall in its school year (5 September to 31 August). */
export function checkLockOn(schoolYear: string, lockOn: string) {
  const start = `${schoolYear.slice(0, 4)}-09-05`;
  const end = `${schoolYear.slice(5, 9)}-08-31`;
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(lockOn) && !Number.isNaN(Date.parse(lockOn));
  if (!valid || lockOn < start || lockOn > end)
    throw badRequest(gradebookText('deadline-outside-year', { schoolYear }), [
      fieldError('body', 'lockOn', gradebookText('deadline-outside-year', { schoolYear })),
    ]);
}

export async function schoolDeadlines(schoolId: string): Promise<LockDeadline[]> {
  const { data } = await gradebookEntities().lockDeadline.query.bySchool({ schoolId }).go({ pages: 'all' });
  return data as LockDeadline[];
}

/** Sets (or moves) a semester's deadline; one already applied is set again to wait. */
export async function setDeadline(
  school: OrgTarget,
  input: { schoolYear: string; semester: 1 | 2; lockOn: string },
  actor: { accountId: string; requestId: string },
) {
  checkLockOn(input.schoolYear, input.lockOn);
  const item: LockDeadline = {
    schoolId: school.orgUnitId,
    ...input,
    setBy: actor.accountId,
    setAt: new Date().toISOString(),
    queue: 'pending',
  };
  await gradebookEntities()
    .service.transaction.write(({ lockDeadline, auditEntry: log }) => [
      lockDeadline.put(item).commit(),
      log
        .create(
          auditEntry({
            actorId: actor.accountId,
            action: 'gradebook.set-deadline',
            targetType: 'school',
            targetId: `${school.orgUnitId}/${input.schoolYear}/${input.semester}`,
            orgUnit: school,
            requestId: actor.requestId,
            changes: { lockOn: input.lockOn },
          }),
        )
        .commit(),
    ])
    .go();
  return item;
}

const SYSTEM = { accountId: 'system:deadline', fullName: 'Hạn khoá sổ', requestId: 'lock-deadline' };

/** Locks one school's open books of a semester; the pupils of each class it locked are told once. */
async function lockSchool(d: LockDeadline, school: OrgTarget): Promise<number> {
  let locked = 0;
  const classes = (await classesTeachingOfSchool(d.schoolId)).filter((c) => c.schoolYear === d.schoolYear);
  for (const cls of classes) {
    const found = await classBooks(cls.classId);
    if (!found) continue;
    const open = found.books.filter((b) => b.semester === d.semester && b.teacherId && !b.stored?.lockedAt);
    let lockedHere = 0;
    for (const b of open) {
      try {
        const shape = shapeOf(found.rules, cls.grade, b.subject, b.stored);
        await lock({ ...b, cls, rules: found.rules, shape }, SYSTEM, school);
        lockedHere++;
      } catch (error) {
        // Locked by a leader meanwhile: nothing left to do for it.
        if (!(error instanceof HttpProblem && error.status === 409)) throw error;
      }
    }
    locked += lockedHere;
    if (!lockedHere) continue;
    const pupils = await classList(cls.classId);
    await notifyQuietly(
      pupils.map(
        (p): NotificationMessage => ({
          notificationId: nameBasedId(`semester-released:${cls.classId}:${d.semester}:${p.learnerId}`),
          channel: 'app',
          recipientId: `edu:${p.learnerId}`,
          template: 'semester-scores-released',
          data: { semester: String(d.semester), className: cls.name },
        }),
      ),
      'Deadline release notifications',
    );
  }
  return locked;
}

/** The schedule: every deadline due by today (city time) and not applied, applied now. */
export async function lockDueBooks(now = new Date()) {
  const today = cityDate(now);
  const { data } = await gradebookEntities()
    .lockDeadline.query.due({ queue: 'pending' })
    .lte({ lockOn: today })
    .go({ pages: 'all' });
  let books = 0;
  for (const d of data as LockDeadline[]) {
    const school = await orgTree()(d.schoolId);
    if (!school) continue;
    const lockedBooks = await lockSchool(d, school);
    books += lockedBooks;
    // Applied: written again without `queue`, so it leaves the index the schedule reads; a
    // deadline moved meanwhile (setAt changed) is left waiting.
    const { queue: _waiting, ...applied } = d;
    await gradebookEntities()
      .lockDeadline.put({ ...applied, appliedAt: now.toISOString(), lockedBooks })
      .where((x, op) => op.eq(x.setAt, d.setAt))
      .go()
      .catch((error: unknown) =>
        logger.warn('Deadline moved while applied', { schoolId: d.schoolId, error: String(error) }),
      );
  }
  return { deadlines: data.length, books };
}
