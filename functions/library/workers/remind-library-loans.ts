/**
 * Every morning (07:00 in Hải Phòng): reminds borrowers whose loans are due within two days or
 * already late, through the notifications queue — one Query per school on its open loans by due
 * day (no Scan), at most one reminder per loan and day whatever the retries.
 *
 * Borrowers are people of the education database, so the recipient is their record there
 * (`edu:<recordId>`): the notifications outbox keeps the reminder under it. Reaching the person
 * needs accounts linked to education-database people (a student's or parent's account), which
 * the platform does not have yet.
 */
import { notify } from '#functions/notifications/index.ts';
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { schoolsUnder } from '#shared/auth/store.ts';
import { logger } from '#shared/observability/logger.ts';
import type { LoanItem } from '../circulation.ts';
import { addDays, cityDay } from '../domain/circulation.ts';
import { libraryEntities } from '../entities.ts';

const DAYS_AHEAD = 2;
const SCHOOLS_AT_ONCE = 8;

export async function handler() {
  const today = cityDay();
  const until = addDays(today, DAYS_AHEAD);
  const schools = await schoolsUnder(DEPARTMENT_ORG_UNIT_ID());
  let sent = 0;
  let overdue = 0;
  for (let i = 0; i < schools.length; i += SCHOOLS_AT_ONCE) {
    await Promise.all(
      schools.slice(i, i + SCHOOLS_AT_ONCE).map(async (schoolId) => {
        const { data } = await libraryEntities()
          .libLoan.query.bySchoolState({ schoolId, state: 'open' })
          .lte({ dueOn: until })
          .go({ pages: 'all' });
        for (const loan of data as unknown as LoanItem[]) {
          const late = loan.dueOn < today;
          await notify({
            notificationId: `loan-${loan.loanId}-${today}`.slice(0, 64),
            channel: 'app',
            recipientId: `edu:${loan.borrowerId}`,
            template: late ? 'library-loan-overdue' : 'library-loan-due-soon',
            data: { title: loan.title, dueOn: loan.dueOn, schoolId },
          });
          sent++;
          if (late) overdue++;
        }
      }),
    );
  }
  if (sent) logger.info('Library loan reminders sent', { sent, overdue, schools: schools.length });
  return { sent, overdue, schools: schools.length };
}
