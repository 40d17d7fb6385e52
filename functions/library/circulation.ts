/**
 * A school library's circulation: copies with barcodes, loans, returns, renewals and holds, each
 * change one transaction (the copy, the loan or hold, the holding's counts and the audit entry
 * together, conditional on the copy's state so two desks cannot lend one copy twice), then asks
 * for the school's statistics to be recounted. Borrowers
 * are the school's students and staff from the education database, found by their card (a
 * student's personal ID, a staff member's code). domain/circulation.ts decides; this writes.
 */
import { randomUUID } from 'node:crypto';
import { personOfSchool } from '#functions/edu-data/index.ts';
import { notify } from '#functions/notifications/index.ts';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { authEntities } from '#shared/auth/store.ts';
import { badRequest, conflict, fieldError, HttpProblem, notFound } from '#shared/http/problem.ts';
import { logger } from '#shared/observability/logger.ts';
import {
  afterReturn,
  type BorrowerType,
  type CopyStatus,
  cityDay,
  DEFAULT_SCHOOL_RULES,
  decideHold,
  decideLoan,
  decideRenewal,
  decideStatusChange,
  isOverdueLoan,
  type QueuedHold,
  type Refusal,
  type SchoolRules,
  type ShelfStatus,
} from './domain/circulation.ts';
import { earliestDue, shelvesOf } from './domain/holdings.ts';
import { libraryText } from './domain/texts.ts';
import { type LibraryEntities, libraryEntities } from './entities.ts';
import { requestTally } from './statistics.ts';

export interface Actor {
  accountId: string;
  requestId: string;
}

export interface CopyItem {
  schoolId: string;
  barcode: string;
  titleId: string;
  location?: string;
  condition: 'new' | 'good' | 'worn' | 'damaged';
  status: CopyStatus;
  loanId?: string;
  holdId?: string;
  holdPlacedAt?: string;
  keptFor?: string;
  keptUntil?: string;
  addedAt: string;
  updatedAt: string;
}

export interface LoanItem {
  loanId: string;
  schoolId: string;
  barcode: string;
  titleId: string;
  title: string;
  borrowerId: string;
  borrowerName: string;
  borrowerType: BorrowerType;
  state: 'open' | 'closed';
  loanedAt: string;
  dueOn: string;
  renewals: number;
  returnedAt?: string;
  revision: number;
}

export type HoldItem = QueuedHold & {
  titleId: string;
  schoolId: string;
  borrowerName: string;
  barcode?: string;
};

/** A circulation rule said no: 409 with the rule's code, so the desk can say why. */
const refused = (r: Refusal) =>
  new HttpProblem({
    status: 409,
    title: 'Conflict',
    slug: `library-${r.code}`,
    detail: r.text,
    extensions: { code: r.code },
  });

/** What a returned (or released) copy does next: kept for a borrower on the hold shelf, or not. */
type NextForCopy = ReturnType<typeof afterReturn<HoldItem>>;

/** The copy's fields while it is kept on the hold shelf for the next borrower (none otherwise). */
const keptFields = (next: NextForCopy) =>
  next.status === 'on-hold-shelf'
    ? {
        holdId: next.hold.holdId,
        holdPlacedAt: next.hold.placedAt,
        keptFor: next.hold.borrowerId,
        keptUntil: next.readyUntil,
      }
    : {};

/** The school's hold-shelf item of a copy kept for the next borrower, keyed by its last day. */
const shelfItem = (
  schoolId: string,
  barcode: string,
  titleId: string,
  next: Extract<NextForCopy, { status: 'on-hold-shelf' }>,
) => ({
  schoolId,
  readyUntil: next.readyUntil,
  barcode,
  titleId,
  holdId: next.hold.holdId,
  holdPlacedAt: next.hold.placedAt,
});

const changedMeanwhile = () => conflict(libraryText('copy-changed'));
const noCopy = (barcode: string) => notFound(libraryText('no-copy', { barcode }));

