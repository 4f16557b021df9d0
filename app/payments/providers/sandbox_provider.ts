import db from '@adonisjs/lucid/services/db'
import paymentsConfig from '#config/payments'
import {
  WebhookSignatureError,
  type CheckoutRequest,
  type IncomingNotification,
  type PaymentNotification,
  type PaymentProvider,
  type PaymentStatus,
  type RefundRequest,
} from '#payments/providers/payment_provider'
import { sandboxSignatureProblem } from '#payments/providers/sandbox_signature'

/** A sandbox event as the sandbox sends it (jobs/sandbox_webhooks.ts). */
export type SandboxEvent = {
  id: string
  type: 'payment.succeeded' | 'payment.failed' | 'payment.pending' | string
  data: { payment: string; order_number: string; amount: number; currency: string }
}

export const SANDBOX_SIGNATURE_HEADER = 'x-sandbox-signature'

/**
 * The sandbox provider (沙盒支付): our own hosted checkout page, where the
 * buyer chooses success, decline or "pay later", and signed webhooks it
 * sends to itself like a real provider, late, twice and out of order
 * (jobs/sandbox_webhooks.ts). Its side of the world is `sandbox_payments`.
 */
export class SandboxProvider implements PaymentProvider {
  readonly name = 'sandbox' as const
  readonly labelKey = 'payments.providers.sandbox'
  readonly acknowledgement = { contentType: 'application/json', body: '{"received":true}' }

  constructor(private secret = paymentsConfig.sandbox.secret) {}

  async createCheckout({ order, returnUrl }: CheckoutRequest) {
    // one hosted payment per order however often it is asked (parallel submits, retries)
    const id = `sbx_${order.number}`
    await db.rawQuery(
      `INSERT INTO sandbox_payments (id, order_number, amount, currency, return_url)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [id, order.number, order.amount, order.currency, returnUrl]
    )
    return { redirectUrl: `/pay/sandbox/${id}`, providerReference: id }
  }

  async verifyNotification({ rawBody, headers }: IncomingNotification) {
    const problem = sandboxSignatureProblem(rawBody, headers[SANDBOX_SIGNATURE_HEADER], this.secret)
    if (problem) throw new WebhookSignatureError('sandbox', problem)
    let event: SandboxEvent
    try {
      event = JSON.parse(rawBody)
    } catch {
      throw new WebhookSignatureError('sandbox', 'not JSON')
    }
    return toNotification(event)
  }

  async refund(request: RefundRequest) {
    const payment = `sbx_${request.orderNumber}`
    const done = await db.rawQuery(
      `UPDATE sandbox_payments SET refunded_amount = refunded_amount + ?, updated_at = now()
        WHERE id = ? AND status = 'succeeded' AND refunded_amount + ? <= amount RETURNING id`,
      [request.amount, payment, request.amount]
    )
    return done.rows.length
      ? { status: 'succeeded' as const, providerReference: `${payment}:${request.refundKey}` }
      : { status: 'failed' as const, providerReference: null, failure: 'nothing left to refund' }
  }

  async fetchStatus(order: { number: string }): Promise<PaymentStatus> {
    const payment = await db.from('sandbox_payments').where('id', `sbx_${order.number}`).first()
    if (!payment) return { status: 'unknown' }
    const status = ({ succeeded: 'paid', declined: 'failed' } as const)[
      payment.status as 'succeeded' | 'declined'
    ]
    return {
      status: status ?? 'pending',
      amount: payment.amount,
      currency: payment.currency,
      providerReference: payment.id,
    }
  }
}

function toNotification(event: SandboxEvent): PaymentNotification {
  const { id, type, data } = event
  if (typeof id !== 'string' || !data || typeof data.order_number !== 'string') {
    return { type: 'ignored', eventId: String(id), providerType: String(type) }
  }
  switch (type) {
    case 'payment.succeeded':
      return {
        type,
        eventId: id,
        orderNumber: data.order_number,
        amount: data.amount,
        currency: data.currency,
        providerReference: data.payment,
      }
    case 'payment.failed':
      return {
        type,
        eventId: id,
        orderNumber: data.order_number,
        providerReference: data.payment,
      }
    case 'payment.pending':
      return { type, eventId: id, orderNumber: data.order_number }
    default:
      return { type: 'ignored', eventId: id, providerType: type }
  }
}
