/**
 * The BDTX dashboards of communes and the city: each school's figures of a year (plans,
 * periods, who reached 120, who is behind) are recounted into a tally by a worker — nightly, and
 * after a plan is sent or decided — and a dashboard adds up the tallies of the schools under each
 * unit as the org tree has them now (a school that moved counts under its new commune). Reading a
 * thousand schools' plans and enrolments on a request would not do; reading a thousand tallies is
 * one Query.
 */
import type { OrgTarget } from '#shared/auth/can.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { childUnits } from '#shared/auth/store.ts';
import { isConditionFailure } from '#shared/db/errors.ts';
import { planDeadline } from './domain/bdtx.ts';
import { type BdtxCounts, countSchool, emptyCounts, rates, sumCounts } from './domain/dashboard.ts';
import { type CourseEntities, courseEntities } from './entities.ts';
import { makePlans } from './plans.ts';

interface TallyItem {
  year: number;
  schoolId: string;
  counts: BdtxCounts;
  computedAt: string;
}

export function makeBdtxDashboard(entities: () => CourseEntities = courseEntities) {
  const plans = makePlans(entities);
  return {
    /**
     * Recounts a school's figures of a year, unless a tally made after the request already
     * counts what changed (a burst of decisions in one school costs one recount).
     */
    async tally(schoolId: string, year: number, requestedAt: string) {
      const { data: before } = await entities().bdtxTally.get({ year, schoolId }).go();
      if (before && before.computedAt > requestedAt) return 'fresh' as const;
      const school = await orgTree()(schoolId);
      if (school?.kind !== 'school') return 'not-a-school' as const;
      const computedAt = new Date().toISOString();
      const counts = countSchool(await plans.ofSchool(school, year));
      try {
        // Recounts of one school may run at once: the one that started last is kept.
        await entities()
          .bdtxTally.put({ year, schoolId, counts, computedAt })
          .where((x, op) => `${op.notExists(x.computedAt)} OR ${op.lt(x.computedAt, computedAt)}`)
          .go();
      } catch (error) {
        if (isConditionFailure(error)) return 'fresh' as const;
        throw error;
      }
      return 'counted' as const;
    },

    async tallies(year: number): Promise<TallyItem[]> {
      const { data } = await entities().bdtxTally.query.byYear({ year }).go({ pages: 'all' });
      return data as TallyItem[];
    },

    /**
     * A unit's dashboard: a row per unit directly under it (communes under the city, schools under
     * a commune) with its schools' figures added up, the total, and when the newest tally was made.
     */
    async view(unit: OrgTarget, year: number) {
      const [children, tallies] = await Promise.all([childUnits(unit.orgUnitId), this.tallies(year)]);
      const bySchool = new Map(tallies.map((t) => [t.schoolId, t]));
      const placed = await orgTree().many(
        children.flatMap((u) => u.schoolIds.filter((id) => bySchool.has(id))),
      );
      let computedAt = '';
      const rows = children
        .filter((u) => u.schoolIds.length > 0)
        .map((u) => {
          const counted: BdtxCounts[] = [];
          for (const schoolId of u.schoolIds) {
            const t = bySchool.get(schoolId);
            // Counted where the tree has the school now.
            if (!t || !placed.get(schoolId)?.lineage.includes(u.orgUnitId)) continue;
            counted.push({ ...emptyCounts(), ...t.counts });
            if (t.computedAt > computedAt) computedAt = t.computedAt;
          }
          const counts = sumCounts(counted);
          return {
            orgUnitId: u.orgUnitId,
            name: u.name,
            kind: u.kind,
            schools: u.schoolIds.length,
            /** Schools with figures this year: fewer than `schools` until every tally is made. */
            schoolsCounted: counted.length,
            ...counts,
            ...rates(counts),
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
      const total = sumCounts(rows);
      return {
        year,
        deadline: planDeadline(year),
        total: {
          ...total,
          ...rates(total),
          schools: rows.reduce((n, r) => n + r.schools, 0),
          schoolsCounted: rows.reduce((n, r) => n + r.schoolsCounted, 0),
        },
        rows,
        ...(computedAt ? { computedAt } : {}),
      };
    },
  };
}