/** A school's copies of a title (one Query on the copies' by-title index, that school's part). */
async function copiesAt(schoolId: string, titleId: string, store: LibraryEntities = libraryEntities()) {
  const { data } = await store.libCopy.query.byTitle({ titleId }).begins({ schoolId }).go({ pages: 'all' });
  // `begins` on the school's id would also match a school whose id extends it: keep this one's.
  return (data as unknown as CopyItem[]).filter((c) => c.schoolId === schoolId);
}

/** The due days of open loans by id (BatchGet, 100 at a time). */
async function dueDays(loanIds: readonly string[], store: LibraryEntities = libraryEntities()) {
  const days: string[] = [];
  for (let i = 0; i < loanIds.length; i += 100) {
    const { data } = await store.libLoan
      .get(loanIds.slice(i, i + 100).map((loanId) => ({ loanId })))
      .go({ attributes: ['loanId', 'dueOn', 'state'] });
    for (const l of data) if (l.state === 'open') days.push(l.dueOn);
  }
  return days;
}

export function makeCirculation(entities: () => LibraryEntities = libraryEntities) {
  const audit = (
    actor: Actor,
    unit: OrgTarget,
    action: string,
    targetId: string,
    changes: Record<string, unknown>,
  ) =>
    auditEntry({
      actorId: actor.accountId,
      action,
      targetType: 'library-copy',
      targetId,
      orgUnit: unit,
      requestId: actor.requestId,
      changes,
    });

  async function borrower(schoolId: string, card: string) {
    const person = await personOfSchool(schoolId, card);
    if (!person)
      throw badRequest(libraryText('card-unknown'), [
        fieldError('body', 'card', libraryText('card-unknown-field')),
      ]);
    return {
      borrowerId: person.recordId,
      borrowerName: person.name,
      borrowerType: person.kind as BorrowerType,
    };
  }

  async function openLoansOf(borrowerId: string) {
    const { data } = await entities()
      .libLoan.query.byBorrower({ borrowerId })
      .begins({ state: 'open' })
      .go({ pages: 'all' });
    return data as unknown as LoanItem[];
  }

  /** Tells a borrower the copy kept for them waits on the hold shelf (after the change is saved). */
  async function holdReady(
    hold: { holdId: string; borrowerId: string },
    title: string,
    schoolId: string,
    until: string,
  ) {
    await notify({
      notificationId: `hold-${hold.holdId}`.slice(0, 64),
      channel: 'app',
      recipientId: `edu:${hold.borrowerId}`,
      template: 'library-hold-ready',
      data: { title, schoolId, readyUntil: until },
    }).catch((error: unknown) => logger.warn('hold-ready notice not sent', { holdId: hold.holdId, error }));
  }

  async function titleName(titleId: string) {
    const { data } = await entities()
      .libTitle.get({ titleId })
      .go({ attributes: ['title'] });
    return data?.title ?? '';
  }

  async function queue(titleId: string, schoolId: string) {
    const { data } = await entities().libHold.query.byQueue({ titleId, schoolId }).go({ pages: 'all' });
    return data as unknown as HoldItem[];
  }

  return {
    /** A school's loan rules: its own, or the defaults. */
    async rulesOf(schoolId: string): Promise<SchoolRules> {
      const { data } = await entities().libRules.get({ schoolId }).go();
      return (data?.rules as SchoolRules | undefined) ?? DEFAULT_SCHOOL_RULES;
    },

    async setRules(school: OrgTarget, rules: SchoolRules, actor: Actor) {
      const now = new Date().toISOString();
      await entities()
        .service.transaction.write(({ libRules, auditEntry: entry }) => [
          libRules
            .put({ schoolId: school.orgUnitId, rules, updatedBy: actor.accountId, updatedAt: now })
            .commit(),
          entry.create(audit(actor, school, 'library-rules.set', school.orgUnitId, { ...rules })).commit(),
        ])
        .go();
      return rules;
    },

    /**
     * Changes a copy's condition, shelf location or status (on the shelf, lost, withdrawn), with
     * the school's counts; a copy on loan or on the hold shelf changes status only once back.
     */
    async changeCopy(
      school: OrgTarget,
      barcode: string,
      change: { condition?: CopyItem['condition']; location?: string; status?: ShelfStatus; reason?: string },
      actor: Actor,
    ) {
      const copy = await this.copy(school.orgUnitId, barcode);
      if (!copy) throw noCopy(barcode);
      const move =
        change.status && change.status !== copy.status
          ? decideStatusChange(copy.status, change.status)
          : undefined;
      if (move && !move.ok) throw refused(move);
      const now = new Date().toISOString();
      const result = await entities()
        .service.transaction.write(({ libCopy, libHolding, auditEntry: entry }) => [
          libCopy
            .patch({ schoolId: school.orgUnitId, barcode })
            .set({
              ...(change.condition ? { condition: change.condition } : {}),
              ...(change.location !== undefined ? { location: change.location } : {}),
              ...(move ? { status: change.status! } : {}),
              updatedAt: now,
            })
            .where((c, op) => op.eq(c.status, copy.status))
            .commit(),
          ...(move?.ok && (move.copies || move.available)
            ? [
                libHolding
                  .patch({ titleId: copy.titleId, schoolId: school.orgUnitId })
                  .add({ copies: move.copies, available: move.available })
                  .commit(),
              ]
            : []),
          entry
            .create(
              audit(actor, school, 'library-copy.change', barcode, {
                from: { status: copy.status, condition: copy.condition, location: copy.location ?? null },
                ...change,
              }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) throw changedMeanwhile();
      if (change.location !== undefined || move) await this.refreshShelves(school.orgUnitId, copy.titleId);
      await requestTally(school.orgUnitId);
      return (await this.copy(school.orgUnitId, barcode))!;
    },

    async copy(schoolId: string, barcode: string): Promise<CopyItem | undefined> {
      const { data } = await entities().libCopy.get({ schoolId, barcode }).go();
      return (data as CopyItem | null) ?? undefined;
    },

    /** Adds copies of a catalogued title to a school (barcodes unique in the school). */
    async addCopies(
      school: OrgTarget,
      titleId: string,
      copies: { barcode: string; location?: string; condition: CopyItem['condition'] }[],
      actor: Actor,
    ) {
      const now = new Date().toISOString();
      const result = await entities()
        .service.transaction.write(({ libCopy, libHolding, auditEntry: entry }) => [
          ...copies.map((c) =>
            libCopy
              .create({
                schoolId: school.orgUnitId,
                barcode: c.barcode,
                titleId,
                ...(c.location ? { location: c.location } : {}),
                condition: c.condition,
                status: 'available',
                addedAt: now,
                updatedAt: now,
              })
              .commit(),
          ),
          libHolding
            .upsert({ titleId, schoolId: school.orgUnitId })
            .add({ copies: copies.length, available: copies.length })
            .commit(),
          entry
            .create(
              audit(actor, school, 'library-copy.add', titleId, { barcodes: copies.map((c) => c.barcode) }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) {
        const taken = await Promise.all(
          copies.map(async (c) => ((await this.copy(school.orgUnitId, c.barcode)) ? c.barcode : undefined)),
        );
        const used = taken.filter(Boolean).join(', ');
        throw conflict(
          used ? libraryText('barcodes-used', { barcodes: used }) : libraryText('barcode-taken-meanwhile'),
        );
      }
      await this.refreshShelves(school.orgUnitId, titleId);
      await requestTally(school.orgUnitId);
      return copies.length;
    },

    /** Lends a copy to a borrower of the school (a copy kept on the hold shelf only to its borrower). */
    async checkOut(school: OrgTarget, barcode: string, card: string, actor: Actor) {
      const copy = await this.copy(school.orgUnitId, barcode);
      if (!copy) throw noCopy(barcode);
      const [who, { data: title }] = await Promise.all([
        borrower(school.orgUnitId, card),
        // The loan keeps the title's name: a desk's lists show it without reading the catalogue.
        entities()
          .libTitle.get({ titleId: copy.titleId })
          .go({ attributes: ['title'] }),
      ]);
      const today = cityDay();
      const [open, rules] = await Promise.all([openLoansOf(who.borrowerId), this.rulesOf(school.orgUnitId)]);
      const decision = decideLoan({
        rules: rules[who.borrowerType],
        today,
        borrowerType: who.borrowerType,
        openLoans: open.length,
        overdueLoans: open.filter((l) => isOverdueLoan(l, today)).length,
        copyStatus: copy.status,
        ...(copy.keptFor ? { keptFor: copy.keptFor } : {}),
        borrowerId: who.borrowerId,
      });
      if (!decision.ok) throw refused(decision);
      const now = new Date().toISOString();
      const loan: LoanItem = {
        loanId: randomUUID(),
        schoolId: school.orgUnitId,
        barcode,
        titleId: copy.titleId,
        title: title?.title ?? '',
        ...who,
        state: 'open',
        loanedAt: now,
        dueOn: decision.dueOn,
        renewals: 0,
        revision: 1,
      };
      const result = await entities()
        .service.transaction.write(
          ({ libLoan, libCopy, libHolding, libHold, libShelfHold, auditEntry: entry }) => [
            libLoan.create(loan).commit(),
            libCopy
              .patch({ schoolId: school.orgUnitId, barcode })
              .set({ status: 'on-loan', loanId: loan.loanId, updatedAt: now })
              .remove(['holdId', 'keptFor', 'holdPlacedAt', 'keptUntil'])
              .where((c, op) => op.eq(c.status, copy.status))
              .commit(),
            ...(copy.status === 'on-hold-shelf' && copy.keptUntil
              ? [
                  libShelfHold
                    .delete({ schoolId: school.orgUnitId, readyUntil: copy.keptUntil, barcode })
                    .commit(),
                ]
              : []),
            // A copy from the hold shelf was not counted as available.
            ...(copy.status === 'available'
              ? [
                  libHolding
                    .patch({ titleId: copy.titleId, schoolId: school.orgUnitId })
                    .add({ available: -1 })
                    .commit(),
                ]
              : []),
            ...(copy.status === 'on-hold-shelf' && copy.holdId && copy.holdPlacedAt
              ? [
                  libHold
                    .patch({
                      titleId: copy.titleId,
                      schoolId: school.orgUnitId,
                      placedAt: copy.holdPlacedAt,
                      holdId: copy.holdId,
                    })
                    .set({ status: 'fulfilled' })
                    .commit(),
                ]
              : []),
            entry
              .create(
                audit(actor, school, 'library-loan.create', barcode, {
                  loanId: loan.loanId,
                  dueOn: loan.dueOn,
                }),
              )
              .commit(),
          ],
        )
        .go();
      if (result.canceled) throw changedMeanwhile();
      await requestTally(school.orgUnitId);
      return loan;
    },

    /** Takes a copy back: on the hold shelf for the first borrower waiting, else on the shelf. */
    async checkIn(school: OrgTarget, barcode: string, actor: Actor) {
      const copy = await this.copy(school.orgUnitId, barcode);
      if (!copy) throw noCopy(barcode);
      if (copy.status !== 'on-loan' || !copy.loanId) throw conflict(libraryText('not-on-loan'));
      const { data: loanData } = await entities().libLoan.get({ loanId: copy.loanId }).go();
      const loan = loanData as LoanItem | null;
      if (!loan) throw conflict(libraryText('loan-missing'));
      const today = cityDay();
      const [holds, rules] = await Promise.all([
        queue(copy.titleId, school.orgUnitId),
        this.rulesOf(school.orgUnitId),
      ]);
      const next = afterReturn(today, holds, rules.holdShelfDays);
      const now = new Date().toISOString();
      const result = await entities()
        .service.transaction.write(
          ({ libLoan, libCopy, libHolding, libHold, libShelfHold, auditEntry: entry }) => [
            libLoan
              .patch({ loanId: loan.loanId })
              .set({ ...indexParts(loan), state: 'closed', returnedAt: now, revision: loan.revision + 1 })
              .where((l, op) => op.eq(l.revision, loan.revision))
              .commit(),
            libCopy
              .patch({ schoolId: school.orgUnitId, barcode })
              .set({
                status: next.status,
                updatedAt: now,
                ...keptFields(next),
              })
              .remove(['loanId'])
              .where((c, op) => op.eq(c.loanId, loan.loanId))
              .commit(),
            ...(next.status === 'on-hold-shelf'
              ? [libShelfHold.put(shelfItem(school.orgUnitId, barcode, copy.titleId, next)).commit()]
              : []),
            ...(next.status === 'available'
              ? [
                  libHolding
                    .patch({ titleId: copy.titleId, schoolId: school.orgUnitId })
                    .add({ available: 1 })
                    .commit(),
                ]
              : [
                  libHold
                    .patch({
                      titleId: copy.titleId,
                      schoolId: school.orgUnitId,
                      placedAt: next.hold.placedAt,
                      holdId: next.hold.holdId,
                    })
                    .set({ status: 'ready', readyUntil: next.readyUntil, barcode })
                    .commit(),
                ]),
            entry
              .create(
                audit(actor, school, 'library-loan.return', barcode, {
                  loanId: loan.loanId,
                  late: isOverdueLoan(loan, today),
                  ...(next.status === 'on-hold-shelf' ? { keptFor: next.hold.holdId } : {}),
                }),
              )
              .commit(),
          ],
        )
        .go();
      if (result.canceled) throw changedMeanwhile();
      await requestTally(school.orgUnitId);
      if (next.status === 'on-hold-shelf')
        await holdReady(next.hold, loan.title, school.orgUnitId, next.readyUntil);
      return {
        loanId: loan.loanId,
        late: isOverdueLoan(loan, today),
        copyStatus: next.status,
        ...(next.status === 'on-hold-shelf' ? { keptFor: next.hold.borrowerName } : {}),
      };
    },

    /** Renews an open loan of this school, unless someone waits for the title or it is late. */
    async renew(school: OrgTarget, loanId: string, actor: Actor) {
      const { data } = await entities().libLoan.get({ loanId }).go();
      const loan = data as LoanItem | null;
      if (!loan || loan.schoolId !== school.orgUnitId) throw notFound();
      if (loan.state !== 'open') throw conflict(libraryText('loan-closed'));
      const waiting = (await queue(loan.titleId, school.orgUnitId)).filter(
        (h) => h.status === 'waiting',
      ).length;
      const rules = await this.rulesOf(school.orgUnitId);
      const decision = decideRenewal({
        rules: rules[loan.borrowerType],
        today: cityDay(),
        dueOn: loan.dueOn,
        renewals: loan.renewals,
        borrowerType: loan.borrowerType,
        othersWaiting: waiting,
      });
      if (!decision.ok) throw refused(decision);
      const result = await entities()
        .service.transaction.write(({ libLoan, auditEntry: entry }) => [
          libLoan
            .patch({ loanId })
            .set({
              ...indexParts(loan),
              dueOn: decision.dueOn,
              renewals: loan.renewals + 1,
              revision: loan.revision + 1,
            })
            .where((l, op) => op.eq(l.revision, loan.revision))
            .commit(),
          entry
            .create(
              audit(actor, school, 'library-loan.renew', loan.barcode, { loanId, dueOn: decision.dueOn }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) throw conflict(libraryText('loan-changed'));
      await requestTally(school.orgUnitId);
      return { ...loan, dueOn: decision.dueOn, renewals: loan.renewals + 1, revision: loan.revision + 1 };
    },

    /** Places a hold for a borrower of the school on a title the school holds. */
    async placeHold(school: OrgTarget, titleId: string, card: string, actor: Actor) {
      const who = await borrower(school.orgUnitId, card);
      const { data: holding } = await entities().libHolding.get({ titleId, schoolId: school.orgUnitId }).go();
      if (!holding?.copies) throw notFound(libraryText('school-no-copy'));
      const holds = await queue(titleId, school.orgUnitId);
      const open = await openLoansOf(who.borrowerId);
      const decision = decideHold({
        borrowerId: who.borrowerId,
        holds,
        borrowerHasCopy: open.some((l) => l.titleId === titleId),
      });
      if (!decision.ok) throw refused(decision);
      const hold: HoldItem = {
        titleId,
        schoolId: school.orgUnitId,
        placedAt: new Date().toISOString(),
        holdId: randomUUID(),
        borrowerId: who.borrowerId,
        borrowerName: who.borrowerName,
        status: 'waiting',
      };
      await entities()
        .service.transaction.write(({ libHold, auditEntry: entry }) => [
          libHold.create(hold).commit(),
          entry.create(audit(actor, school, 'library-hold.place', titleId, { holdId: hold.holdId })).commit(),
        ])
        .go();
      const position = [...holds.filter((h) => h.status === 'waiting'), hold].length;
      return { ...hold, position };
    },

    /**
     * The morning run at one school: each copy kept on the hold shelf past its day goes to the
     * next borrower waiting (who is told), or back on the shelf; the hold it was kept for expires.
     */
    async expireHolds(schoolId: string, today = cityDay()) {
      const { data: due } = await entities()
        .libShelfHold.query.bySchool({ schoolId })
        .lt({ readyUntil: today })
        .go({ pages: 'all' });
      const { data: unit } = await authEntities().orgUnit.get({ orgUnitId: schoolId }).go();
      const school = { orgUnitId: schoolId, lineage: unit?.lineage ?? [schoolId] };
      const actor = { accountId: 'system', requestId: `expire-holds:${schoolId}:${today}` };
      const rules = await this.rulesOf(schoolId);
      let expired = 0;
      for (const shelf of due) {
        const copy = await this.copy(schoolId, shelf.barcode);
        const holds = (await queue(shelf.titleId, schoolId)).filter((h) => h.holdId !== shelf.holdId);
        const next = afterReturn(today, holds, rules.holdShelfDays);
        const stillKept = copy?.status === 'on-hold-shelf' && copy.holdId === shelf.holdId;
        const result = await entities()
          .service.transaction.write(({ libCopy, libHold, libHolding, libShelfHold, auditEntry: entry }) => [
            libShelfHold.delete({ schoolId, readyUntil: shelf.readyUntil, barcode: shelf.barcode }).commit(),
            ...(stillKept
              ? [
                  libHold
                    .patch({
                      titleId: shelf.titleId,
                      schoolId,
                      placedAt: shelf.holdPlacedAt,
                      holdId: shelf.holdId,
                    })
                    .set({ status: 'expired' })
                    .commit(),
                  libCopy
                    .patch({ schoolId, barcode: shelf.barcode })
                    .set({
                      status: next.status,
                      updatedAt: new Date().toISOString(),
                      ...keptFields(next),
                    })
                    .remove(
                      next.status === 'on-hold-shelf'
                        ? []
                        : ['holdId', 'holdPlacedAt', 'keptFor', 'keptUntil'],
                    )
                    .where((c, op) => op.eq(c.holdId, shelf.holdId))
                    .commit(),
                  ...(next.status === 'on-hold-shelf'
                    ? [
                        libHold
                          .patch({
                            titleId: shelf.titleId,
                            schoolId,
                            placedAt: next.hold.placedAt,
                            holdId: next.hold.holdId,
                          })
                          .set({ status: 'ready', readyUntil: next.readyUntil, barcode: shelf.barcode })
                          .commit(),
                        libShelfHold.put(shelfItem(schoolId, shelf.barcode, shelf.titleId, next)).commit(),
                      ]
                    : [
                        libHolding.patch({ titleId: shelf.titleId, schoolId }).add({ available: 1 }).commit(),
                      ]),
                  entry
                    .create(
                      audit(actor, school, 'library-hold.expire', shelf.barcode, {
                        holdId: shelf.holdId,
                        ...(next.status === 'on-hold-shelf' ? { keptFor: next.hold.holdId } : {}),
                      }),
                    )
                    .commit(),
                ]
              : []),
          ])
          .go();
        if (result.canceled || !stillKept) continue;
        expired++;
        if (next.status === 'on-hold-shelf')
          await holdReady(next.hold, await titleName(shelf.titleId), schoolId, next.readyUntil);
      }
      return { expired };
    },

    /** A school's hold queue for a title, in serving order, and the copies it holds. */
    async titleAtSchool(schoolId: string, titleId: string) {
      const [holds, copies, holding] = await Promise.all([
        queue(titleId, schoolId),
        entities().libCopy.query.byTitle({ titleId }).begins({ schoolId }).go({ pages: 'all' }),
        entities().libHolding.get({ titleId, schoolId }).go(),
      ]);
      return {
        holding: holding.data ?? { titleId, schoolId, copies: 0, available: 0 },
        copies: copies.data as unknown as CopyItem[],
        holds: holds.filter((h) => h.status === 'waiting' || h.status === 'ready'),
      };
    },

    /**
     * Which schools hold a title, with counts, shelves and — where none is on the shelf — the day
     * the first copy is due back: the union catalogue's "held by". One Query on the title's
     * holdings; only a school with no copy on the shelf (or a holding from before shelves were
     * kept) reads its own copies of the title, and the open loans' due days by id.
     */
    async holdingsOf(titleId: string) {
      const { data } = await entities().libHolding.query.byTitle({ titleId }).go({ pages: 'all' });
      return Promise.all(
        data
          .filter((h) => h.copies > 0)
          .map(async (h) => {
            if (h.shelves && h.available > 0)
              return { schoolId: h.schoolId, copies: h.copies, available: h.available, shelves: h.shelves };
            const copies = await copiesAt(h.schoolId, titleId, entities());
            const loanIds = copies.filter((c) => c.status === 'on-loan' && c.loanId).map((c) => c.loanId!);
            const nextDueOn = h.available > 0 ? undefined : earliestDue(await dueDays(loanIds, entities()));
            return {
              schoolId: h.schoolId,
              copies: h.copies,
              available: h.available,
              shelves: h.shelves ?? shelvesOf(copies),
              ...(nextDueOn ? { nextDueOn } : {}),
            };
          }),
      );
    },

    /** Recounts the shelves a school's copies of a title stand on, kept on its holding. */
    async refreshShelves(schoolId: string, titleId: string) {
      const shelves = shelvesOf(await copiesAt(schoolId, titleId, entities()));
      await entities().libHolding.patch({ titleId, schoolId }).set({ shelves }).go();
    },

    /** A school's open loans past their due day, the oldest first. */
    async overdue(schoolId: string, limit: number) {
      const today = cityDay();
      const { data } = await entities()
        .libLoan.query.bySchoolState({ schoolId, state: 'open' })
        .lt({ dueOn: today })
        .go({ limit });
      return data as unknown as LoanItem[];
    },

    /** A borrower's loans (open first, newest first), found by their card at the school. */
    async loansOf(schoolId: string, card: string) {
      const who = await borrower(schoolId, card);
      const { data } = await entities()
        .libLoan.query.byBorrower({ borrowerId: who.borrowerId })
        .go({ order: 'desc', limit: 50 });
      const loans = (data as unknown as LoanItem[]).filter((l) => l.schoolId === schoolId);
      return {
        borrower: who,
        loans: [...loans.filter((l) => l.state === 'open'), ...loans.filter((l) => l.state === 'closed')],
      };
    },
  };
}

/**
 * The parts of a loan's index keys: the borrower's and the school's indexes are keyed by state
 * and due day, so ElectroDB rebuilds them from all their parts when either changes.
 */
const indexParts = (loan: LoanItem) => ({
  schoolId: loan.schoolId,
  state: loan.state,
  dueOn: loan.dueOn,
  borrowerId: loan.borrowerId,
  loanedAt: loan.loanedAt,
});

export type Circulation = ReturnType<typeof makeCirculation>;
