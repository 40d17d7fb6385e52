/**
 * Every morning (08:00 in Hải Phòng): reminds authors of the records due within three days or
 * already late and not yet submitted (drafts, and records returned to them), and teachers who
 * have not even started their teacher's plan when it is due, through the notifications queue.
 * One Query per kind and status on the city-wide due index, and one for the schools' tallies
 * (their teachers without a plan); no school is scanned.
 */
import { notify } from '#functions/notifications/index.ts';
import { logger } from '#shared/observability/logger.ts';
import { schoolYearOf } from '../domain/records.ts';
import { makeRecords } from '../service.ts';

const records = makeRecords();
const DAYS_AHEAD = 3;

export async function handler() {
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const until = new Date(now.getTime() + DAYS_AHEAD * 86_400_000).toISOString().slice(0, 10);
  const schoolYear = schoolYearOf(now);
  let sent = 0;
  for (const status of ['draft', 'returned'] as const) {
    for (const r of await records.due(schoolYear, status, until)) {
      await notify({
        // One reminder per record and day, whatever retries happen.
        notificationId: `record-due-${r.recordId}-${today}`.slice(0, 64),
        channel: 'app',
        recipientId: r.authorId,
        template: r.deadline < today ? 'record-overdue' : 'record-due-soon',
        data: { recordId: r.recordId, title: r.title, deadline: r.deadline, status: r.status },
      });
      sent++;
    }
  }
  // Teachers with no plan at all have no record to be reminded of: the tallies know them.
  let withoutPlan = 0;
  for (const tally of await records.tallies(schoolYear)) {
    if (!tally.planDeadline || tally.planDeadline > until) continue;
    for (const teacherId of tally.withoutPlan) {
      await notify({
        notificationId: `plan-missing-${teacherId}-${today}`.slice(0, 64),
        channel: 'app',
        recipientId: teacherId,
        template: 'teacher-plan-missing',
        data: { schoolId: tally.schoolId, schoolYear, deadline: tally.planDeadline },
      });
      withoutPlan++;
    }
  }
  sent += withoutPlan;
  if (sent) logger.info('Record deadline reminders sent', { sent, withoutPlan, schoolYear });
  return { sent, withoutPlan, schoolYear };
}
