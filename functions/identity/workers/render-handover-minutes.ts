/**
 * Drafts the minutes of a handover (biên bản bàn giao) as a PDF with the embedded Vietnamese font,
 * stores it in the documents bucket and marks the handover. Idempotent: the key is fixed by the
 * handover id, so a redelivered message rewrites the same file.
 */
import { ROLE_LABELS } from '#shared/auth/permissions.ts';
import { logger } from '#shared/observability/logger.ts';
import { renderDocument } from '#shared/pdf/document.ts';
import { makeQueueHandler } from '#shared/queue/sqs.ts';
import { putObject } from '#shared/storage/s3.ts';
import { handoverMinutes } from '../domain/handover.ts';
import { handoverMinutesMessage } from '../messages.ts';
import { type HandoverRecord, makeIdentityStore } from '../store.ts';

const store = makeIdentityStore();

export const handler = makeQueueHandler(handoverMinutesMessage, async ({ handoverId }) => {
  const record = (await store.getHandover(handoverId)) as HandoverRecord | undefined;
  if (!record) throw new Error(`Handover ${handoverId} not found`);
  if (record.minutesReadyAt) return;
  const unit = await store.getOrgUnit(record.orgUnitId);
  if (!unit) throw new Error(`Org unit ${record.orgUnitId} not found`);
  const [department, actor] = await Promise.all([
    store.getOrgUnit(unit.lineage[0]!),
    store.getAccount(record.handedOverBy),
  ]);
  const minutes = handoverMinutes({
    handoverId,
    orgUnitId: unit.orgUnitId,
    orgUnitName: unit.name,
    departmentName: department?.name ?? unit.lineage[0]!,
    accountId: record.accountId,
    roleLabel: ROLE_LABELS['commune-admin'],
    handedOverBy: { accountId: record.handedOverBy, fullName: actor?.fullName ?? record.handedOverBy },
    receivingOfficer: record.receivingOfficer,
    handedOverOn: record.handedOverOn,
    introductionLetter: record.introductionLetter,
    ...(record.notes ? { notes: record.notes } : {}),
  });
  const pdf = await renderDocument(
    { title: minutes.title, author: department?.name ?? '', subject: unit.name },
    minutes.blocks,
  );
  await putObject('documents', record.minutesKey, pdf, 'application/pdf');
  await store.markMinutesReady(handoverId, new Date().toISOString());
  logger.info('Handover minutes drafted', { handoverId, bytes: pdf.byteLength });
});
