/**
 * A learner's library as they and their guardians see it (issue 18, item 3): the loans they have
 * now, at any school (a transferred learner keeps their record id, and so their loans), with the
 * due day and whether it has passed, and their holds still waiting or ready on a hold shelf.
 * Loans and holds name the borrower by their education-database record id. Bounded: a school's
 * rules allow a handful of loans at once, and a borrower's holds are few.
 */
import { orgUnitNames } from '#shared/auth/store.ts';
import { cityDay, isOverdueLoan } from './domain/circulation.ts';
import { type LibraryEntities, libraryEntities } from './entities.ts';

/** At most this many of each: far more than any school's rules let one borrower have. */
export const LEARNER_LIST_LIMIT = 50;

export function makeLearnerLibrary(entities: () => LibraryEntities = libraryEntities) {
  return {
    async of(borrowerId: string, today = cityDay()) {
      const [{ data: loans }, { data: holds }] = await Promise.all([
        entities()
          .libLoan.query.byBorrower({ borrowerId })
          .begins({ state: 'open' })
          .go({ order: 'desc', limit: LEARNER_LIST_LIMIT }),
        entities()
          .libHold.query.byBorrower({ borrowerId })
          .where((h, op) => `${op.eq(h.status, 'waiting')} OR ${op.eq(h.status, 'ready')}`)
          .go({ order: 'desc', count: LEARNER_LIST_LIMIT, pages: 'all' }),
      ]);
      const titleIds = [...new Set(holds.map((h) => h.titleId))];
      const [{ data: titles }, schools] = await Promise.all([
        titleIds.length
          ? entities()
              .libTitle.get(titleIds.map((titleId) => ({ titleId })))
              .go({ attributes: ['titleId', 'title'] })
          : Promise.resolve({ data: [] as { titleId: string; title: string }[] }),
        orgUnitNames([...loans, ...holds].map((x) => x.schoolId)),
      ]);
      const titleOf = new Map(titles.map((t) => [t.titleId, t.title]));
      const school = (schoolId: string) => ({ schoolId, schoolName: schools.get(schoolId) ?? schoolId });
      return {
        loans: loans.map((l) => ({
          loanId: l.loanId,
          titleId: l.titleId,
          title: l.title,
          ...school(l.schoolId),
          loanedAt: l.loanedAt,
          dueOn: l.dueOn,
          renewals: l.renewals,
          overdue: isOverdueLoan(l, today),
        })),
        holds: holds.map((h) => ({
          holdId: h.holdId,
          titleId: h.titleId,
          title: titleOf.get(h.titleId) ?? '',
          ...school(h.schoolId),
          placedAt: h.placedAt,
          status: h.status as 'waiting' | 'ready',
          ...(h.status === 'ready' && h.readyUntil ? { readyUntil: h.readyUntil } : {}),
        })),
      };
    },
  };
}
