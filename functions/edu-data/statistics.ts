/**
 * Official figures as the API and the statistics worker see them. A school's aggregate is
 * recomputed from its records; a unit's aggregate is the sum of the aggregates under it,
 * rolled up by a delayed message so bursts of approvals in one commune cost one rollup.
 */
import { authEntities, childUnits } from '#shared/auth/store.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { RECORD_KINDS } from './domain/records.ts';
import { derivedRatios, emptyFigures, type Figures, schoolFigures, sumFigures } from './domain/statistics.ts';
import { STATISTICS_QUEUE, statisticsMessage } from './messages.ts';
import type { EduStore } from './store.ts';

const ROLLUP_DELAY_SECONDS = 5;

async function unitOf(orgUnitId: string) {
  const { data } = await authEntities().orgUnit.get({ orgUnitId }).go();
  return data ?? undefined;
}

export function makeStatistics(store: EduStore) {
  return {
    /** A school's figures from its records as they are now, and what reading them took. */
    async computeSchool(schoolId: string) {
      const school = await unitOf(schoolId);
      if (school?.kind !== 'school') return undefined;
      // Results (three a learner a year) say nothing the figures count: not read.
      const kinds = RECORD_KINDS.filter((k) => k !== 'school-year' && k !== 'result');
      const records = (await Promise.all(kinds.map((k) => store.allOfOwner(schoolId, k)))).flat();
      const bytesRead = records.reduce((n, r) => n + JSON.stringify(r).length, 0);
      return { school, figures: schoolFigures(records), itemsRead: records.length, bytesRead };
    },

    /** Recompute one school's figures, then ask for its parent's rollup. */
    async refreshSchool(schoolId: string, now = new Date()) {
      const computed = await this.computeSchool(schoolId);
      if (!computed) return;
      const { school, figures } = computed;
      const before = await store.getStats(schoolId);
      await store.putStats(schoolId, school.parentId, figures, now.toISOString());
      // A school that moved to another commune leaves its old commune's total to be redone too.
      const parents = new Set([
        school.parentId,
        ...(before && before.parentId !== school.parentId ? [before.parentId] : []),
      ]);
      for (const unitId of parents)
        await sendMessage(
          STATISTICS_QUEUE,
          statisticsMessage,
          { refresh: 'rollup', unitId },
          { delaySeconds: ROLLUP_DELAY_SECONDS },
        );
    },

    /** A unit's figures are the sum of the units under it; its own parent rolls up in turn. */
    async rollup(unitId: string, now = new Date()) {
      const unit = await unitOf(unitId);
      if (!unit || unit.kind === 'department') return; // the city's total is summed when read
      const children = await store.statsUnder(unitId);
      await store.putStats(
        unitId,
        unit.parentId,
        sumFigures(children.map((c) => c.figures as Figures)),
        now.toISOString(),
      );
      await sendMessage(
        STATISTICS_QUEUE,
        statisticsMessage,
        { refresh: 'rollup', unitId: unit.parentId },
        { delaySeconds: ROLLUP_DELAY_SECONDS },
      );
    },

    async requestRefresh(schoolIds: Iterable<string>) {
      for (const schoolId of new Set(schoolIds))
        await sendMessage(STATISTICS_QUEUE, statisticsMessage, { refresh: 'school', schoolId });
    },

    /** A school's own figures, or the sum of the units directly under a unit, with each of them. */
    async read(orgUnitId: string) {
      const present = (f: Figures) => ({ ...f, ...derivedRatios(f) });
      const unit = await unitOf(orgUnitId);
      if (unit?.kind === 'school') {
        const own = await store.getStats(orgUnitId);
        const figures = (own?.figures as Figures | undefined) ?? emptyFigures();
        return {
          orgUnitId,
          figures: present(figures),
          children: [],
          ...(own ? { updatedAt: own.updatedAt } : {}),
        };
      }
      // Every unit under it now is listed, from the tree — one without figures yet (no school
      // computed) with zeros — and each counts the schools the tree has under it. Only the units
      // under it now count: a school moved away keeps an old aggregate until it is recomputed,
      // and one moved in is asked for (the tree is the identity context's, read here).
      const [current, aggregates] = await Promise.all([childUnits(orgUnitId), store.statsUnder(orgUnitId)]);
      const byUnit = new Map(aggregates.map((a) => [a.unitId, a]));
      const missing = current.filter((u) => u.kind === 'school' && !byUnit.has(u.orgUnitId));
      if (missing.length) await this.requestRefresh(missing.slice(0, 50).map((u) => u.orgUnitId));
      const children = current
        .map((u) => {
          const found = byUnit.get(u.orgUnitId);
          const figures = {
            ...((found?.figures as Figures | undefined) ?? emptyFigures()),
            schools: u.schoolIds.length,
          };
          return {
            orgUnitId: u.orgUnitId,
            name: u.name,
            kind: u.kind,
            hasData: Boolean(
              found && Object.keys((found.figures as Figures).schoolsWithApproved ?? {}).length,
            ),
            figures,
            ...(found ? { updatedAt: found.updatedAt } : {}),
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
      const updatedAt = children
        .map((c) => c.updatedAt ?? '')
        .sort()
        .at(-1);
      return {
        orgUnitId,
        figures: present(sumFigures(children.map((c) => c.figures))),
        children: children.map((c) => ({ ...c, figures: present(c.figures) })),
        ...(updatedAt ? { updatedAt } : {}),
      };
    },
  };
}
