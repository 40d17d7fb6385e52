/**
 * The payment interface of the platform's public services (a fee for a copy from the diploma
 * register…): an amount in đồng, a reference the service makes, and whether it is paid. A provider
 * (a bank's or the national public-service portal's gateway) plugs in behind `charge`; the local
 * cloud's stand-in (`PAYMENT_GATEWAY=local`) takes every payment at once, so the whole service can
 * be tried. Without a provider a deployment says so (503), never pretends a fee was paid.
 */

export interface Charge {
  /** The service's own reference (printed on the request, carried by the transfer). */
  reference: string;
  amount: number;
  description: string;
}
export type ChargeResult =
  | {
      status: 'paid';
      /** The provider's transaction id. */
      transactionId: string;
      paidAt: string;
    }
  /** The provider refused it (no funds, cancelled by the payer). */
  | { status: 'declined'; reason: string };
export interface PaymentGateway {
  /** Charges once per reference: a charge asked again with the same reference is the same payment. */
  charge(charge: Charge): Promise<ChargeResult>;
}

export class PaymentsNotConfiguredError extends Error {
  constructor() {
    super('No payment gateway is configured (PAYMENT_GATEWAY)');
    this.name = 'PaymentsNotConfiguredError';
  }
}

const localGateway: PaymentGateway = {
  async charge({ reference, amount }) {
    if (!Number.isInteger(amount) || amount <= 0) throw new RangeError(`Bad amount ${amount}`);
    return { status: 'paid', transactionId: `LOCAL-${reference}`, paidAt: new Date().toISOString() };
  },
};

export function paymentGateway(): PaymentGateway {
  if (process.env.PAYMENT_GATEWAY === 'local') return localGateway;
  throw new PaymentsNotConfiguredError();
}
