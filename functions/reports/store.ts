/**
 * Report jobs: one item per requested report, moved along by the report state machine.
 *
 * Access patterns: by report id (GetItem); an org unit's reports, newest first (gsi1).
 */
import { Entity } from 'electrodb';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { REPORT_KINDS } from './domain/report-kinds.ts';

export const REPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;

export function makeReportJobEntity({ client, table }: TableDeps) {
  return new Entity(
    {
      model: { entity: 'reportJob', version: '1', service: 'edu' },
      attributes: {
        reportId: { type: 'string', required: true },
        kind: { type: REPORT_KINDS, required: true },
        orgUnitId: { type: 'string', required: true },
        schoolYear: { type: 'string', required: true },
        requestedBy: { type: 'string', required: true },
        status: { type: REPORT_STATUSES, required: true },
        objectKey: { type: 'string' },
        error: { type: 'string' },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
      },
      indexes: {
        byId: { pk: { field: 'pk', composite: ['reportId'] }, sk: { field: 'sk', composite: [] } },
        byOrgUnit: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['orgUnitId'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'reportId'] },
        },
      },
    },
    { client, table },
  );
}

export const reportJobs = lazyStore(makeReportJobEntity);
