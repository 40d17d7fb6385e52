/**
 * A person downloads what the platform holds on them (Decree 13/2023, issue 18 item 6). The
 * request is a job (shared/jobs): audited at the account's home unit, queued, gathered and written
 * by the `export-personal-data` worker as `personal-data.json` and a Vietnamese PDF summary in the
 * reports bucket, then polled by id. Only the requester reads their export; anyone else's id is a
 * 404, as an id that does not exist. One export runs at a time per account: asking again while
 * one is queued or running answers with that one.
 *
 * Access patterns: an export by id (GetItem); an account's exports, newest first (gsi1).
 */

import { Entity } from 'electrodb';
import { type AuditInput, auditEntry } from '#shared/audit/entity.ts';
import { DEPARTMENT_ORG_UNIT_ID } from '#shared/auth/org-root.ts';
import { orgTree } from '#shared/auth/principal-loader.ts';
import { authEntities } from '#shared/auth/store.ts';
import { lazyStore, type TableDeps } from '#shared/db/client.ts';
import { notFound } from '#shared/http/problem.ts';
import { type JobItem, jobAttributes, jobById, makeJobs } from '#shared/jobs/jobs.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { presignDownload } from '#shared/storage/s3.ts';
import { PERSONAL_DATA_FILES, personalDataFolder } from './domain/personal-data.ts';
import {
  PERSONAL_DATA_EXPORTS_QUEUE,
  PERSONAL_DATA_KEEP_DAYS,
  PERSONAL_DATA_PREFIX,
  personalDataExportMessage,
} from './messages.ts';

export interface PersonalDataExportJob extends JobItem {
  exportId: string;
  /** The audit entry of the request, written when the job starts: the export lists it. */
  auditId: string;
}

export function makePersonalDataEntities({ client, table }: TableDeps) {
  const personalDataExport = new Entity(
    {
      model: { entity: 'personalDataExport', version: '1', service: 'edu' },
      attributes: { ...jobAttributes('exportId'), auditId: { type: 'string', required: true } },
      indexes: {
        ...jobById('exportId'),
        byRequester: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: ['requestedBy'] },
          sk: { field: 'gsi1sk', composite: ['createdAt', 'exportId'] },
        },
      },
    },
    { client, table },
  );
  return { personalDataExport };
}

export const personalDataEntities = lazyStore(makePersonalDataEntities);

/** A queued or running export older than this is taken for stuck: a new one may be asked for. */
const RUNNING_MS = 15 * 60_000;

/** The PDF beside the JSON (the job's object key). */
export const summaryKeyOf = (jsonKey: string) =>
  jsonKey.slice(0, -PERSONAL_DATA_FILES.json.length) + PERSONAL_DATA_FILES.pdf;

type AuditItem = ReturnType<typeof auditEntry>;

export function makePersonalDataExports(entities = personalDataEntities) {
  /** The jobs; a request's own start first writes its audit entry, naming the export. */
  const jobsWith = (audit?: AuditItem) =>
    makeJobs<PersonalDataExportJob, 'exportId'>({
      entity: () => entities().personalDataExport,
      id: 'exportId',
      keepDays: PERSONAL_DATA_KEEP_DAYS,
      objectKey: (exportId, job) =>
        personalDataFolder(PERSONAL_DATA_PREFIX, job.requestedBy, exportId) + PERSONAL_DATA_FILES.json,
      start: async (job) => {
        if (audit)
          await authEntities()
            .auditEntry.create({ ...audit, changes: { exportId: job.exportId } })
            .go();
        await sendMessage(PERSONAL_DATA_EXPORTS_QUEUE, personalDataExportMessage, { exportId: job.exportId });
      },
      download: { fileName: () => 'du-lieu-ca-nhan.json' },
      hidden: ['auditId'],
      present: async (job) =>
        job.status === 'done'
          ? {
              summaryUrl: await presignDownload(
                'reports',
                summaryKeyOf(job.objectKey),
                300,
                'tom-tat-du-lieu-ca-nhan.pdf',
              ),
            }
          : {},
    });
  const jobs = jobsWith();

  return {
    ...jobs,

    /** Asks for an export of the account's data (audited), or answers with the one under way. */
    async request(account: { sub: string; homeOrgUnitId?: string }, requestId: string, now = new Date()) {
      const { data: latest } = await entities()
        .personalDataExport.query.byRequester({ requestedBy: account.sub })
        .go({ order: 'desc', limit: 1 });
      const current = latest[0] as PersonalDataExportJob | undefined;
      if (
        current &&
        (current.status === 'pending' || current.status === 'running') &&
        now.getTime() - Date.parse(current.createdAt) < RUNNING_MS
      )
        return jobs.present(current);

      const homeId = account.homeOrgUnitId ?? DEPARTMENT_ORG_UNIT_ID();
      const home = (await orgTree()(homeId)) ?? { orgUnitId: homeId, lineage: [homeId] };
      const audit: AuditInput = {
        actorId: account.sub,
        action: 'personal-data.export',
        targetType: 'account',
        targetId: account.sub,
        orgUnit: home,
        requestId,
      };
      const entry = auditEntry(audit, now);
      return jobsWith(entry).request({
        orgUnitId: home.orgUnitId,
        requestedBy: account.sub,
        requestId,
        auditId: entry.auditId,
      });
    },

    /** An export as its requester sees it; anyone else's is as absent as one that never was. */
    async read(exportId: string, accountId: string) {
      const job = await jobs.get(exportId);
      if (!job || job.requestedBy !== accountId) throw notFound();
      return jobs.present(job);
    },
  };
}
