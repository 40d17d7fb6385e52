/**
 * A year's graduates issued as digital diplomas at once: the office names the register year, the
 * diploma type and (if it likes) the school; a worker goes through the year's register a page at
 * a time and issues each valid entry of that type that never had a digital diploma — one revoked
 * earlier is left to the office, which issues it again by hand once it has looked at why.
 *
 * - Only new graduates: the register years of this year and the last (older diplomas are copied
 *   from the register instead).
 * - One batch running a year and type at a time (a second answers 409).
 * - Each page counted once: the counts ADDed on the condition that the page is not yet in
 *   `pagesDone`, the next page's cursor kept beside them, so a redelivered page counts nothing
 *   twice and a lost "next page" message is sent again from the batch.
 * - The entries are issued one after another (each takes a position in the revocation list: a
 *   counter no batch makes hot), and the signing is the credentials worker's, a message each.
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import { cityDate } from '#shared/calendar/school-year.ts';
import { falseIfConditionFailed } from '#shared/db/errors.ts';
import { badRequest, conflict, fieldError, HttpProblem } from '#shared/http/problem.ts';
import { logger } from '#shared/observability/logger.ts';
import { sendMessage } from '#shared/queue/sqs.ts';
import { tidyName, toneAlike } from '#shared/text/vietnamese.ts';
import { makeDigitalDiplomas } from './digital.ts';
import type { DiplomaType } from './domain/kinds.ts';
import { diplomaText } from './domain/texts.ts';
import { type DiplomaEntities, diplomaEntities } from './entities.ts';
import { batchPageMessage, DIPLOMA_CREDENTIAL_BATCHES_QUEUE } from './messages.ts';
import { makeRegister, type Writer } from './register.ts';

/** Entries read a message: a page is issued well inside the worker's time. */
export const BATCH_PAGE_SIZE = 100;
/** A run whose last page was counted longer ago than this has stopped: the next start takes it up. */
const STALLED_MS = 15 * 60_000;

export interface CredentialBatch {
  batchId: string;
  registerYear: number;
  type: DiplomaType;
  school?: string;
  state: 'running' | 'done';
  matched: number;
  requested: number;
  hadOne: number;
  notValid: number;
  failed: number;
  requestedBy: string;
  requestedAt: string;
  finishedAt?: string;
}

/** A school as printed, compared without regard to case, spacing or where the tone mark was put. */
const schoolKey = (name: string) => toneAlike(tidyName(name).toLocaleLowerCase('vi'));

/** A school as the office typed it, kept as written (NFC, single spaces); none when empty. */
const schoolOf = (typed: string | undefined) =>
  typed?.normalize('NFC').replace(/\s+/g, ' ').trim() || undefined;

/** Whether a cancelled start was refused by the guard (item 0: another run holds the year and type). */
const guardRefused = (reasons: unknown) =>
  (reasons as { code?: string }[])[0]?.code === 'ConditionalCheckFailed';

/** The register years whose graduates are new: this year's and last year's, in the city's time. */
export const newGraduateYears = (now = new Date()) => {
  const year = Number(cityDate(now).slice(0, 4));
  return [year - 1, year];
};

const view = (
  b: CredentialBatch & { pagesDone?: unknown; nextPage?: unknown; nextCursor?: unknown; unit?: unknown },
) => {
  const { pagesDone: _p, nextPage: _n, nextCursor: _c, unit: _u, ...shown } = b;
  return shown as CredentialBatch;
};

