/**
 * Report jobs: one item per requested report, moved along by the report state machine, and one
 * part per unit the machine fanned out to (a commune's or a school's figures).
 *
 * Access patterns: a job by id (GetItem); an org unit's reports, newest first (gsi1); the parts
 * of a job (Query by report id).
 */
import { Entity } from 'electrodb';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { jobAttributes, jobById } from '#shared/jobs/attributes.ts';
import { REPORT_KINDS } from './domain/report-kinds.ts';

export function makeReportEntities({ client, table }: TableDeps) {
  const reportJob = new Entity(
    {
      model: { entity: 'reportJob', version: '1', service: 'edu' },
      attributes: {
        ...jobAttributes('reportId'),
        kind: { type: REPORT_KINDS, required: true },
        schoolYear: { type: 'string', required: true },
        totalUnits: { type: 'number' },
        completedUnits: { type: 'number' },
        /** What the figures cost to read: items and bytes, summed over the parts. */
        itemsRead: { type: 'number' },
        bytesRead: { type: 'number' },
        /** The document number given when it was rendered ("12/BC-SGDĐT"), kept if rendering is retried. */
        documentNumber: { type: 'string' },
      },
      indexes: {
        ...jobById('reportId'),
        byOrgUnit: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['orgUnitId'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'reportId'] },
        },
      },
    },
    { client, table },
  );

  const reportPart = new Entity(
    {
      model: { entity: 'reportPart', version: '1', service: 'edu' },
      attributes: {
        reportId: { type: 'string', required: true },
        unitId: { type: 'string', required: true },
        unitName: { type: 'string', required: true },
        figures: { type: 'any', required: true },
        itemsRead: { type: 'number', required: true },
        bytesRead: { type: 'number', required: true },
        ttl: { type: 'number' },
      },
      indexes: {
        byReport: {
          pk: { field: 'pk', composite: ['reportId'] },
          sk: { field: 'sk', composite: ['unitId'] },
        },
      },
    },
    { client, table },
  );
  /**
   * The last document number a unit gave a report in a calendar year ("Số: 12/BC-SGDĐT"): one
   * item per unit and year, added to once per report (a few a month, never hot).
   */
  const reportNumber = new Entity(
    {
      model: { entity: 'reportNumber', version: '1', service: 'edu' },
      attributes: {
        orgUnitId: { type: 'string', required: true },
        year: { type: 'number', required: true },
        last: { type: 'number' },
      },
      indexes: {
        byUnitYear: {
          pk: { field: 'pk', composite: ['orgUnitId', 'year'] },
          sk: { field: 'sk', composite: [] },
        },
      },
    },
    { client, table },
  );
  return { reportJob, reportPart, reportNumber };
}

const entities = lazyStore(makeReportEntities);
export const reportJobs = () => entities().reportJob;
export const reportParts = () => entities().reportPart;

/** The next document number of a unit's reports in a year (1, 2, …). */
export async function nextReportNumber(orgUnitId: string, year: number): Promise<number> {
  const { data } = await entities()
    .reportNumber.update({ orgUnitId, year })
    .add({ last: 1 })
    .go({ response: 'all_new' });
  return data.last ?? 1;
}
