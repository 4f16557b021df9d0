import Stripe from 'stripe'
import logger from '@adonisjs/core/services/logger'
import paymentsConfig from '#config/payments'
import {
  WebhookSignatureError,
  type CheckoutRequest,
  type CheckoutStart,
  type IncomingNotification,
  type PaymentNotification,
  type PaymentProvider,
  type PaymentStatus,
  type RefundRequest,
  type RefundResult,
} from '#payments/providers/payment_provider'

export type StripeConfig = {
  secretKey?: string
  webhookSecret?: string
  /** another API host, e.g. a loopback fake in tests */
  apiBase?: string
}

/** A checkout Stripe cannot open any more: the order's session would expire too soon. */
export class CheckoutTooLateError extends Error {
  constructor(orderNumber: string, expiresAt: number) {
    super(
      `order ${orderNumber}: a Stripe session must stay open 30 minutes, and this order's ends at ${new Date(expiresAt * 1000).toISOString()}`
    )
  }
}

/** seconds a webhook's signed timestamp may be old: Stripe's own default, against replays */
const TOLERANCE = 300
const MINUTE = 60

type Session = Stripe.Checkout.Session
type Refund = Stripe.Refund

/** Stripe Checkout (hosted page), its signed webhooks, and refunds of the session's payment. */
export class StripeProvider implements PaymentProvider {
  readonly name = 'stripe' as const
  readonly labelKey = 'payments.providers.stripe'
  readonly acknowledgement = { contentType: 'application/json', body: '{"received":true}' }
  readonly #stripe: Stripe
  readonly #webhookSecret: string
  readonly #now: () => Date

  static isConfigured(config: StripeConfig = paymentsConfig.stripe) {
    return Boolean(config.secretKey && config.webhookSecret)
  }

  /** `now`: the clock, only to check a session's expiry (tests set it) */
  constructor(config: StripeConfig = paymentsConfig.stripe, now = () => new Date()) {
    if (!config.secretKey || !config.webhookSecret) {
      throw new Error('Stripe is not configured: STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET')
    }
    this.#webhookSecret = config.webhookSecret
    this.#now = now
    this.#stripe = new Stripe(config.secretKey, {
      ...hostOf(config.apiBase),
      maxNetworkRetries: 2,
      timeout: 20_000,
      telemetry: false,
    })
  }

  /**
   * Every parameter comes from the order alone (no clock, no language), so a
   * retry of the same order (after a timeout, from another tab or language)
   * sends the same body under the same key and gets the first session back.
   * Stripe's page picks its language from the browser.
   */
  async createCheckout({ order, returnUrl }: CheckoutRequest): Promise<CheckoutStart> {
    const expiresAt = sessionExpiry(order.expiresAt)
    assertSessionCanOpen(order.number, expiresAt, this.#now())
    const metadata = { order_number: order.number }
    const session = await this.#stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: order.currency.toLowerCase(),
              unit_amount: order.amount,
              product_data: { name: order.subject.slice(0, 250) },
            },
          },
        ],
        client_reference_id: order.number,
        metadata,
        payment_intent_data: { metadata },
        success_url: returnUrl,
        cancel_url: returnUrl,
        expires_at: expiresAt,
      },
      { idempotencyKey: `checkout-${order.number}` }
    )
    if (!session.url) throw new Error(`Stripe gave checkout session ${session.id} no url`)
    return { redirectUrl: session.url, providerReference: session.id }
  }

  async verifyNotification({
    rawBody,
    headers,
  }: IncomingNotification): Promise<PaymentNotification> {
    const signature = headerOf(headers, 'stripe-signature')
    if (!signature) throw new WebhookSignatureError('stripe', 'no stripe-signature header')
    let event: Stripe.Event
    try {
      event = this.#stripe.webhooks.constructEvent(
        rawBody,
        signature,
        this.#webhookSecret,
        TOLERANCE
      )
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
        throw new WebhookSignatureError('stripe', error.message)
      }
      throw error
    }
    return notificationOf(event)
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    if (!request.providerReference) {
      return { status: 'failed', providerReference: null, failure: 'no checkout session' }
    }
    try {
      const session = await this.#stripe.checkout.sessions.retrieve(request.providerReference)
      const paymentIntent = idOf(session.payment_intent)
      if (!paymentIntent) return { status: 'failed', providerReference: null, failure: 'not paid' }
      // a retry (an earlier call had no answer): the refund of our key as it stands now, never a
      // second one; Stripe's idempotency alone would replay the first answer (maybe still pending,
      // maybe an error) and only for 24 hours
      const made = await this.#refundOfKey(paymentIntent, request.refundKey)
      if (made) return refundResult(made)
      const refund = await this.#stripe.refunds.create(
        {
          payment_intent: paymentIntent,
          amount: request.amount,
          metadata: {
            refund_key: request.refundKey,
            order_number: request.orderNumber,
            reason: request.reason.slice(0, 500),
          },
        },
        { idempotencyKey: request.refundKey }
      )
      return refundResult(refund)
    } catch (error) {
      // Stripe said no (already refunded, more than paid …); anything else may pass on a retry
      if (
        error instanceof Stripe.errors.StripeInvalidRequestError ||
        error instanceof Stripe.errors.StripeCardError
      ) {
        return { status: 'failed', providerReference: null, failure: error.message }
      }
      throw error
    }
  }

  async #refundOfKey(paymentIntent: string, refundKey: string) {
    for await (const refund of this.#stripe.refunds.list({
      payment_intent: paymentIntent,
      limit: 100,
    })) {
      if (refund.metadata?.refund_key === refundKey) return refund
    }
    return null
  }

  async fetchStatus(order: {
    number: string
    providerReference: string | null
  }): Promise<PaymentStatus> {
    if (!order.providerReference) return { status: 'unknown' }
    let session: Session
    try {
      session = await this.#stripe.checkout.sessions.retrieve(order.providerReference)
    } catch (error) {
      logger.warn({ err: error, order: order.number }, 'stripe session retrieve failed')
      return { status: 'unknown' }
    }
    const providerReference = session.id
    if (session.payment_status === 'paid') {
      return { status: 'paid', amount: session.amount_total ?? undefined, providerReference }
    }
    if (session.status === 'expired') return { status: 'failed', providerReference }
    return { status: 'pending', providerReference }
  }
}

