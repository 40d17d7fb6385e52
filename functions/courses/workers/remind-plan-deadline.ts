/**
 * Every morning (08:00 in Hải Phòng), 7 days and 1 day before the plans' deadline (31 May): reminds
 * everyone who must plan at a school (holding course.plan there) and has not sent a plan — none,
 * a draft, or one returned — through the notifications queue (template `bdtx-plan-due`). A plan
 * sent and waiting is the school leader's to decide: its author is not reminded. The city's schools
 * come from the org tree (one Query per unit with units under it), each school's people and plans
 * by its indexes (no Scan), five schools at a time; one reminder per person, year and day before,
 * whatever the retries.
 *
 * The scheduled event's `time` is the sweep's "now" (so a run can be replayed for a given day).
 */
import { notify } from '#functions/notifications/index.ts';
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { childUnits } from '#shared/auth/store.ts';
import { nameBasedId } from '#shared/db/name-based-id.ts';
import { logger } from '#shared/observability/logger.ts';
import {
  bdtxYear,
  daysLeft,
  planDeadline,
  planStanding,
  REMIND_DAYS_BEFORE,
  vietnamDay,
} from '../domain/bdtx.ts';
import { makePlans } from '../plans.ts';

const plans = makePlans();
const SCHOOLS_AT_ONCE = 5;
const SENDING_AT_ONCE = 16;
/** Who is reminded: those who have not sent a plan. */
const UNSENT = new Set(['none', 'draft', 'returned']);

export async function handler(event: { time?: string } = {}) {
  const now =
    event.time && !Number.isNaN(Date.parse(event.time))
      ? new Date(event.time).toISOString()
      : new Date().toISOString();
  const year = bdtxYear(now);
  const deadline = planDeadline(year);
  const days = daysLeft(deadline, now);
  if (!REMIND_DAYS_BEFORE.includes(days)) return { schools: 0, reminded: 0 };

  const root = DEPARTMENT_ORG_UNIT_ID();
  const schools = [...new Set((await childUnits(root)).flatMap((u) => u.schoolIds))];
  let reminded = 0;
  for (let i = 0; i < schools.length; i += SCHOOLS_AT_ONCE)
    await Promise.all(
      schools.slice(i, i + SCHOOLS_AT_ONCE).map(async (schoolId) => {
        const school = await orgTree()(schoolId);
        if (!school) return;
        const { ids, byAccount } = await plans.planners(school, year);
        const due = ids.filter((id) => UNSENT.has(planStanding(byAccount.get(id), year, now)));
        for (let j = 0; j < due.length; j += SENDING_AT_ONCE)
          await Promise.all(
            due.slice(j, j + SENDING_AT_ONCE).map((accountId) =>
              notify({
                notificationId: `bdtx-plan-due-${nameBasedId(`${year}:${accountId}:${days}`)}`,
                channel: 'app',
                recipientId: accountId,
                template: 'bdtx-plan-due',
                // The last day to send it (the deadline is the end of 31 May).
                data: { year, deadline: vietnamDay(new Date(Date.parse(deadline) - 1).toISOString()) },
              }),
            ),
          );
        reminded += due.length;
      }),
    );
  logger.info('BDTX plan deadline reminded', { schools: schools.length, reminded, days });
  return { schools: schools.length, reminded };
}
