/**
 * A change to a locked grade book: the subject's teacher asks for one cell's new value with a
 * reason; a school leader approves it — the cell is written (its row's version checked), the
 * request decided and the audit entry (old → new, the request) in one transaction — or rejects it.
 * A request is checked when asked (the value must be one the column takes) and applied as asked.
 */
import { randomUUID } from 'node:crypto';
import { auditEntry } from '#shared/audit/entity.ts';
import type { OrgTarget } from '#shared/auth/can.ts';
import { badRequest, conflict, fieldError, forbidden } from '#shared/http/problem.ts';
import { type Book, cellValue, PROBLEM_TEXT, rowOf, type ScoreRowItem } from './books.ts';
import { applyCell } from './domain/book.ts';
import { gradebookText } from './domain/texts.ts';
import { gradebookEntities } from './entities.ts';

export interface ScoreChangeItem {
  requestId: string;
  schoolId: string;
  classId: string;
  className: string;
  subject: string;
  subjectName: string;
  semester: number;
  learnerId: string;
  fullName: string;
  field: string;
  before?: unknown;
  value: string;
  reason: string;
  state: 'pending' | 'approved' | 'rejected';
  requestedBy: string;
  requestedByName: string;
  requestedAt: string;
  decidedBy?: string;
  decidedByName?: string;
  decidedAt?: string;
  note?: string;
}

interface Actor {
  accountId: string;
  fullName: string;
  requestId: string;
}

const bookKey = (book: Book) => `${book.cls.classId}/${book.subject.code}/${book.semester}`;

/** Asks for a change to a locked book's cell: checked now, audited, pending a school leader. */
export async function askChange(
  book: Book,
  pupil: { learnerId: string; fullName: string },
  input: { field: string; value: string; reason: string },
  actor: Actor,
  unit: OrgTarget,
): Promise<ScoreChangeItem> {
  if (!book.stored?.lockedAt) throw conflict(gradebookText('not-locked'));
  const row = await rowOf(book, pupil.learnerId);
  const applied = applyCell(book.shape, row ?? { regular: [] }, input.field, input.value);
  if ('problem' in applied) {
    const text = gradebookText(PROBLEM_TEXT[applied.problem]);
    throw badRequest(text, [
      fieldError('body', applied.problem === 'unknown-field' ? 'field' : 'value', text),
    ]);
  }
  const item: ScoreChangeItem = {
    requestId: randomUUID(),
    schoolId: book.cls.schoolId,
    classId: book.cls.classId,
    className: book.cls.name,
    subject: book.subject.code,
    subjectName: book.subject.name,
    semester: book.semester,
    learnerId: pupil.learnerId,
    fullName: pupil.fullName,
    field: input.field,
    before: cellValue(row, input.field),
    value: input.value,
    reason: input.reason.normalize('NFC'),
    state: 'pending',
    requestedBy: actor.accountId,
    requestedByName: actor.fullName,
    requestedAt: new Date().toISOString(),
  };
  const result = await gradebookEntities()
    .service.transaction.write(({ scoreChange, auditEntry: log }) => [
      scoreChange.create(item).commit(),
      log
        .create(
          auditEntry({
            actorId: actor.accountId,
            action: 'gradebook.change-asked',
            targetType: 'grade-book',
            targetId: bookKey(book),
            orgUnit: unit,
            requestId: actor.requestId,
            changes: {
              requestId: item.requestId,
              learnerId: item.learnerId,
              field: item.field,
              before: item.before,
              value: item.value,
              reason: item.reason,
            },
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled) throw new Error('A change request with a new id was refused');
  return item;
}

export async function changeRequest(requestId: string): Promise<ScoreChangeItem | undefined> {
  const { data } = await gradebookEntities().scoreChange.get({ requestId }).go({ consistent: true });
  return (data as ScoreChangeItem | null) ?? undefined;
}

/** A school's requests in one state, oldest first (a leader's queue), a page at a time. */
export async function schoolChanges(
  schoolId: string,
  state: ScoreChangeItem['state'],
  limit: number,
  cursor: string | null,
) {
  const page = await gradebookEntities()
    .scoreChange.query.bySchool({ schoolId, state })
    .go({ limit, ...(cursor ? { cursor } : {}) });
  return { items: page.data as ScoreChangeItem[], cursor: page.cursor ?? undefined };
}

/**
 * Decides a pending request. Approving writes the cell as asked onto the row as it is now (its
 * version checked): the book stays locked. A request decided meanwhile, or a row written
 * meanwhile, is a conflict and nothing is written.
 */
export async function decideChange(
  request: ScoreChangeItem,
  book: Book,
  decision: { approve: boolean; note?: string },
  actor: Actor,
  unit: OrgTarget,
): Promise<ScoreChangeItem> {
  if (request.state !== 'pending') throw conflict(gradebookText('change-decided'));
  // A teacher who is also a school leader does not approve their own request.
  if (request.requestedBy === actor.accountId) throw forbidden(gradebookText('own-change'));
  const at = new Date().toISOString();
  const decided: ScoreChangeItem = {
    ...request,
    state: decision.approve ? 'approved' : 'rejected',
    decidedBy: actor.accountId,
    decidedByName: actor.fullName,
    decidedAt: at,
    ...(decision.note ? { note: decision.note.normalize('NFC') } : {}),
  };
  let written: ScoreRowItem | undefined;
  let before: ScoreRowItem | undefined;
  if (decision.approve) {
    before = await rowOf(book, request.learnerId);
    const applied = applyCell(book.shape, before ?? { regular: [] }, request.field, request.value);
    // Checked when asked against the same book's shape: it cannot be refused now.
    if ('problem' in applied) throw conflict(gradebookText(PROBLEM_TEXT[applied.problem]));
    written = {
      classId: book.cls.classId,
      subject: book.subject.code,
      semester: book.semester,
      learnerId: request.learnerId,
      ...applied.cells,
      version: (before?.version ?? 0) + 1,
      updatedAt: at,
      updatedBy: actor.accountId,
    };
  }
  const result = await gradebookEntities()
    .service.transaction.write(({ scoreChange, scoreRow, auditEntry: log }) => [
      scoreChange
        .put(decided)
        .where((r, op) => op.eq(r.state, 'pending'))
        .commit(),
      ...(written
        ? [
            before
              ? scoreRow
                  .put(written)
                  .where((r, op) => op.eq(r.version, before!.version))
                  .commit()
              : scoreRow.create(written).commit(),
          ]
        : []),
      log
        .create(
          auditEntry({
            actorId: actor.accountId,
            action: decision.approve ? 'gradebook.change-approved' : 'gradebook.change-rejected',
            targetType: 'grade-book',
            targetId: bookKey(book),
            orgUnit: unit,
            requestId: actor.requestId,
            changes: {
              requestId: request.requestId,
              learnerId: request.learnerId,
              field: request.field,
              before: cellValue(before, request.field),
              after: written ? cellValue(written, request.field) : cellValue(before, request.field),
              ...(decision.note ? { note: decision.note } : {}),
            },
          }),
        )
        .commit(),
    ])
    .go();
  if (result.canceled)
    throw conflict(gradebookText(result.data[0]?.rejected ? 'change-decided' : 'row-changed'));
  return decided;
}

/** A teacher's own change requests, newest first, a page at a time (gsi3). */
export async function requesterChanges(accountId: string, limit: number, cursor: string | null) {
  const page = await gradebookEntities()
    .scoreChange.query.byRequester({ requestedBy: accountId })
    .go({ order: 'desc', limit, cursor });
  return { items: page.data as ScoreChangeItem[], cursor: page.cursor };
}
