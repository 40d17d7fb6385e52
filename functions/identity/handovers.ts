/**
 * Recording a commune admin account's handover. The record and its audit entry are written in
 * one transaction; the minutes PDF is drafted by a worker (PDF rendering and its fonts stay out of
 * the API function), and the handover shows `minutesStatus: pending` until it is there.
 */
import { randomUUID } from 'node:crypto';
import { can, type OrgTarget } from '#shared/auth/can.ts';
import type { LoadedPrincipal } from '#shared/auth/principal-loader.ts';
import { badRequest, conflict, fieldError, forbidden, notFound } from '#shared/http/problem.ts';
import { logger } from '#shared/observability/logger.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { presignDownload } from '#shared/storage/s3.ts';
import { identityText } from './domain/texts.ts';
import { HANDOVER_MINUTES_QUEUE, handoverMinutesMessage } from './messages.ts';
import type { HandoverRecord, IdentityStore } from './store.ts';

const COMMUNE_LEVEL = ['office', 'ward', 'commune', 'special-zone'];
/** A handover still without minutes after this long asks the worker again (a lost message). */
const REQUEUE_AFTER_MS = 60_000;

type NewHandover = Omit<
  HandoverRecord,
  'handoverId' | 'orgUnitId' | 'handedOverBy' | 'minutesKey' | 'minutesReadyAt' | 'createdAt'
>;

const requestMinutes = (handoverId: string) =>
  sendMessage(HANDOVER_MINUTES_QUEUE, handoverMinutesMessage, { handoverId });

export function makeHandovers(store: IdentityStore) {
  const present = async (record: HandoverRecord) => {
    const { minutesKey, minutesReadyAt, ...visible } = record;
    if (!minutesReadyAt) return { ...visible, minutesStatus: 'pending' as const };
    const minutesUrl = await presignDownload(
      'documents',
      minutesKey,
      300,
      `bien-ban-ban-giao-${record.orgUnitId}.pdf`,
    );
    return { ...visible, minutesStatus: 'ready' as const, minutesUrl };
  };

  return {
    async record(
      { principal, requestId }: { principal: LoadedPrincipal; requestId: string },
      target: OrgTarget,
      body: NewHandover,
    ) {
      const unit = await store.getOrgUnit(target.orgUnitId);
      if (!unit || !COMMUNE_LEVEL.includes(unit.kind)) {
        throw badRequest(identityText('handover-unit'), [
          fieldError('path', 'orgUnitId', identityText('not-commune-level')),
        ]);
      }
      // Seed 001: the level above hands the account over; a commune cannot hand itself over.
      const above: OrgTarget = { orgUnitId: unit.parentId, lineage: target.lineage.slice(0, -1) };
      if (!can(principal, 'account.manage', above)) {
        throw forbidden(identityText('handover-by-level-above'));
      }
      const assignments = await store.listAssignments(body.accountId);
      if (!assignments.some((a) => a.role === 'commune-admin' && a.scopeOrgUnitId === unit.orgUnitId)) {
        throw conflict(identityText('handover-needs-role', { account: body.accountId, unit: unit.name }));
      }
      const handoverId = randomUUID();
      const record: HandoverRecord = {
        ...body,
        handoverId,
        orgUnitId: unit.orgUnitId,
        handedOverBy: principal.sub,
        minutesKey: `handovers/${unit.orgUnitId}/${handoverId}.pdf`,
        createdAt: new Date().toISOString(),
      };
      await store.recordHandover(record, {
        actorId: principal.sub,
        action: 'account.handover',
        targetType: 'account',
        targetId: body.accountId,
        orgUnit: target,
        requestId,
        changes: { after: { ...body, handoverId } },
      });
      // The handover is recorded; if the queue is briefly unreachable, reading it asks again.
      await requestMinutes(handoverId).catch((error: unknown) =>
        logger.error('Could not queue the handover minutes', { handoverId, error }),
      );
      return present(record);
    },

    async get(handoverId: string, authorize: (orgUnitId: string) => Promise<unknown>) {
      const record = (await store.getHandover(handoverId)) as HandoverRecord | undefined;
      if (!record) throw notFound();
      await authorize(record.orgUnitId);
      if (!record.minutesReadyAt && Date.now() - Date.parse(record.createdAt) > REQUEUE_AFTER_MS) {
        await requestMinutes(handoverId).catch(() => undefined);
      }
      return present(record);
    },
  };
}
