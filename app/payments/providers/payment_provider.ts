/*
| What every payment provider does for us (sandbox, Alipay, Stripe): start a
| hosted checkout for an order, verify what it tells us (a webhook or a
| notify), refund, and say where a payment stands. The rest of payments
| speaks only these types; no provider's own shapes leak past its adapter.
*/

export type ProviderName = 'sandbox' | 'alipay' | 'stripe'

export type CheckoutRequest = {
  order: {
    id: number
    /** ours, unique; the provider's out_trade_no / client_reference_id */
    number: string
    /** minor units (fen, cents) */
    amount: number
    currency: string
    /** what the buyer sees on the provider's page */
    subject: string
    expiresAt: Date
  }
  /** absolute: where the provider sends the buyer back (never trusted alone) */
  returnUrl: string
  /** absolute: where the provider sends its notifications */
  notifyUrl: string
  /** the buyer's device: Alipay has a page pay for desktops and a wap pay for phones */
  device: 'desktop' | 'mobile'
  locale: string
}

export type CheckoutStart = {
  /** where to send the buyer (303) */
  redirectUrl: string
  /** the provider's id of this checkout (session id, trade no) when it has one now */
  providerReference: string | null
}

/** A webhook or notify as it arrived: the raw body is what was signed. */
export type IncomingNotification = {
  rawBody: string
  headers: Record<string, string | undefined>
}

/**
 * What a verified notification says, in our terms. `eventId` is unique per
 * provider for one event (a redelivery repeats it): it is acted on once.
 */
export type PaymentNotification =
  | {
      type: 'payment.succeeded'
      eventId: string
      orderNumber: string
      amount: number
      currency: string
      providerReference: string
    }
  | {
      /** declined, closed or expired at the provider */
      type: 'payment.failed'
      eventId: string
      orderNumber: string
      providerReference: string | null
    }
  | {
      /** still waiting (an out-of-order older state, or "pay later") */
      type: 'payment.pending'
      eventId: string
      orderNumber: string
    }
  | {
      type: 'refund.succeeded' | 'refund.failed'
      eventId: string
      orderNumber: string
      /** our refund's idempotency key, as we gave it to the provider */
      refundKey: string
      amount: number
    }
  | {
      /** a verified event we do not act on: answered 200, logged, ignored */
      type: 'ignored'
      eventId: string
      providerType: string
    }

export type RefundRequest = {
  orderNumber: string
  providerReference: string | null
  /** the whole order's amount (Stripe and Alipay check partial refunds against it) */
  orderAmount: number
  amount: number
  currency: string
  /** ours, unique per refund: the provider's idempotency key / out_request_no */
  refundKey: string
  reason: string
}

export type RefundResult = {
  /** succeeded now, or pending until a notification says (Stripe may) */
  status: 'succeeded' | 'pending' | 'failed'
  providerReference: string | null
  failure?: string
}

export type PaymentStatus = {
  status: 'paid' | 'pending' | 'failed' | 'unknown'
  amount?: number
  currency?: string
  providerReference?: string
}

/** A notification whose signature does not verify: 400, and nothing changes. */
export class WebhookSignatureError extends Error {
  constructor(provider: ProviderName, why: string) {
    super(`${provider} notification refused: ${why}`)
  }
}

export interface PaymentProvider {
  readonly name: ProviderName
  /** the i18n key of its name at checkout */
  readonly labelKey: string
  createCheckout(request: CheckoutRequest): Promise<CheckoutStart>
  /** throws WebhookSignatureError when the signature, timestamp or app id does not hold */
  verifyNotification(incoming: IncomingNotification): Promise<PaymentNotification>
  /** the body the provider expects once a notification is handled (Alipay: "success") */
  readonly acknowledgement: { contentType: string; body: string }
  refund(request: RefundRequest): Promise<RefundResult>
  fetchStatus(order: { number: string; providerReference: string | null }): Promise<PaymentStatus>
}
