/**
 * The life of a record (seed 001: cập nhật → xác thực → phê duyệt): a school officer edits a
 * draft and submits it; the commune approves it or returns it with a reason. Only the approved
 * copy counts in statistics and goes to the national system; a later edit starts a new draft on
 * top of it without touching what was approved. Every transition bumps the version, which is
 * both the optimistic-concurrency token and the sync envelope's version number.
 */

import type { CodedText } from '#shared/text/texts.ts';
import { eduText } from './texts.ts';

export const RECORD_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** The sync envelope's event: what the pending change does to the national copy. */
export const SYNC_EVENTS = ['new', 'update', 'cancel'] as const;
export type SyncEvent = (typeof SYNC_EVENTS)[number];

export interface ApprovedCopy {
  data: unknown;
  version: number;
  event: SyncEvent;
  approvedAt: string;
  approvedBy: string;
}

export interface RecordState {
  status: RecordStatus;
  version: number;
  event: SyncEvent;
  data: unknown;
  approved?: ApprovedCopy;
  returnReason?: string;
  submittedAt?: string;
}

export type WorkflowAction = 'create' | 'update' | 'cancel' | 'submit' | 'approve' | 'return';

export class WorkflowError extends Error {
  constructor(
    readonly code: 'waiting-for-approval' | 'not-submitted' | 'nothing-to-submit' | 'already-cancelled',
    /** What the person is told. */
    readonly text: CodedText,
  ) {
    super(text.message);
  }
}

export function createDraft(data: unknown): RecordState {
  return { status: 'draft', version: 1, event: 'new', data };
}

/** A new working copy; an approved record keeps its approved copy until the edit is approved. */
export function editDraft(
  state: RecordState,
  data: unknown,
  event: 'update' | 'cancel' = 'update',
): RecordState {
  if (state.status === 'submitted')
    throw new WorkflowError('waiting-for-approval', eduText('edit-while-waiting'));
  if (state.approved?.event === 'cancel')
    throw new WorkflowError('already-cancelled', eduText('already-cancelled'));
  const { returnReason: _dropped, ...rest } = state;
  return {
    ...rest,
    status: 'draft',
    version: state.version + 1,
    // A record never approved is still "new" to the national system, whatever was edited since.
    event: event === 'cancel' ? 'cancel' : state.approved ? 'update' : 'new',
    data,
  };
}

export function submit(state: RecordState, at: string): RecordState {
  if (state.status === 'submitted')
    throw new WorkflowError('waiting-for-approval', eduText('already-waiting'));
  if (state.status === 'approved') throw new WorkflowError('nothing-to-submit', eduText('nothing-to-submit'));
  return { ...state, status: 'submitted', version: state.version + 1, submittedAt: at };
}

export function approve(state: RecordState, by: string, at: string): RecordState {
  if (state.status !== 'submitted')
    throw new WorkflowError('not-submitted', eduText('approve-not-submitted'));
  const version = state.version + 1;
  const { submittedAt: _s, ...rest } = state;
  return {
    ...rest,
    status: 'approved',
    version,
    approved: { data: state.data, version, event: state.event, approvedAt: at, approvedBy: by },
  };
}

export function returnToSchool(state: RecordState, reason: string): RecordState {
  if (state.status !== 'submitted') throw new WorkflowError('not-submitted', eduText('return-not-submitted'));
  const { submittedAt: _s, ...rest } = state;
  return { ...rest, status: 'returned', version: state.version + 1, returnReason: reason };
}

/** Whether a record counts in official statistics, and with which data. */
export const officialData = (state: Pick<RecordState, 'approved'>): unknown =>
  state.approved && state.approved.event !== 'cancel' ? state.approved.data : undefined;
