/**
 * Inter-school loans: a school asks another that holds a title to lend it a copy; each step is
 * taken by one side and kept in the request's trail. Pure: who may take which step, from where.
 *
 *   requested ─accept→ accepted ─ship→ shipped ─receive→ received ─return→ returned ─close→ closed
 *       │  └─refuse→ refused          (lender)        (borrower)        (borrower)       (lender)
 *       └─cancel→ cancelled (borrower, before shipping)
 */
import { INTERLOAN_STATUS_WORDS, libraryText } from './texts.ts';

export const INTERLOAN_STATUSES = [
  'requested',
  'accepted',
  'refused',
  'cancelled',
  'shipped',
  'received',
  'returned',
  'closed',
] as const;
export type InterloanStatus = (typeof INTERLOAN_STATUSES)[number];

export const INTERLOAN_ACTIONS = [
  'accept',
  'refuse',
  'cancel',
  'ship',
  'receive',
  'return',
  'close',
] as const;
export type InterloanAction = (typeof INTERLOAN_ACTIONS)[number];

/** Each action: the side that takes it, the states it starts from, the state it leads to. */
export const INTERLOAN_STEPS: Record<
  InterloanAction,
  { side: 'lender' | 'borrower'; from: readonly InterloanStatus[]; to: InterloanStatus }
> = {
  accept: { side: 'lender', from: ['requested'], to: 'accepted' },
  refuse: { side: 'lender', from: ['requested', 'accepted'], to: 'refused' },
  cancel: { side: 'borrower', from: ['requested', 'accepted'], to: 'cancelled' },
  ship: { side: 'lender', from: ['accepted'], to: 'shipped' },
  receive: { side: 'borrower', from: ['shipped'], to: 'received' },
  return: { side: 'borrower', from: ['received'], to: 'returned' },
  close: { side: 'lender', from: ['returned'], to: 'closed' },
};

export function decideInterloanStep(
  status: InterloanStatus,
  action: InterloanAction,
  side: 'lender' | 'borrower',
) {
  const step = INTERLOAN_STEPS[action];
  if (step.side !== side)
    return {
      ok: false as const,
      text: libraryText(step.side === 'lender' ? 'lender-step' : 'borrower-step'),
    };
  if (!step.from.includes(status))
    return {
      ok: false as const,
      text: libraryText('interloan-not-now', {
        status: INTERLOAN_STATUS_WORDS[status],
        to: INTERLOAN_STATUS_WORDS[step.to],
      }),
    };
  return { ok: true as const, to: step.to };
}
