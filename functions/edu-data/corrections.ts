/**
 * Requests to correct a learner's record (issue 18, item 3): asked by the learner or a guardian,
 * kept as a task of the learner's school, answered by whoever holds `edudata.write` there (its data
 * officer). The request, its guard (one open request per learner and field) and the audit entry
 * are one transaction, as are the answer, the guard's removal and its audit entry. The school's
 * data officers hear of a request, the requester of the answer, through the notifications context.
 */
import { createHash, randomUUID } from 'node:crypto';
import { notify } from '#functions/notifications/index.ts';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { accountsHoldingAt } from '#shared/auth/store.ts';
import { decodeCursor, encodeCursor } from '#shared/db/pagination.ts';
import { conflict } from '#shared/http/problem.ts';
import { logger } from '#shared/observability/logger.ts';
import type { CorrectionField, CorrectionState } from './domain/corrections.ts';
import { eduText } from './domain/texts.ts';
import { type EduEntities, eduEntities } from './entities.ts';

export interface CorrectionRequestItem {
  requestId: string;
  schoolId: string;
  recordId: string;
  learnerName: string;
  field: CorrectionField;
  message: string;
  state: CorrectionState;
  requestedBy: string;
  requesterName: string;
  relation: 'self' | 'guardian';
  createdAt: string;
  resolvedAt?: string;
  resolvedBy?: string;
  note?: string;
}

export interface Requester {
  accountId: string;
  name: string;
  relation: 'self' | 'guardian';
}

interface Actor {
  accountId: string;
  requestId: string;
}

/** Notices are sent after the change is saved: a lost one never undoes the request or its answer. */
const quietly = (what: string, requestId: string, sending: Promise<unknown>) =>
  sending.catch((error: unknown) => logger.warn(`${what} not sent`, { requestId, error }));

/** One notification per request and recipient, whatever retries happen (ids are at most 64 characters). */
const noticeId = (requestId: string, accountId: string) =>
  `corr-${requestId}-${createHash('sha256').update(accountId).digest('hex').slice(0, 10)}`;

export function makeCorrections(entities: () => EduEntities = eduEntities) {
  async function page(
    query: { go: (o: { order: 'desc'; limit: number; cursor: string | null }) => Promise<unknown> },
    scope: string,
    limit: number,
    cursor: string | undefined,
  ) {
    const result = (await query.go({ order: 'desc', limit, cursor: decodeCursor(scope, cursor) })) as {
      data: CorrectionRequestItem[];
      cursor: string | null;
    };
    const nextCursor = encodeCursor(scope, result.cursor);
    return { items: result.data, ...(nextCursor ? { nextCursor } : {}) };
  }

  return {
    /** Files the request at the learner's school and tells the school's data officers. */
    async request(
      learner: { recordId: string; fullName: string },
      school: OrgTarget,
      requester: Requester,
      input: { field: CorrectionField; message: string },
      correlationId: string,
    ): Promise<CorrectionRequestItem> {
      const item: CorrectionRequestItem = {
        requestId: randomUUID(),
        schoolId: school.orgUnitId,
        recordId: learner.recordId,
        learnerName: learner.fullName,
        field: input.field,
        message: input.message,
        state: 'open',
        requestedBy: requester.accountId,
        requesterName: requester.name,
        relation: requester.relation,
        createdAt: new Date().toISOString(),
      };
      const result = await entities()
        .service.transaction.write(({ correctionRequest, correctionGuard, auditEntry: entry }) => [
          correctionGuard
            .create({ recordId: item.recordId, field: item.field, requestId: item.requestId })
            .commit(),
          correctionRequest.create(item).commit(),
          entry
            .create(
              auditEntry({
                actorId: requester.accountId,
                action: 'learner.correction-request',
                targetType: 'student',
                targetId: item.recordId,
                orgUnit: school,
                requestId: correlationId,
                // What was asked is in the request; the trail keeps which field and who asked.
                changes: { requestId: item.requestId, field: item.field, relation: item.relation },
              }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) throw conflict(eduText('correction-pending'));
      const officers = await accountsHoldingAt('edudata.write', school).catch((error: unknown) => {
        logger.warn('data officers not found', { requestId: item.requestId, error });
        return [] as string[];
      });
      for (const accountId of officers)
        await quietly(
          'correction-requested notice',
          item.requestId,
          notify({
            notificationId: noticeId(item.requestId, accountId),
            channel: 'app',
            recipientId: accountId,
            template: 'correction-requested',
            data: { learner: item.learnerName, field: item.field, schoolId: item.schoolId },
          }),
        );
      return item;
    },

    async get(requestId: string): Promise<CorrectionRequestItem | undefined> {
      const { data } = await entities().correctionRequest.get({ requestId }).go();
      return (data as CorrectionRequestItem | null) ?? undefined;
    },

    /** A school's requests in one state, newest first. */
    ofSchool(schoolId: string, state: CorrectionState, limit: number, cursor?: string) {
      return page(
        entities().correctionRequest.query.bySchool({ schoolId, state }),
        `corrections:school:${schoolId}:${state}`,
        limit,
        cursor,
      );
    },

    /** A learner's requests, newest first, whoever asked. */
    ofLearner(recordId: string, limit: number, cursor?: string) {
      return page(
        entities().correctionRequest.query.byLearner({ recordId }),
        `corrections:learner:${recordId}`,
        limit,
        cursor,
      );
    },

    /** Answers an open request (once) and tells the one who asked. */
    async resolve(
      item: CorrectionRequestItem,
      school: OrgTarget,
      actor: Actor,
      answer: { outcome: 'done' | 'rejected'; note: string },
    ): Promise<CorrectionRequestItem> {
      const resolvedAt = new Date().toISOString();
      const result = await entities()
        .service.transaction.write(({ correctionRequest, correctionGuard, auditEntry: entry }) => [
          correctionRequest
            .patch({ requestId: item.requestId })
            .set({ state: answer.outcome, resolvedAt, resolvedBy: actor.accountId, note: answer.note })
            // The school's list is keyed by state: the entry moves from open to the answer.
            .composite({ schoolId: item.schoolId })
            .where((r, op) => op.eq(r.state, 'open'))
            .commit(),
          correctionGuard.delete({ recordId: item.recordId, field: item.field }).commit(),
          entry
            .create(
              auditEntry({
                actorId: actor.accountId,
                action: 'learner.correction-resolve',
                targetType: 'student',
                targetId: item.recordId,
                orgUnit: school,
                requestId: actor.requestId,
                changes: { requestId: item.requestId, field: item.field, outcome: answer.outcome },
              }),
            )
            .commit(),
        ])
        .go();
      if (result.canceled) throw conflict(eduText('correction-answered'));
      await quietly(
        'correction-request-resolved notice',
        item.requestId,
        notify({
          notificationId: `corr-done-${item.requestId}`,
          channel: 'app',
          recipientId: item.requestedBy,
          template: 'correction-request-resolved',
          data: { learner: item.learnerName, field: item.field, outcome: answer.outcome, note: answer.note },
        }),
      );
      return { ...item, state: answer.outcome, resolvedAt, resolvedBy: actor.accountId, note: answer.note };
    },
  };
}

export type Corrections = ReturnType<typeof makeCorrections>;
