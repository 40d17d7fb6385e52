/**
 * The library's statistics: each school's figures are recounted by a worker shortly after a
 * change (copies, loans, returns, a resource published) and nightly; a commune's and the city's
 * are the sums of their schools' figures, read from one partition — no request counts loans.
 */
import { authEntities, childUnits } from '#shared/auth/store.ts';
import { schoolYearOf, schoolYearStart } from '#shared/calendar/school-year.ts';
import { logger } from '#shared/observability/logger.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { schoolLearners } from '../edu-data/index.ts';
import { publishedCounts } from '../repository/index.ts';
import { cityDay } from './domain/circulation.ts';
import { emptyCounts, type LibraryCounts, loansPerLearner, sumCounts } from './domain/statistics.ts';
import { type LibraryEntities, libraryEntities } from './entities.ts';
import { TALLY_QUEUE, tallyMessage } from './messages.ts';

/** Changes within these seconds are counted by one recount. */
const TALLY_DELAY_SECONDS = 5;

/** Asks for a school's figures to be recounted; a lost request is made good by the nightly run. */
export async function requestTally(schoolId: string) {
  try {
    await sendMessage(
      TALLY_QUEUE,
      tallyMessage,
      { schoolId, requestedAt: new Date().toISOString() },
      { delaySeconds: TALLY_DELAY_SECONDS },
    );
  } catch (error) {
    logger.warn('library tally not requested; the nightly recount will count it', { schoolId, error });
  }
}

export function makeLibraryStatistics(entities: () => LibraryEntities = libraryEntities) {
  return {
    /** Recounts a school's figures, unless a count made after the request already has them. */
    async tally(schoolId: string, requestedAt: string, now = new Date()) {
      const schoolYear = schoolYearOf(now);
      const { data: before } = await entities().libTally.get({ schoolYear, schoolId }).go();
      if (before && before.computedAt > requestedAt) return 'fresh' as const;
      const { data: school } = await authEntities().orgUnit.get({ orgUnitId: schoolId }).go();
      if (school?.kind !== 'school') return 'not-a-school' as const;
      const computedAt = new Date().toISOString();
      const today = cityDay(now);
      const [holdings, open, closed, learners, digital] = await Promise.all([
        entities()
          .libHolding.query.bySchool({ schoolId })
          .go({ pages: 'all', attributes: ['copies'] }),
        entities()
          .libLoan.query.bySchoolState({ schoolId, state: 'open' })
          .go({ pages: 'all', attributes: ['dueOn'] }),
        entities()
          .libLoan.query.bySchoolState({ schoolId, state: 'closed' })
          .gte({ dueOn: schoolYearStart(schoolYear) })
          .go({ pages: 'all', attributes: ['loanId'] }),
        schoolLearners(schoolId),
        publishedCounts(schoolId),
      ]);
      const counts: LibraryCounts = {
        titles: holdings.data.length,
        copies: holdings.data.reduce((n, h) => n + (h.copies ?? 0), 0),
        loansOpen: open.data.length,
        overdue: open.data.filter((l) => l.dueOn! < today).length,
        loansYear: open.data.length + closed.data.length,
        learners,
        digital: digital.byKind,
        digitalBySubject: digital.bySubject,
      };
      await entities().libTally.put({ schoolYear, schoolId, counts, computedAt }).go();
      return 'counted' as const;
    },

    /**
     * A unit's figures: a school's own; a commune's per school; the city's per commune-level unit.
     * Only counts — no borrower, no loan.
     */
    async read(unit: { orgUnitId: string; kind?: string }, now = new Date()) {
      const schoolYear = schoolYearOf(now);
      const present = (c: LibraryCounts) => ({ ...c, loansPerLearner: loansPerLearner(c) });
      if (unit.kind === 'school') {
        const { data } = await entities().libTally.get({ schoolYear, schoolId: unit.orgUnitId }).go();
        return {
          schoolYear,
          total: present((data?.counts as LibraryCounts | undefined) ?? emptyCounts()),
          schools: 1,
          rows: [],
          ...(data ? { computedAt: data.computedAt } : {}),
        };
      }
      // Every unit under it is listed from the tree, with zeros where no school has a tally yet,
      // and counts the schools the tree has under it. A school's tally counts under the unit the
      // tree has it in now (a school that moved counts under its new commune).
      const [units, { data }] = await Promise.all([
        childUnits(unit.orgUnitId),
        entities().libTally.query.byYear({ schoolYear }).go({ pages: 'all' }),
      ]);
      const tallies = new Map(data.map((t) => [t.schoolId, t]));
      let computedAt = '';
      const rows = units
        .map((u) => {
          const counted = u.schoolIds.flatMap((id) => {
            const t = tallies.get(id);
            if (!t) return [];
            if (t.computedAt > computedAt) computedAt = t.computedAt;
            return [t.counts as LibraryCounts];
          });
          return {
            orgUnitId: u.orgUnitId,
            name: u.name,
            schools: u.schoolIds.length,
            /** Schools with a tally this school year; a unit with none has no data yet. */
            schoolsCounted: counted.length,
            ...present(sumCounts(counted)),
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
      return {
        schoolYear,
        total: present(sumCounts(rows)),
        schools: rows.reduce((n, r) => n + r.schools, 0),
        rows,
        ...(computedAt ? { computedAt } : {}),
      };
    },
  };
}
