/**
 * Circulation rules of a school library: due dates and limits by borrower type, renewals, and the
 * fair hold queue (first come, first served; one hold per borrower and title; a copy returned
 * while someone waits goes to the hold shelf for the first of them, who has a few days to come).
 * Pure: days are `yyyy-mm-dd` in the city's time zone, decided by the caller.
 */
import type { CodedText } from '#shared/text/texts.ts';
import { libraryText } from './texts.ts';

export const BORROWER_TYPES = ['student', 'staff'] as const;
export type BorrowerType = (typeof BORROWER_TYPES)[number];

export const COPY_CONDITIONS = ['new', 'good', 'worn', 'damaged'] as const;
export const COPY_STATUSES = [
  'available',
  'on-loan',
  'on-hold-shelf',
  /** Lent to another school (an inter-school loan). */
  'lent-out',
  'lost',
  'withdrawn',
] as const;
export type CopyStatus = (typeof COPY_STATUSES)[number];

export interface LoanRules {
  loanDays: number;
  maxLoans: number;
  maxRenewals: number;
}

/** The defaults of a school library (a school may set its own). */
export const DEFAULT_RULES: Record<BorrowerType, LoanRules> = {
  student: { loanDays: 14, maxLoans: 3, maxRenewals: 2 },
  staff: { loanDays: 30, maxLoans: 10, maxRenewals: 3 },
};

/** How long a copy waits on the hold shelf for the borrower it was kept for. */
export const HOLD_SHELF_DAYS = 3;

/** A school's own rules: per borrower type, and the hold shelf's days. */
export interface SchoolRules {
  student: LoanRules;
  staff: LoanRules;
  holdShelfDays: number;
}

export const DEFAULT_SCHOOL_RULES: SchoolRules = { ...DEFAULT_RULES, holdShelfDays: HOLD_SHELF_DAYS };

/** Today in Hải Phòng (UTC+7 all year): the day loans are counted in. */
export const cityDay = (at: Date = new Date()) =>
  new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

export const addDays = (day: string, days: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** A rule said no: its code (for the desk) and what the librarian is told. */
export type Refusal = { ok: false; code: string; text: CodedText };
export type Decision<T> = ({ ok: true } & T) | Refusal;

const refuse = (code: string, text: CodedText): Refusal => ({ ok: false, code, text });

/** Whether a borrower may take this copy now, and until when. */
export function decideLoan(input: {
  today: string;
  borrowerType: BorrowerType;
  openLoans: number;
  overdueLoans: number;
  copyStatus: CopyStatus;
  /** The borrower the copy is kept for on the hold shelf, if it is. */
  keptFor?: string;
  borrowerId: string;
  rules?: LoanRules;
}): Decision<{ dueOn: string }> {
  const rules = input.rules ?? DEFAULT_RULES[input.borrowerType];
  if (input.copyStatus === 'on-loan') return refuse('copy-on-loan', libraryText('copy-on-loan'));
  if (input.copyStatus === 'lost' || input.copyStatus === 'withdrawn')
    return refuse('copy-unavailable', libraryText('copy-unavailable'));
  if (input.copyStatus === 'on-hold-shelf' && input.keptFor !== input.borrowerId)
    return refuse('copy-kept', libraryText('copy-kept'));
  if (input.overdueLoans > 0) return refuse('overdue', libraryText('overdue'));
  if (input.openLoans >= rules.maxLoans)
    return refuse('limit', libraryText('limit', { max: rules.maxLoans }));
  return { ok: true, dueOn: addDays(input.today, rules.loanDays) };
}

/** Whether a loan may be renewed, and its new due day (counted from today, never shortened). */
export function decideRenewal(input: {
  today: string;
  dueOn: string;
  renewals: number;
  borrowerType: BorrowerType;
  othersWaiting: number;
  rules?: LoanRules;
}): Decision<{ dueOn: string }> {
  const rules = input.rules ?? DEFAULT_RULES[input.borrowerType];
  if (input.dueOn < input.today) return refuse('overdue', libraryText('renew-overdue'));
  if (input.othersWaiting > 0) return refuse('held', libraryText('held'));
  if (input.renewals >= rules.maxRenewals)
    return refuse('renewals', libraryText('renewals', { max: rules.maxRenewals }));
  const next = addDays(input.today, rules.loanDays);
  // biome-ignore lint/complexity/useMathMinMax: ISO days are strings, compared as text (Math.max would make NaN)
  return { ok: true, dueOn: next > input.dueOn ? next : input.dueOn };
}

export interface QueuedHold {
  holdId: string;
  borrowerId: string;
  placedAt: string;
  status: 'waiting' | 'ready' | 'fulfilled' | 'cancelled' | 'expired';
  readyUntil?: string;
}

/** The waiting holds in the order they are served: first placed, first served. */
export const queueOrder = <H extends QueuedHold>(holds: readonly H[]) =>
  holds
    .filter((h) => h.status === 'waiting')
    .sort((a, b) => a.placedAt.localeCompare(b.placedAt) || a.holdId.localeCompare(b.holdId));

/** Whether a borrower may place a hold: one live hold per title, and not for a copy they hold. */
export function decideHold(input: {
  borrowerId: string;
  holds: readonly QueuedHold[];
  borrowerHasCopy: boolean;
}): Decision<Record<never, never>> {
  if (input.borrowerHasCopy) return refuse('has-copy', libraryText('has-copy'));
  if (
    input.holds.some(
      (h) => h.borrowerId === input.borrowerId && (h.status === 'waiting' || h.status === 'ready'),
    )
  )
    return refuse('already-held', libraryText('already-held'));
  return { ok: true };
}

/**
 * What a returned copy does next: goes to the hold shelf for the first borrower waiting (until
 * `readyUntil`), or back on the shelf.
 */
export function afterReturn<H extends QueuedHold>(
  today: string,
  holds: readonly H[],
  holdShelfDays = HOLD_SHELF_DAYS,
) {
  const [next] = queueOrder(holds);
  return next
    ? { status: 'on-hold-shelf' as const, hold: next, readyUntil: addDays(today, holdShelfDays) }
    : { status: 'available' as const };
}

/** Statuses a librarian sets by hand: on the shelf, lost, or withdrawn (thanh lý). */
export const SHELF_STATUSES = ['available', 'lost', 'withdrawn'] as const;
export type ShelfStatus = (typeof SHELF_STATUSES)[number];

/**
 * Whether a copy's status may be set by hand, and how the school's counts move: only a copy on
 * the shelf, lost or withdrawn changes this way (loans, holds and inter-school loans end first).
 */
export function decideStatusChange(
  from: CopyStatus,
  to: ShelfStatus,
): Decision<{ copies: number; available: number }> {
  if (!(SHELF_STATUSES as readonly string[]).includes(from))
    return refuse('copy-busy', libraryText('copy-busy'));
  // Lost and withdrawn copies leave the school's count; only copies on the shelf are available.
  const held = (s: CopyStatus) => (s === 'lost' || s === 'withdrawn' ? 0 : 1);
  const onShelf = (s: CopyStatus) => (s === 'available' ? 1 : 0);
  return { ok: true, copies: held(to) - held(from), available: onShelf(to) - onShelf(from) };
}

/** Overdue: past its due day and not returned. */
export const isOverdueLoan = (loan: { dueOn: string; returnedAt?: string }, today: string) =>
  !loan.returnedAt && loan.dueOn < today;
