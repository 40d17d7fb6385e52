/**
 * Records written before names were filed by word have no name entries, so a search by the given
 * name would miss them. Once per deployment this asks for every unit's records to be filed (the
 * `file-names` worker does it, unit by unit); a marker then makes the nightly check one read.
 * New records are filed as they are written, so a fresh database never needs it.
 */
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { schoolsUnder } from '#shared/auth/store.ts';
import { logger } from '#shared/observability/logger.ts';
import { sendMessages } from '#shared/queue/sqs.ts';
import { NAME_ENTRIES_MARKER, NAME_ENTRIES_QUEUE, nameEntriesMessage } from '../messages.ts';
import { makeEduStore } from '../store.ts';

const store = makeEduStore();

export async function handler() {
  if (await store.hasMarker(NAME_ENTRIES_MARKER)) return { units: 0 };
  // The Department owns the school years; every other record belongs to a school.
  const department = DEPARTMENT_ORG_UNIT_ID();
  const units = [department, ...(await schoolsUnder(department))];
  await sendMessages(
    NAME_ENTRIES_QUEUE,
    nameEntriesMessage,
    units.map((unitId) => ({ unitId })),
  );
  await store.setMarker(NAME_ENTRIES_MARKER, new Date().toISOString());
  logger.info('Filing names by word requested', { units: units.length });
  return { units: units.length };
}
