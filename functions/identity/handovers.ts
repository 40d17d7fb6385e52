/** Recording a commune admin account's handover, with its minutes rendered to PDF in S3. */
import { randomUUID } from 'node:crypto';
import { can, type OrgTarget } from '#shared/auth/can.ts';
import { ROLE_LABELS } from '#shared/auth/permissions.ts';
import type { LoadedPrincipal } from '#shared/auth/principal-loader.ts';
import { badRequest, conflict, forbidden, notFound } from '#shared/http/problem.ts';
import { renderDocument } from '#shared/pdf/document.ts';
import { presignDownload, putObject } from '#shared/storage/s3.ts';
import { handoverMinutes } from './domain/handover.ts';
import type { HandoverRecord, IdentityStore } from './store.ts';

const COMMUNE_LEVEL = ['office', 'ward', 'commune', 'special-zone'];

type NewHandover = Omit<
  HandoverRecord,
  'handoverId' | 'orgUnitId' | 'handedOverBy' | 'minutesKey' | 'createdAt'
>;

export function makeHandovers(store: IdentityStore) {
  const present = async (record: HandoverRecord) => {
    const { minutesKey, ...visible } = record;
    return {
      ...visible,
      minutesUrl: await presignDownload(
        'documents',
        minutesKey,
        300,
        `bien-ban-ban-giao-${record.orgUnitId}.pdf`,
      ),
    };
  };

  return {
    async record(
      { principal, requestId }: { principal: LoadedPrincipal; requestId: string },
      target: OrgTarget,
      body: NewHandover,
    ) {
      const unit = await store.getOrgUnit(target.orgUnitId);
      if (!unit || !COMMUNE_LEVEL.includes(unit.kind)) {
        throw badRequest('Handovers are recorded for communes, wards, special zones and offices.', [
          { in: 'path', field: 'orgUnitId', message: 'Not a commune-level unit' },
        ]);
      }
      // Seed 001: the level above hands the account over; a commune cannot hand itself over.
      const above: OrgTarget = { orgUnitId: unit.parentId, lineage: target.lineage.slice(0, -1) };
      if (!can(principal, 'account.manage', above)) {
        throw forbidden(
          'The handover of a commune admin account is recorded by the level above the commune.',
        );
      }
      const assignments = await store.listAssignments(body.accountId);
      if (!assignments.some((a) => a.role === 'commune-admin' && a.scopeOrgUnitId === unit.orgUnitId)) {
        throw conflict(
          `Grant ${body.accountId} the commune admin role on ${unit.name} before handing the account over.`,
        );
      }
      const [department, actor] = await Promise.all([
        store.getOrgUnit(unit.lineage[0]!),
        store.getAccount(principal.sub),
      ]);
      const handoverId = randomUUID();
      const minutes = handoverMinutes({
        handoverId,
        orgUnitId: unit.orgUnitId,
        orgUnitName: unit.name,
        departmentName: department?.name ?? unit.lineage[0]!,
        accountId: body.accountId,
        roleLabel: ROLE_LABELS['commune-admin'],
        handedOverBy: { accountId: principal.sub, fullName: actor?.fullName ?? principal.sub },
        receivingOfficer: body.receivingOfficer,
        handedOverOn: body.handedOverOn,
        introductionLetter: body.introductionLetter,
        ...(body.notes ? { notes: body.notes } : {}),
      });
      const pdf = await renderDocument(
        { title: minutes.title, author: department?.name ?? '', subject: unit.name },
        minutes.blocks,
      );
      const record: HandoverRecord = {
        ...body,
        handoverId,
        orgUnitId: unit.orgUnitId,
        handedOverBy: principal.sub,
        minutesKey: `handovers/${unit.orgUnitId}/${handoverId}.pdf`,
        createdAt: new Date().toISOString(),
      };
      // The PDF first: a record never points to minutes that do not exist.
      await putObject('documents', record.minutesKey, pdf, 'application/pdf');
      await store.recordHandover(record, {
        actorId: principal.sub,
        action: 'account.handover',
        targetType: 'account',
        targetId: body.accountId,
        orgUnit: target,
        requestId,
        changes: { after: { ...body, handoverId } },
      });
      return present(record);
    },

    async get(handoverId: string, authorize: (orgUnitId: string) => Promise<unknown>) {
      const record = await store.getHandover(handoverId);
      if (!record) throw notFound();
      await authorize(record.orgUnitId);
      return present(record as HandoverRecord);
    },
  };
}
