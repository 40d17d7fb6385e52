/**
 * Maintenance over every record of a unit (a moved school's re-keying, filing old names by word):
 * a page at a time, a few writes in flight, each write conditional on the version read. A write
 * refused because someone changed the record meanwhile is tried again on the record as it is now,
 * while `needed` says it still has to happen.
 */
import { RECORD_KINDS } from './domain/records.ts';
import type { EduRecordItem, EduStore } from './store.ts';

/** Writes in flight at once: a school's thousands of learners without throttling the table. */
const CONCURRENCY = 10;
const RETRIES = 3;

export async function rewriteRecordsOf(
  store: EduStore,
  unitId: string,
  write: (record: EduRecordItem) => Promise<boolean>,
  needed: (record: EduRecordItem) => boolean = () => true,
): Promise<number> {
  let written = 0;
  for (const kind of RECORD_KINDS) {
    for await (const page of store.pagesOfOwner(unitId, kind)) {
      const todo = page.filter(needed);
      for (let i = 0; i < todo.length; i += CONCURRENCY)
        await Promise.all(
          todo.slice(i, i + CONCURRENCY).map(async (r) => {
            let current: EduRecordItem | undefined = r;
            for (let tries = 0; current && needed(current) && tries < RETRIES; tries++) {
              if (await write(current)) {
                written++;
                return;
              }
              // Someone wrote it meanwhile: read it again and write on what they wrote.
              current = await store.getRecord(r.recordId);
            }
            if (current && needed(current)) throw new Error(`Record ${r.recordId} kept changing`);
          }),
        );
    }
  }
  return written;
}
