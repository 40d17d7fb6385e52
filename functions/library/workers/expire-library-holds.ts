/**
 * Every morning (06:30 in Hải Phòng): at each school, copies kept on the hold shelf past their
 * day go to the next borrower waiting (who is told) or back on the shelf — one Query per school
 * on its hold shelf by day, nothing read where nothing waits.
 */
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { schoolsUnder } from '#shared/auth/store.ts';
import { logger } from '#shared/observability/logger.ts';
import { makeCirculation } from '../circulation.ts';

const circulation = makeCirculation();
const SCHOOLS_AT_ONCE = 8;

export async function handler() {
  const schools = await schoolsUnder(DEPARTMENT_ORG_UNIT_ID());
  let expired = 0;
  for (let i = 0; i < schools.length; i += SCHOOLS_AT_ONCE) {
    const done = await Promise.all(
      schools.slice(i, i + SCHOOLS_AT_ONCE).map((schoolId) => circulation.expireHolds(schoolId)),
    );
    expired += done.reduce((n, d) => n + d.expired, 0);
  }
  if (expired) logger.info('Library holds expired', { expired, schools: schools.length });
  return { expired, schools: schools.length };
}
