/**
 * The library's statistics: each school's figures are recounted by a worker shortly after a
 * change (copies, loans, returns, a resource published) and nightly; a commune's and the city's
 * are the sums of their schools' figures, read from one partition — no request counts loans.
 */
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { authEntities, orgUnitNames } from '#shared/auth/store.ts';
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
          rows: [],
          ...(data ? { computedAt: data.computedAt } : {}),
        };
      }
      const { data } = await entities().libTally.query.byYear({ schoolYear }).go({ pages: 'all' });
      // Where each school is now: a school that moved counts under its new commune.
      const schools = await orgTree().many(data.map((t) => t.schoolId));
      const root = DEPARTMENT_ORG_UNIT_ID();
      const groups = new Map<string, LibraryCounts[]>();
      let computedAt = '';
      for (const t of data) {
        const lineage = schools.get(t.schoolId)?.lineage ?? [];
        const at = lineage.indexOf(unit.orgUnitId);
        if (at < 0) continue;
        // The Department's rows are its commune-level units; a commune's, its schools.
        const child = unit.orgUnitId === root ? lineage[1] : lineage[at + 1];
        if (!child) continue;
        groups.set(child, [...(groups.get(child) ?? []), t.counts as LibraryCounts]);
        if (t.computedAt > computedAt) computedAt = t.computedAt;
      }
      const names = await orgUnitNames([...groups.keys()]);
      const rows = [...groups]
        .map(([orgUnitId, list]) => ({
          orgUnitId,
          name: names.get(orgUnitId) ?? orgUnitId,
          schools: list.length,
          ...present(sumCounts(list)),
        }))
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
      return {
        schoolYear,
        total: present(sumCounts([...groups.values()].flat())),
        rows,
        ...(computedAt ? { computedAt } : {}),
      };
    },
  };
}
