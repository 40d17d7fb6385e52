/**
 * Learning results into the education database: the grade book hands over each learner's result
 * of a semester or the year (a `result` record, one per learner, year and period), and they go
 * the way of every record — written as drafts and submitted, then approved by the school's
 * commune (or the Department) and, once approved, onto the change feed. A result already
 * submitted or approved with the same figures is left alone; one changed since goes round again.
 * Chunks of a school's results share transactions (one audit entry each), as imports do.
 */

import { type RecordData, resultData } from './domain/records.ts';
import { WorkflowError } from './domain/workflow.ts';
import { type Actor, canonical, makeRecords, type Owner } from './records.ts';
import {
  ChangeRejectedError,
  type EduRecordItem,
  makeEduStore,
  type RecordChange,
  transactionGroups,
} from './store.ts';

export type ResultData = RecordData<'result'>;

export interface ResultsSubmitted {
  /** Written (new or changed) and submitted for approval. */
  submitted: number;
  /** Already there with the same figures (submitted, approved or returned). */
  unchanged: number;
  /** Waiting for the commune's decision with other figures: sent again once it is decided. */
  pending: number;
  /** Refused as changed meanwhile (another send at the same time): sent again next time. */
  rejected: number;
  /** Held by another school (the learner moved): that school's books decide them. */
  elsewhere: number;
}

/** Do a stored result and a new one say the same figures? Their learner's names aside. */
export const sameFigures = (stored: unknown, next: ResultData) => {
  const { learnerName: _stored, ...a } = stored as ResultData;
  const { learnerName: _next, ...b } = next;
  return canonical(a) === canonical(b);
};

const naturalKeyOf = (r: ResultData) => `result:${r.learnerId}:${r.schoolYear}:${r.period}`;

/** A batch's audit entry: every result it wrote, by record and learner, no scores. */
const batchAudit = (owner: Owner, actor: Actor, step: 'write' | 'submit', changes: RecordChange[]) => ({
  actorId: actor.sub,
  action: `edu-record.results-${step}`,
  targetType: 'result',
  targetId: owner.orgUnitId,
  orgUnit: owner,
  requestId: actor.requestId,
  changes: { records: changes.map((c) => ({ recordId: c.record.recordId, ...c.audit.changes })) },
});

/** Commits a batch in one transaction; if it is refused, change by change, so one stale record does not hold the rest. */
async function commitBatch(changes: RecordChange[], audit: ReturnType<typeof batchAudit>) {
  const store = makeEduStore();
  try {
    await store.commitAll(changes, audit);
    return changes;
  } catch (error) {
    if (!(error instanceof ChangeRejectedError)) throw error;
  }
  const landed: RecordChange[] = [];
  for (const change of changes) {
    try {
      await store.commit(change);
      landed.push(change);
    } catch (error) {
      if (!(error instanceof ChangeRejectedError)) throw error;
    }
  }
  return landed;
}

/** Writes and submits a school's results (at most a few thousand a call: one school's year). */
export async function submitResults(
  owner: Owner,
  results: readonly ResultData[],
  actor: Actor,
): Promise<ResultsSubmitted> {
  const store = makeEduStore();
  const records = makeRecords(store);
  const outcome: ResultsSubmitted = { submitted: 0, unchanged: 0, pending: 0, rejected: 0, elsewhere: 0 };
  const valid = results.map((r) => resultData.parse(r));
  const ids = await store.recordIdsOfKeys(valid.map(naturalKeyOf));
  const existing = new Map<string, EduRecordItem>(
    (await store.getRecords([...new Set(ids.values())])).map((r) => [r.recordId, r]),
  );
  const planned: RecordChange[] = [];
  for (const r of valid) {
    const id = ids.get(naturalKeyOf(r));
    const current = id ? existing.get(id) : undefined;
    if (!current) {
      planned.push(records.planCreate('result', owner, r, actor));
      continue;
    }
    if (current.ownerId !== owner.orgUnitId) {
      outcome.elsewhere++;
      continue;
    }
    // The same figures: nothing to send — a returned one stays with the commune's reason until
    // its figures change (sending it back unchanged would bounce the return). The learner's name
    // is a label, not a figure: a name added or corrected sends nothing again.
    if (sameFigures(current.data, r) && current.status !== 'draft') {
      outcome.unchanged++;
      continue;
    }
    if (current.status === 'submitted') {
      // Waiting for approval with other figures: it is decided first, then sent again.
      outcome.pending++;
      continue;
    }
    try {
      planned.push(records.planEdit(current, owner, r, actor));
    } catch (error) {
      if (!(error instanceof WorkflowError)) throw error;
      outcome.pending++;
    }
  }
  for (const group of transactionGroups(planned, (c) => c)) {
    const landed = await commitBatch(group, batchAudit(owner, actor, 'write', group));
    outcome.rejected += group.length - landed.length;
    const submits = landed.map((c) => records.planSubmitOf(c.record, owner, actor));
    for (const batch of transactionGroups(submits, (c) => c)) {
      const submitted = (await commitBatch(batch, batchAudit(owner, actor, 'submit', batch))).length;
      outcome.submitted += submitted;
      outcome.rejected += batch.length - submitted;
    }
  }
  return outcome;
}
