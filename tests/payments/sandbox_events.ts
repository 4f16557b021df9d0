import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import paymentsConfig from '#config/payments'
import { signSandbox } from '#payments/providers/sandbox_signature'

/*
| The sandbox's webhooks as a test (or an attacker) sends them: a body and
| its signature header, posted as they are to POST /webhooks/sandbox.
*/

type OrderRow = { id: number; number: string; total_amount: number }

/** A sandbox event's body, as the sandbox writes it. */
export function sandboxEvent(
  order: OrderRow,
  overrides: { id?: string; type?: string; amount?: number; currency?: string } = {}
) {
  return JSON.stringify({
    id: overrides.id ?? `evt_${crypto.randomUUID()}`,
    type: overrides.type ?? 'payment.succeeded',
    data: {
      payment: `sbx_${order.number}`,
      order_number: order.number,
      amount: overrides.amount ?? order.total_amount,
      currency: overrides.currency ?? 'CNY',
    },
  })
}

/** The signature header the sandbox would send with `body` (at `at`, unix seconds). */
export const sandboxSignature = (
  body: string,
  at?: number,
  secret = paymentsConfig.sandbox.secret
) => signSandbox(body, secret, at)

/** Posts `body` as it is, with the signature header when given. */
export function postWebhook(client: ApiClient, body: string, signature?: string) {
  const request = client.post('/webhooks/sandbox')
  if (signature !== undefined) request.header('x-sandbox-signature', signature)
  return request.unsafeJson(body as unknown as object)
}

/** Posts `body` signed as the sandbox signs it; the answer's status. */
export async function deliverSigned(client: ApiClient, body: string) {
  const response = await postWebhook(client, body, sandboxSignature(body))
  return response.status()
}

/** A course's counted enrollments. */
export async function enrollmentCountOf(courseId: number) {
  const row = await db.from('courses').where('id', courseId).select('enrollment_count').first()
  return row.enrollment_count as number
}

/** What an order's money and access amount to now, to prove that nothing changed. */
export async function traceOf(order: OrderRow, courseId: number) {
  const [row, events, postings, enrollments] = await Promise.all([
    db.from('orders').where('id', order.id).first(),
    db.from('payment_events').where('order_id', order.id).count('* as n').first(),
    db
      .from('ledger_transactions')
      .where({ kind: 'order.paid', reference: String(order.id) })
      .count('* as n')
      .first(),
    db.from('enrollments').where({ course_id: courseId, status: 'active' }).count('* as n').first(),
  ])
  return {
    status: row.status as string,
    events: Number(events.n),
    postings: Number(postings.n),
    enrollments: Number(enrollments.n),
  }
}
