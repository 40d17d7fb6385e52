/**
 * Inter-school loans: a school asks another that holds a title for a copy; the lender accepts,
 * ships a copy (it leaves its shelf as lent out), the borrower receives and returns it, the
 * lender closes the request (the copy is back on its shelf). Every step is written with the
 * request's trail and an audit entry, conditional on the request's revision.
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { badRequest, conflict, fieldError, notFound } from '#shared/http/problem.ts';
import { decideInterloanStep, type InterloanAction, type InterloanStatus } from './domain/interloan.ts';
import { libraryText } from './domain/texts.ts';
import { type LibraryEntities, libraryEntities } from './entities.ts';
import { requestTally } from './statistics.ts';

export interface InterloanItem {
  requestId: string;
  titleId: string;
  title: string;
  borrowerSchool: string;
  lenderSchool: string;
  status: InterloanStatus;
  barcode?: string;
  note?: string;
  trail: { status: InterloanStatus; at: string; by: string; school: string; note?: string }[];
  createdAt: string;
  updatedAt: string;
  revision: number;
}

interface Actor {
  accountId: string;
  requestId: string;
}

export function makeInterloans(entities: () => LibraryEntities = libraryEntities) {
  const audit = (
    actor: Actor,
    unit: OrgTarget,
    action: string,
    r: InterloanItem,
    changes: Record<string, unknown>,
  ) =>
    auditEntry({
      actorId: actor.accountId,
      action: `library-interloan.${action}`,
      targetType: 'library-interloan',
      targetId: r.requestId,
      orgUnit: unit,
      requestId: actor.requestId,
      changes,
    });

  return {
    async get(requestId: string): Promise<InterloanItem | undefined> {
      const { data } = await entities().libInterloan.get({ requestId }).go();
      return (data as InterloanItem | null) ?? undefined;
    },

    /** A school asks another school that holds the title for a copy. */
    async request(
      borrower: OrgTarget,
      titleId: string,
      lenderSchool: string,
      note: string | undefined,
      actor: Actor,
    ) {
      if (lenderSchool === borrower.orgUnitId)
        throw badRequest(libraryText('ask-another-school'), [
          fieldError('body', 'lenderSchoolId', libraryText('own-school')),
        ]);
      const [{ data: holding }, { data: title }] = await Promise.all([
        entities().libHolding.get({ titleId, schoolId: lenderSchool }).go(),
        entities()
          .libTitle.get({ titleId })
          .go({ attributes: ['title'] }),
      ]);
      if (!title)
        throw badRequest(libraryText('no-title'), [
          fieldError('body', 'titleId', libraryText('not-in-catalogue')),
        ]);
      if (!holding?.copies)
        throw badRequest(libraryText('lender-has-none'), [
          fieldError('body', 'lenderSchoolId', libraryText('no-copies-there')),
        ]);
      const now = new Date().toISOString();
      const item: InterloanItem = {
        requestId: randomUUID(),
        titleId,
        title: title.title ?? '',
        borrowerSchool: borrower.orgUnitId,
        lenderSchool,
        status: 'requested',
        ...(note ? { note } : {}),
        trail: [
          {
            status: 'requested',
            at: now,
            by: actor.accountId,
            school: borrower.orgUnitId,
            ...(note ? { note } : {}),
          },
        ],
        createdAt: now,
        updatedAt: now,
        revision: 1,
      };
      await entities()
        .service.transaction.write(({ libInterloan, auditEntry: entry }) => [
          libInterloan.create(item).commit(),
          entry.create(audit(actor, borrower, 'request', item, { titleId, lenderSchool })).commit(),
        ])
        .go();
      return item;
    },

    /** A school's requests: those it made (`borrower`) or those made to it (`lender`), newest first. */
    async ofSchool(schoolId: string, side: 'borrower' | 'lender', limit: number, cursor: string | null) {
      const query =
        side === 'borrower'
          ? entities().libInterloan.query.byBorrower({ borrowerSchool: schoolId })
          : entities().libInterloan.query.byLender({ lenderSchool: schoolId });
      const page = await query.go({ order: 'desc', limit, cursor });
      return { items: page.data as unknown as InterloanItem[], cursor: page.cursor };
    },

    /**
     * One step by one side (`at`: the school taking it). Shipping takes an available copy of the
     * title off the lender's shelf; closing puts it back.
     */
    async step(
      r: InterloanItem,
      action: InterloanAction,
      at: OrgTarget,
      input: { barcode?: string; note?: string },
      actor: Actor,
    ) {
      const side =
        at.orgUnitId === r.lenderSchool
          ? 'lender'
          : at.orgUnitId === r.borrowerSchool
            ? 'borrower'
            : undefined;
      if (!side) throw notFound();
      const decision = decideInterloanStep(r.status, action, side);
      if (!decision.ok) throw conflict(decision.text);
      let barcode = r.barcode;
      if (action === 'ship') {
        if (!input.barcode)
          throw badRequest(libraryText('scan-shipped'), [
            fieldError('body', 'barcode', libraryText('barcode-shipped')),
          ]);
        const { data: copy } = await entities()
          .libCopy.get({ schoolId: r.lenderSchool, barcode: input.barcode })
          .go();
        if (copy?.titleId !== r.titleId)
          throw badRequest(libraryText('wrong-title-copy'), [
            fieldError('body', 'barcode', libraryText('not-requested-title')),
          ]);
        if (copy.status !== 'available') throw conflict(libraryText('copy-not-on-shelf'));
        barcode = input.barcode;
      }
      const now = new Date().toISOString();
      const next: InterloanItem = {
        ...r,
        status: decision.to,
        ...(barcode ? { barcode } : {}),
        trail: [
          ...r.trail,
          {
            status: decision.to,
            at: now,
            by: actor.accountId,
            school: at.orgUnitId,
            ...(input.note ? { note: input.note } : {}),
          },
        ],
        updatedAt: now,
        revision: r.revision + 1,
      };
      const result = await entities()
        .service.transaction.write(({ libInterloan, libCopy, libHolding, auditEntry: entry }) => [
          libInterloan
            .put(next as never)
            .where((x, op) => op.eq(x.revision, r.revision))
            .commit(),
          ...(action === 'ship'
            ? [
                libCopy
                  .patch({ schoolId: r.lenderSchool, barcode: barcode! })
                  .set({ status: 'lent-out', updatedAt: now })
                  .where((c, op) => op.eq(c.status, 'available'))
                  .commit(),
                libHolding
                  .patch({ titleId: r.titleId, schoolId: r.lenderSchool })
                  .add({ available: -1 })
                  .commit(),
              ]
            : []),
          ...(action === 'close' && barcode
            ? [
                libCopy
                  .patch({ schoolId: r.lenderSchool, barcode })
                  .set({ status: 'available', updatedAt: now })
                  .where((c, op) => op.eq(c.status, 'lent-out'))
                  .commit(),
                libHolding
                  .patch({ titleId: r.titleId, schoolId: r.lenderSchool })
                  .add({ available: 1 })
                  .commit(),
              ]
            : []),
          entry
            .create(audit(actor, at, action, r, { to: decision.to, ...(barcode ? { barcode } : {}) }))
            .commit(),
        ])
        .go();
      if (result.canceled) throw conflict(libraryText('interloan-changed'));
      // A copy leaving or coming back to the lender's shelf moves its statistics.
      if (action === 'ship' || action === 'close') await requestTally(r.lenderSchool);
      return next;
    },
  };
}
