/**
 * The register in the table: entries written with their serial's guard, their number's guard and
 * the year's highest number in one transaction (with the audit entry), so a serial is recorded
 * once, a number is used once, and a write that fails takes no number; corrections, cancellations
 * and re-issues keep the entry's legal trail. domain/register.ts holds the rules; this module
 * reads and writes.
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { cancellationCodes } from '#shared/db/errors.ts';
import { decodeCursor, encodeCursor, type Page } from '#shared/db/pagination.ts';
import { badRequest, conflict, fieldError, HttpProblem, notFound } from '#shared/http/problem.ts';
import { searchKey } from '#shared/text/vietnamese.ts';
import {
  CORRECTABLE,
  type CorrectableField,
  type Correction,
  correctEntry,
  type Holder,
  placeEntry,
  type RegisterEntry,
  type RegisterGap,
  registerGaps,
  registerNumberText,
  serialKey,
} from './domain/register.ts';
import { diplomaText } from './domain/texts.ts';
import { type DiplomaEntities, diplomaEntities, type ENTRY_SOURCES, type ENTRY_STATES } from './entities.ts';

/** The decision a correction, a cancellation or a re-issue is made by. */
export interface Decision {
  decisionNumber: string;
  decisionDate: string;
  reason: string;
}

export interface EntryItem extends Omit<RegisterEntry, 'holder'> {
  entryId: string;
  holder: Holder;
  nameKey: string;
  birthDate: string;
  personalId?: string;
  serialKey: string;
  state: (typeof ENTRY_STATES)[number];
  cancellation?: Decision & { at: string; by: string };
  replacedBy?: string;
  replaces?: string;
  corrections: (Correction & { at: string; by: string })[];
  source: (typeof ENTRY_SOURCES)[number];
  importId?: string;
  scanRecordId?: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

/** Who writes, for which request, at the Department's unit (the register is the Department's). */
export interface Writer {
  accountId: string;
  requestId: string;
  unit: OrgTarget;
}

/** An entry to add: the register number is the next one unless the paper book gives it. */
export type NewEntry = Omit<RegisterEntry, 'registerNumber'> & { registerNumber?: number };

/**
 * How many times a write that lost a race for the year's highest number is tried again, each after
 * a short random pause (so officers entering the same year at once do not collide again in step).
 */
const ATTEMPTS = 25;
const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * Math.min(attempt + 1, 8)));

/** An entry as the register's rules see it. */
export const entryOf = (item: EntryItem): RegisterEntry => ({
  holder: item.holder,
  type: item.type,
  graduationYear: item.graduationYear,
  serial: item.serial,
  registerYear: item.registerYear,
  registerNumber: item.registerNumber,
  school: item.school,
  ...(item.council ? { council: item.council } : {}),
  ...(item.rank ? { rank: item.rank } : {}),
  issuedOn: item.issuedOn,
});

/** The attributes the indexes read, from the holder: kept beside the entry as it changes. */
const holderKeys = (holder: Holder) => ({
  nameKey: searchKey(holder.fullName),
  birthDate: holder.birthDate,
  ...(holder.personalId ? { personalId: holder.personalId } : {}),
});

/** An entry's serial guard: the key, the entry, and the holder's facts a verification compares. */
export const serialGuard = (item: Pick<EntryItem, 'serialKey' | 'entryId' | 'holder'>) => ({
  serialKey: item.serialKey,
  entryId: item.entryId,
  fullName: item.holder.fullName,
  birthDate: item.holder.birthDate,
});

/** Where an entry came from: typed, a row of an imported register, a scanned diploma keyed twice. */
export interface EntryOrigin {
  source?: EntryItem['source'];
  importId?: string;
  scanRecordId?: string;
}

/** A new entry as stored: its facts, the keys its indexes read, a first revision. */
export function newEntryItem(
  entry: RegisterEntry,
  entryId: string,
  createdBy: string,
  options: EntryOrigin = {},
  at = new Date().toISOString(),
): EntryItem {
  return {
    ...entry,
    entryId,
    ...holderKeys(entry.holder),
    serialKey: serialKey(entry.serial),
    state: 'valid',
    corrections: [],
    source: options.source ?? 'typed',
    ...(options.importId ? { importId: options.importId } : {}),
    ...(options.scanRecordId ? { scanRecordId: options.scanRecordId } : {}),
    createdBy,
    createdAt: at,
    updatedAt: at,
    revision: 1,
  };
}