function notificationOf(event: Stripe.Event): PaymentNotification {
  const eventId = event.id
  const ignored = { type: 'ignored', eventId, providerType: event.type } as const
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object
      const orderNumber = orderNumberOf(session)
      if (!orderNumber) return ignored
      // completed but unpaid: a delayed method (bank debit …) whose outcome comes later
      if (session.payment_status === 'unpaid')
        return { type: 'payment.pending', eventId, orderNumber }
      if (session.payment_status !== 'paid' || session.amount_total === null) return ignored
      return {
        type: 'payment.succeeded',
        eventId,
        orderNumber,
        amount: session.amount_total,
        currency: (session.currency ?? '').toUpperCase(),
        providerReference: session.id,
      }
    }
    case 'checkout.session.expired':
    case 'checkout.session.async_payment_failed': {
      const orderNumber = orderNumberOf(event.data.object)
      if (!orderNumber) return ignored
      return {
        type: 'payment.failed',
        eventId,
        orderNumber,
        providerReference: event.data.object.id,
      }
    }
    // charge.refunded carries the charge, whose refunds the current API no longer lists:
    // the refund's own events carry our key
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
      return refundNotification(eventId, event.data.object) ?? ignored
    default:
      return ignored
  }
}

function refundNotification(eventId: string, refund: Refund): PaymentNotification | null {
  const refundKey = refund.metadata?.refund_key
  const orderNumber = refund.metadata?.order_number
  if (!refundKey || !orderNumber) return null
  const status = refundResult(refund).status
  if (status === 'pending') return null
  return {
    type: status === 'succeeded' ? 'refund.succeeded' : 'refund.failed',
    eventId,
    orderNumber,
    refundKey,
    amount: refund.amount,
  }
}

function refundResult(refund: Refund): RefundResult {
  switch (refund.status) {
    case 'succeeded':
      return { status: 'succeeded', providerReference: refund.id }
    case 'failed':
    case 'canceled':
      return {
        status: 'failed',
        providerReference: refund.id,
        failure: refund.failure_reason ?? refund.status,
      }
    default:
      return { status: 'pending', providerReference: refund.id }
  }
}

function orderNumberOf(session: Session) {
  return session.client_reference_id ?? session.metadata?.order_number ?? null
}

function idOf(value: string | { id: string } | null) {
  return typeof value === 'string' ? value : (value?.id ?? null)
}

function headerOf(headers: IncomingNotification['headers'], name: string) {
  const key = Object.keys(headers).find((header) => header.toLowerCase() === name)
  return key ? headers[key] : undefined
}

/**
 * The session expires 30 minutes after the order: from the order alone, so
 * the same on every retry. (A payment after the order expired is still money
 * received: decision 013.)
 */
export function sessionExpiry(orderExpiresAt: Date) {
  return Math.floor(orderExpiresAt.getTime() / 1000) + 30 * MINUTE
}

/**
 * Stripe takes an expiry 30 minutes to 24 hours after the request. Ours is
 * in that window from the order's creation until a minute before it expires
 * (a margin for the request's way and clocks) as long as orders stay open
 * under 23.5 hours; outside it we refuse clearly rather than send another
 * body under the same key.
 */
function assertSessionCanOpen(orderNumber: string, expiresAt: number, now: Date) {
  const left = expiresAt - Math.floor(now.getTime() / 1000)
  if (left < 31 * MINUTE) throw new CheckoutTooLateError(orderNumber, expiresAt)
  if (left > 24 * 60 * MINUTE) {
    throw new Error(`order ${orderNumber}: a Stripe session cannot stay open more than 24 hours`)
  }
}

function hostOf(apiBase: string | undefined) {
  if (!apiBase) return {}
  const url = new URL(apiBase)
  const protocol = url.protocol === 'http:' ? 'http' : 'https'
  return {
    host: url.hostname,
    port: url.port || (protocol === 'http' ? 80 : 443),
    protocol,
  } as const
}
