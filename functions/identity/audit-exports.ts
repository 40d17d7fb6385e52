/**
 * Exporting a scope's audit log to XLSX: the request is recorded and queued; a worker writes the
 * file into the reports bucket (the export of a whole city's year must not hold an API request).
 */
import { randomUUID } from 'node:crypto';
import type { OrgTarget } from '#shared/auth/can.ts';
import type { LoadedPrincipal } from '#shared/auth/principal-loader.ts';
import { badRequest, notFound } from '#shared/http/problem.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { presignDownload } from '#shared/storage/s3.ts';
import { exportRange } from './domain/audit-sheet.ts';
import { AUDIT_EXPORTS_QUEUE, auditExportMessage } from './messages.ts';
import { auditScopeOf } from './roles.ts';
import type { AuditExportRecord, IdentityStore } from './store.ts';

const KEEP_DAYS = 30;
const MAX_RANGE_DAYS = 366;

export function makeAuditExports(store: IdentityStore) {
  const present = async ({ objectKey, ttl, ...visible }: AuditExportRecord) =>
    visible.status === 'ready'
      ? {
          ...visible,
          downloadUrl: await presignDownload(
            'reports',
            objectKey,
            300,
            `nhat-ky-${visible.orgUnitId}-${visible.from}-${visible.to}.xlsx`,
          ),
        }
      : visible;

  return {
    async request(principal: LoadedPrincipal, target: OrgTarget, range: { from: string; to: string }) {
      const unit = await store.getOrgUnit(target.orgUnitId);
      if (!unit) throw notFound();
      const scope = auditScopeOf(unit);
      try {
        const { start, end } = exportRange(range.from, range.to);
        if (Date.parse(end) - Date.parse(start) > MAX_RANGE_DAYS * 86_400_000) {
          throw new RangeError(`At most ${MAX_RANGE_DAYS} days in one export`);
        }
      } catch (error) {
        throw badRequest((error as Error).message, [
          { in: 'body', field: 'to', message: (error as Error).message },
        ]);
      }
      const exportId = randomUUID();
      const now = new Date();
      const record: AuditExportRecord = {
        exportId,
        orgUnitId: unit.orgUnitId,
        scopeKind: scope.kind,
        from: range.from,
        to: range.to,
        requestedBy: principal.sub,
        status: 'pending',
        objectKey: `audit-exports/${unit.orgUnitId}/${exportId}.xlsx`,
        createdAt: now.toISOString(),
        ttl: Math.floor(now.getTime() / 1000) + KEEP_DAYS * 86_400,
      };
      await store.createAuditExport(record);
      await sendMessage(AUDIT_EXPORTS_QUEUE, auditExportMessage, { exportId });
      return present(record);
    },

    async get(exportId: string, authorize: (orgUnitId: string) => Promise<unknown>) {
      const record = await store.getAuditExport(exportId);
      if (!record) throw notFound();
      await authorize(record.orgUnitId);
      return present(record);
    },
  };
}