/** A diploma is signed in or after its graduation year (and within the register's years). */
export function checkIssuedOn(entry: Pick<RegisterEntry, 'issuedOn' | 'graduationYear'>) {
  const signed = Number(entry.issuedOn.slice(0, 4));
  // The register's years end at 2100 (a mistyped year would open a register of its own).
  if (signed < entry.graduationYear || signed > 2100)
    throw badRequest(diplomaText('issued-after-graduation', { graduationYear: entry.graduationYear }), [
      fieldError(
        'body',
        'issuedOn',
        diplomaText('issued-after-graduation', { graduationYear: entry.graduationYear }),
      ),
    ]);
}

/** An entry's state as words of each language, for the message that refuses to change it. */
const STATE_WORDS = {
  cancelled: { vi: 'đã bị huỷ bỏ', en: 'cancelled' },
  replaced: { vi: 'đã được cấp lại', en: 'replaced by a re-issue' },
} as const;

const refusedState = (item: EntryItem): HttpProblem =>
  conflict(diplomaText('entry-not-valid', { state: STATE_WORDS[item.state as 'cancelled' | 'replaced'] }));

export function makeRegister(entities: () => DiplomaEntities = diplomaEntities) {
  /** An entry; read consistently for a change (the default), or as a lookup may (half the read units). */
  async function get(entryId: string, consistent = true): Promise<EntryItem | undefined> {
    const { data } = await entities().diplomaEntry.get({ entryId }).go({ consistent });
    return (data as EntryItem | null) ?? undefined;
  }

  /** The entry a serial names (however typed): the lookups' path, eventually consistent. */
  async function entryBySerial(serial: string): Promise<EntryItem | undefined> {
    const guard = await guardOf(serial);
    return guard ? get(guard.entryId, false) : undefined;
  }

  /** A serial's guard: which entry has it, and its holder's name and date of birth. */
  async function guardOf(serial: string) {
    const { data } = await entities()
      .diplomaSerial.get({ serialKey: serialKey(serial) })
      .go();
    return data ?? undefined;
  }

  async function serialTaken(serial: string): Promise<HttpProblem> {
    const holder = await entryBySerial(serial);
    const text = diplomaText('serial-taken', {
      serial,
      registerNumber: holder ? registerNumberText(holder) : '?',
    });
    return new HttpProblem({
      status: 409,
      title: 'Conflict',
      slug: 'serial-taken',
      detail: text,
      errors: [fieldError('body', 'serial', text)],
      ...(holder ? { extensions: { entryId: holder.entryId } } : {}),
    });
  }

  /**
   * Writes a new entry at its place in its year, with whatever else must change at once (the
   * entry a re-issue replaces). Retries when another writer moved the year's highest number first.
   */
  async function place(
    entry: NewEntry,
    writer: Writer,
    make: (number: number) => EntryItem,
    /** The entry a re-issue replaces, written in the same transaction at the revision it was read. */
    replacing?: { item: EntryItem; revision: number },
    action = 'diploma.register',
  ): Promise<{ item: EntryItem; skipped: RegisterGap[] }> {
    const year = entry.registerYear;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt) await pause(attempt);
      const { data: counter } = await entities()
        .diplomaYear.get({ registerYear: year })
        .go({ consistent: true });
      const highest = counter?.highest ?? 0;
      const { number, skipped } = placeEntry(highest, entry.registerNumber);
      const item = make(number);
      const raises = number > highest;
      const result = await entities()
        .service.transaction.write((e) => [
          e.diplomaNumber
            .create({ registerYear: year, registerNumber: number, entryId: item.entryId })
            .commit(),
          e.diplomaSerial.create(serialGuard(item)).commit(),
          e.diplomaEntry.create(item).commit(),
          // The year counts the entry; a number above the highest moves the highest, on the value read.
          raises
            ? e.diplomaYear
                .update({ registerYear: year })
                .set({ highest: number })
                .add({ entries: 1 })
                .where((y, op) => (counter ? op.eq(y.highest, highest) : op.notExists(y.highest)))
                .commit()
            : e.diplomaYear.update({ registerYear: year }).add({ entries: 1 }).commit(),
          ...(replacing
            ? [
                e.diplomaEntry
                  .put(replacing.item)
                  .where((x, op) => op.eq(x.revision, replacing.revision))
                  .commit(),
              ]
            : []),
          e.auditEntry
            .create(
              auditEntry({
                actorId: writer.accountId,
                action,
                targetType: 'diploma',
                targetId: item.entryId,
                orgUnit: writer.unit,
                requestId: writer.requestId,
                // The register's facts are personal data: the trail names the entry and its
                // numbers; what it records is read on the entry itself.
                changes: {
                  registerNumber: registerNumberText(item),
                  ...(item.replaces ? { replaces: item.replaces } : {}),
                },
              }),
            )
            .commit(),
        ])
        .go();
      if (!result.canceled) return { item, skipped };
      // Which condition failed, by the items' order above; a conflict with another transaction
      // (nothing refused, only raced) is tried again like a moved highest.
      const codes = cancellationCodes(result);
      if (codes.includes('TransactionConflict')) continue;
      const rejected = (i: number) => codes[i] === 'ConditionalCheckFailed';
      if (rejected(2)) {
        // The entry exists: an import's row written by an earlier delivery of its message.
        const existing = await get(item.entryId);
        if (existing) return { item: existing, skipped: [] };
      }
      if (rejected(1)) throw await serialTaken(item.serial);
      if (rejected(0) && entry.registerNumber !== undefined) {
        const text = diplomaText('number-taken', { registerNumber: registerNumberText(item) });
        throw new HttpProblem({
          status: 409,
          title: 'Conflict',
          slug: 'number-taken',
          detail: text,
          errors: [fieldError('body', 'registerNumber', text)],
        });
      }
      // Another writer took the number or moved the highest first (or the replaced entry changed).
      if (replacing && rejected(4)) throw conflict(diplomaText('entry-changed'));
    }
    throw conflict(diplomaText('number-busy', { year: String(year) }));
  }

  /** Adds an entry (typed, or a row of an imported register). */
  async function enter(entry: NewEntry, writer: Writer, options: EntryOrigin & { entryId?: string } = {}) {
    checkIssuedOn(entry);
    const entryId = options.entryId ?? randomUUID();
    return place(entry, writer, (registerNumber) =>
      newEntryItem({ ...entry, registerNumber }, entryId, writer.accountId, options),
    );
  }

  /** Every number a year has used, and its gap explanations: what listing or explaining gaps needs. */
  async function yearNumbers(registerYear: number) {
    const e = entities();
    const [numbers, explanations] = await Promise.all([
      e.diplomaNumber.query.byYear({ registerYear }).go({ pages: 'all', attributes: ['registerNumber'] }),
      e.diplomaGap.query.byYear({ registerYear }).go({ pages: 'all' }),
    ]);
    return { used: numbers.data.map((n) => n.registerNumber), explanations: explanations.data };
  }

  /** Reads an entry for a change: it must exist, be at the revision the caller saw, and be valid. */
  async function forChange(entryId: string, expectedRevision: number) {
    const item = await get(entryId);
    if (!item) throw notFound();
    if (item.revision !== expectedRevision) throw conflict(diplomaText('entry-changed'));
    if (item.state !== 'valid') throw refusedState(item);
    return item;
  }

  /** Writes a changed entry with its audit entry, if it is still at the revision read. */
  async function rewrite(
    before: EntryItem,
    after: EntryItem,
    writer: Writer,
    action: string,
    changes: object,
  ) {
    const result = await entities()
      .service.transaction.write(({ diplomaEntry, diplomaSerial, auditEntry: log }) => [
        diplomaEntry
          .put(after)
          .where((e, op) => op.eq(e.revision, before.revision))
          .commit(),
        // The guard keeps the holder's name and date of birth the verification compares.
        diplomaSerial.put(serialGuard(after)).commit(),
        log
          .create(
            auditEntry({
              actorId: writer.accountId,
              action,
              targetType: 'diploma',
              targetId: before.entryId,
              orgUnit: writer.unit,
              requestId: writer.requestId,
              changes: { ...changes },
            }),
          )
          .commit(),
      ])
      .go();
    if (result.canceled) throw conflict(diplomaText('entry-changed'));
    return after;
  }

  const changed = (item: EntryItem, at: string) => ({
    ...item,
    updatedAt: at,
    revision: item.revision + 1,
    // The holder's index keys follow a corrected name, birth date or personal ID.
    ...holderKeys(item.holder),
  });

  return {
    get,
    entryBySerial,
    guardOf,
    enter,

    /** Corrects an entry under a decision: only what changed is recorded, old → new. */
    async correct(
      entryId: string,
      expectedRevision: number,
      changes: Partial<Record<CorrectableField, unknown>>,
      decision: Decision,
      writer: Writer,
    ) {
      const item = await forChange(entryId, expectedRevision);
      const done = correctEntry(entryOf(item), changes, decision);
      if ('refused' in done) {
        if (done.refused.includes('nothing-changed')) throw badRequest(diplomaText('nothing-changed'));
        // A field outside the list is not correctable; one of the list was given a value the
        // register does not take (a date of birth not a date or a year, a personal ID not 12 digits).
        const fixed = done.refused.some((f) => !(CORRECTABLE as readonly string[]).includes(f));
        const text = diplomaText(fixed ? 'not-correctable' : 'invalid-value');
        throw badRequest(
          text,
          done.refused.map((f) => fieldError('body', `changes.${f}`, text)),
        );
      }
      const at = new Date().toISOString();
      // The entry's facts are the corrected ones alone: a value removed leaves no trace of itself
      // (the holder's index keys are derived again from the corrected holder).
      const { personalId: _id, council: _c, rank: _r, ...kept } = item;
      const after: EntryItem = changed(
        {
          ...kept,
          ...done.entry,
          corrections: [...item.corrections, { ...done.correction, at, by: writer.accountId }],
        },
        at,
      );
      // The audit names the decision and the fields; the values are on the entry's trail.
      return rewrite(item, after, writer, 'diploma.correct', {
        decisionNumber: decision.decisionNumber,
        fields: done.correction.changes.map((c) => c.field),
      });
    },

    /** Cancels an entry (thu hồi, huỷ bỏ) under a decision; its numbers stay used. */
    async cancel(entryId: string, expectedRevision: number, decision: Decision, writer: Writer) {
      const item = await forChange(entryId, expectedRevision);
      const at = new Date().toISOString();
      const after = changed(
        { ...item, state: 'cancelled', cancellation: { ...decision, at, by: writer.accountId } },
        at,
      );
      return rewrite(item, after, writer, 'diploma.cancel', { decisionNumber: decision.decisionNumber });
    },

    /**
     * Re-issues a diploma (cấp lại): a new entry with a new serial, entered in the register of the
     * year it is signed, replacing the old one — both written in one transaction.
     */
    async reissue(
      entryId: string,
      expectedRevision: number,
      decision: Decision,
      next: { serial: string; issuedOn: string; registerNumber?: number },
      writer: Writer,
    ) {
      const old = await forChange(entryId, expectedRevision);
      checkIssuedOn({ issuedOn: next.issuedOn, graduationYear: old.graduationYear });
      const newId = randomUUID();
      const at = new Date().toISOString();
      // The new diploma takes the next number of its own year unless one is asked: never the old one's.
      const { registerNumber: _oldNumber, ...facts } = entryOf(old);
      const entry: NewEntry = {
        ...facts,
        serial: next.serial,
        issuedOn: next.issuedOn,
        registerYear: Number(next.issuedOn.slice(0, 4)),
        ...(next.registerNumber !== undefined ? { registerNumber: next.registerNumber } : {}),
      };
      const replaced = changed(
        {
          ...old,
          state: 'replaced',
          replacedBy: newId,
          cancellation: { ...decision, at, by: writer.accountId },
        },
        at,
      );
      return place(
        entry,
        writer,
        (registerNumber) => ({
          ...entry,
          registerNumber,
          entryId: newId,
          ...holderKeys(entry.holder),
          serialKey: serialKey(entry.serial),
          state: 'valid',
          replaces: old.entryId,
          corrections: [],
          source: 'typed',
          createdBy: writer.accountId,
          createdAt: at,
          updatedAt: at,
          revision: 1,
        }),
        { item: replaced, revision: old.revision },
        'diploma.reissue',
      );
    },

    /** A year's register: its highest number, how many are used, and each gap with its explanation. */
    async year(registerYear: number, listGaps = true) {
      const e = entities();
      const { data: counter } = await e.diplomaYear.get({ registerYear }).go();
      const highest = counter?.highest ?? 0;
      const entries = counter?.entries ?? 0;
      // The counts come from the year's item; only listing the gaps reads every number of the year.
      const unexplained = highest - entries - (counter?.explained ?? 0);
      if (!listGaps || (unexplained === 0 && entries === highest))
        return { registerYear, entries, highest, gaps: [], unexplained };
      const { used, explanations } = await yearNumbers(registerYear);
      const explained = explanations.map((g) => ({
        from: g.from,
        to: g.to,
        reason: g.reason,
        explainedAt: g.explainedAt,
      }));
      const gaps = registerGaps(used).flatMap((gap) => splitByExplanations(gap, explained));
      return {
        registerYear,
        entries: used.length,
        highest: used.length ? Math.max(...used) : 0,
        gaps,
        unexplained: gaps.filter((g) => !g.reason).reduce((n, g) => n + g.to - g.from + 1, 0),
      };
    },

    /** A year's entries in number order, a page at a time. */
    async yearEntries(registerYear: number, limit: number, cursor?: string): Promise<Page<EntryItem>> {
      const scope = `diploma-register:${registerYear}`;
      const page = await entities()
        .diplomaEntry.query.byRegister({ registerYear })
        .go({ limit, cursor: decodeCursor(scope, cursor) });
      const nextCursor = encodeCursor(scope, page.cursor);
      return { items: page.data as EntryItem[], ...(nextCursor ? { nextCursor } : {}) };
    },

    /** Explains a range of numbers a year skipped (a spoiled form, a lost page). */
    async explainGap(
      registerYear: number,
      range: { from: number; to: number; reason: string },
      writer: Writer,
    ) {
      if (range.from > range.to)
        throw badRequest(diplomaText('gap-order'), [fieldError('body', 'to', diplomaText('gap-order'))]);
      const e = entities();
      const { used, explanations } = await yearNumbers(registerYear);
      const inGap = registerGaps(used).some((g) => range.from >= g.from && range.to <= g.to);
      if (!inGap) {
        const text = diplomaText('gap-not-gap', {
          ...range,
          year: String(registerYear),
          highest: used.length ? Math.max(...used) : 0,
        });
        throw badRequest(text, [fieldError('body', 'from', text)]);
      }
      const overlap = explanations.find((g) => range.from <= g.to && range.to >= g.from);
      if (overlap) throw conflict(diplomaText('gap-explained', { from: overlap.from }));
      const explainedAt = new Date().toISOString();
      const gap = { registerYear, ...range, explainedBy: writer.accountId, explainedAt };
      const result = await e.service.transaction
        .write(({ diplomaGap, diplomaYear, auditEntry: log }) => [
          diplomaGap.create(gap).commit(),
          diplomaYear
            .update({ registerYear })
            .add({ explained: range.to - range.from + 1 })
            .commit(),
          log
            .create(
              auditEntry({
                actorId: writer.accountId,
                action: 'diploma-register.explain-gap',
                targetType: 'diploma-register',
                targetId: String(registerYear),
                orgUnit: writer.unit,
                requestId: writer.requestId,
                changes: { from: range.from, to: range.to, reason: range.reason },
              }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) throw conflict(diplomaText('gap-explained', { from: range.from }));
      return { from: range.from, to: range.to, reason: range.reason, explainedAt };
    },

    /** The office's search: by serial, by personal ID, or by name (and a year or date of birth). */
    async search(
      by: { serial?: string; personalId?: string; fullName?: string; birthYear?: number },
      limit: number,
      cursor?: string,
    ): Promise<Page<EntryItem>> {
      if (by.serial) {
        const found = await entryBySerial(by.serial);
        return { items: found ? [found] : [] };
      }
      const e = entities();
      const scope = `diploma-search:${by.personalId ?? ''}:${by.fullName ? searchKey(by.fullName) : ''}:${by.birthYear ?? ''}`;
      const options = { limit, cursor: decodeCursor(scope, cursor) };
      const page = by.personalId
        ? await e.diplomaEntry.query.byPersonalId({ personalId: by.personalId }).go(options)
        : by.birthYear
          ? await e.diplomaEntry.query
              .byName({ nameKey: searchKey(by.fullName!) })
              .begins({ birthDate: String(by.birthYear) })
              .go(options)
          : await e.diplomaEntry.query.byName({ nameKey: searchKey(by.fullName!) }).go(options);
      const nextCursor = encodeCursor(scope, page.cursor);
      return { items: page.data as EntryItem[], ...(nextCursor ? { nextCursor } : {}) };
    },
  };
}

/** A gap cut by the explanations that cover parts of it: each part explained or not. */
function splitByExplanations(
  gap: RegisterGap,
  explained: { from: number; to: number; reason: string; explainedAt: string }[],
): (RegisterGap & { reason?: string; explainedAt?: string })[] {
  const parts: (RegisterGap & { reason?: string; explainedAt?: string })[] = [];
  let at = gap.from;
  for (const x of explained
    .filter((x) => x.to >= gap.from && x.from <= gap.to)
    .sort((a, b) => a.from - b.from)) {
    if (x.from > at) parts.push({ from: at, to: x.from - 1 });
    const from = Math.max(at, x.from);
    const to = Math.min(gap.to, x.to);
    if (to >= from) parts.push({ from, to, reason: x.reason, explainedAt: x.explainedAt });
    at = to + 1;
  }
  if (at <= gap.to) parts.push({ from: at, to: gap.to });
  return parts;
}

export type Register = ReturnType<typeof makeRegister>;