export function makeCredentialBatches(entities: () => DiplomaEntities = diplomaEntities) {
  const register = makeRegister(entities);
  const digital = makeDigitalDiplomas(entities);

  const get = async (batchId: string) => {
    const { data } = await entities().diplomaCredentialBatch.get({ batchId }).go({ consistent: true });
    return data ?? undefined;
  };

  const ofYear = async (registerYear: number) => {
    const { data } = await entities()
      .diplomaCredentialBatch.query.byYear({ registerYear })
      .go({ order: 'desc', pages: 'all' });
    return data;
  };

  /**
   * What became of one entry: issued by this run, had one before it, no longer valid, or refused.
   * One issued since the run started counts as the run's (a page delivered twice at once: the
   * delivery that counts may be the one that found the other's).
   */
  async function issueOne(entryId: string, writer: Writer, since: string) {
    const entry = await register.get(entryId);
    if (entry?.state !== 'valid') return 'notValid' as const;
    const existing = async () => {
      const { data } = await entities()
        .diplomaCredential.query.byEntry({ entryId })
        .go({ order: 'desc', limit: 1, attributes: ['requestedAt', 'state', 'signatureId', 'pdfFileKey'] });
      const c = data[0];
      if (!c) return undefined;
      // Still being signed, or signed without its PDF (a delivery of this page that died between
      // the issue and its message): asked again — the request sends the lost message, made once.
      if (c.state === 'issuing' || (c.state === 'issued' && c.signatureId && !c.pdfFileKey))
        await digital.request(entryId, writer);
      return c.requestedAt >= since ? ('requested' as const) : ('hadOne' as const);
    };
    const before = await existing();
    if (before) return before;
    try {
      await digital.request(entryId, writer);
      return 'requested' as const;
    } catch (error) {
      // Issued meanwhile (the guard refused this one): by hand, or by another delivery of the page.
      const meanwhile = error instanceof HttpProblem && error.status === 409 ? await existing() : undefined;
      if (meanwhile) return meanwhile;
      logger.warn('Digital diploma not issued in a batch', { entryId, error: String(error) });
      return 'failed' as const;
    }
  }

  return {
    /** The batches of a register year, newest first (the office's progress). */
    async list(registerYear: number) {
      return (await ofYear(registerYear)).map((b) => view(b as CredentialBatch));
    },

    /** Starts a batch: a year of new graduates, a type, a school or all; audited. */
    async start(registerYear: number, input: { type: DiplomaType; school?: string }, writer: Writer) {
      if (!newGraduateYears().includes(registerYear))
        throw badRequest(diplomaText('credential-batch-year'), [
          fieldError('path', 'year', diplomaText('credential-batch-year')),
        ]);
      const { data: run } = await entities()
        .diplomaCredentialBatchRun.get({ registerYear, type: input.type })
        .go({ consistent: true });
      const running = run ? await get(run.batchId) : undefined;
      if (running?.state === 'running') {
        // Still moving: one run at a time. Stopped (its page's message given up on): taken up again
        // — the same run, for the same school — from the page it was at, the pages done counted
        // once as before; marked as moved now, so a second click does not send it twice.
        const moved = Date.parse(running.updatedAt ?? running.requestedAt);
        const sameRun = schoolKey(running.school ?? '') === schoolKey(schoolOf(input.school) ?? '');
        if (Date.now() - moved < STALLED_MS || !sameRun)
          throw conflict(diplomaText('credential-batch-running'));
        const resumed = await entities()
          .diplomaCredentialBatch.patch({ batchId: running.batchId })
          .set({ updatedAt: new Date().toISOString() })
          .where((b, op) =>
            running.updatedAt ? op.eq(b.updatedAt, running.updatedAt) : op.notExists(b.updatedAt),
          )
          .go()
          .then(() => true, falseIfConditionFailed);
        if (!resumed) throw conflict(diplomaText('credential-batch-running'));
        await sendMessage(DIPLOMA_CREDENTIAL_BATCHES_QUEUE, batchPageMessage, {
          batchId: running.batchId,
          page: running.nextPage ?? 0,
          ...(running.nextCursor ? { cursor: running.nextCursor } : {}),
        });
        logger.warn('A stalled run of digital diplomas taken up again', { batchId: running.batchId });
        return view(running as CredentialBatch);
      }
      const school = schoolOf(input.school);
      const batch: CredentialBatch = {
        batchId: randomUUID(),
        registerYear,
        type: input.type,
        ...(school ? { school } : {}),
        state: 'running',
        matched: 0,
        requested: 0,
        hadOne: 0,
        notValid: 0,
        failed: 0,
        requestedBy: writer.accountId,
        requestedAt: new Date().toISOString(),
      };
      const write = () =>
        entities()
          .service.transaction.write(
            ({ diplomaCredentialBatch, diplomaCredentialBatchRun: guard, auditEntry: log }) => [
              // One run a year and type: two offices starting at once, one wins.
              run
                ? guard
                    .put({ registerYear, type: input.type, batchId: batch.batchId })
                    .where((g, op) => op.eq(g.batchId, run.batchId))
                    .commit()
                : guard.create({ registerYear, type: input.type, batchId: batch.batchId }).commit(),
              // The unit the office acted at: each entry's issue is audited there, under its name.
              diplomaCredentialBatch.create({ ...batch, unit: writer.unit }).commit(),
              log
                .create(
                  auditEntry({
                    actorId: writer.accountId,
                    action: 'diploma.credential-batch',
                    targetType: 'diploma-register',
                    targetId: String(registerYear),
                    orgUnit: writer.unit,
                    requestId: writer.requestId,
                    changes: { batchId: batch.batchId, type: input.type, ...(school ? { school } : {}) },
                  }),
                )
                .commit(),
            ],
          )
          .go();
      // The guard refused it (another run), or the transaction met another at once: tried once more.
      let started = await write();
      if (started.canceled && !guardRefused(started.data)) started = await write();
      if (started.canceled) throw conflict(diplomaText('credential-batch-running'));
      await sendMessage(DIPLOMA_CREDENTIAL_BATCHES_QUEUE, batchPageMessage, {
        batchId: batch.batchId,
        page: 0,
      });
      return batch;
    },

    /**
     * The worker: one page of the year's register. A page done already (a redelivery) issues and
     * counts nothing, and sends the next page again from the cursor the batch kept.
     */
    async runPage(batchId: string, page: number, cursor: string | undefined) {
      const batch = await get(batchId);
      if (!batch || batch.state === 'done') return 'done' as const;
      if (batch.pagesDone?.includes(page)) {
        if (batch.nextPage !== undefined && batch.nextPage > page)
          await sendMessage(DIPLOMA_CREDENTIAL_BATCHES_QUEUE, batchPageMessage, {
            batchId,
            page: batch.nextPage,
            ...(batch.nextCursor ? { cursor: batch.nextCursor } : {}),
          });
        return 'again' as const;
      }
      const writer: Writer = {
        accountId: batch.requestedBy,
        requestId: batchId,
        unit: batch.unit as Writer['unit'],
      };
      const { items, nextCursor } = await register.yearEntries(batch.registerYear, BATCH_PAGE_SIZE, cursor);
      const school = batch.school ? schoolKey(batch.school) : undefined;
      const counts = { matched: 0, requested: 0, hadOne: 0, notValid: 0, failed: 0 };
      for (const entry of items) {
        if (entry.type !== batch.type || (school && schoolKey(entry.school) !== school)) continue;
        counts.matched += 1;
        counts[await issueOne(entry.entryId, writer, batch.requestedAt)] += 1;
      }
      const now = new Date().toISOString();
      // The page counted once (not yet in `pagesDone`). Any other failure (a throttle) is thrown:
      // the message comes again.
      const counted = await entities()
        .diplomaCredentialBatch.update({ batchId })
        .add({ ...counts, pagesDone: [page] })
        .set(
          nextCursor
            ? { nextPage: page + 1, nextCursor, updatedAt: now }
            : { state: 'done' as const, finishedAt: now, updatedAt: now, nextPage: page + 1 },
        )
        .where((b, op) => `NOT ${op.contains(b.pagesDone, page)}`)
        .go()
        // Counted by another delivery of this page meanwhile.
        .then(() => true, falseIfConditionFailed);
      // The last page frees the year and type for the next run: the guard, if it is still this
      // run's (a start replaces the guard of a run that is done or gone, so one left is harmless).
      if (!nextCursor)
        await entities()
          .diplomaCredentialBatchRun.delete({ registerYear: batch.registerYear, type: batch.type })
          .where((g, op) => op.eq(g.batchId, batchId))
          .go()
          .catch(falseIfConditionFailed);
      if (counted && nextCursor)
        await sendMessage(DIPLOMA_CREDENTIAL_BATCHES_QUEUE, batchPageMessage, {
          batchId,
          page: page + 1,
          cursor: nextCursor,
        });
      return counted ? ('counted' as const) : ('again' as const);
    },
  };
}
