import { randomBytes } from 'node:crypto'
import { appUrl } from '#config/app'
import paymentsConfig from '#config/payments'
import { jobs, type JobClient, type JobDefinition } from '#shared/jobs/jobs'
import { signSandbox } from '#payments/providers/sandbox_signature'
import { SANDBOX_SIGNATURE_HEADER, type SandboxEvent } from '#payments/providers/sandbox_provider'

const JOB = 'payments.sandbox-webhook'

/** Seconds a "late" first delivery waits (the buyer is back before the provider says so). */
export const SANDBOX_LATE_SECONDS = 15

/**
 * The sandbox delivers its own webhooks over HTTP, signed at sending time,
 * to this app's webhook address: retried like a real provider retries while
 * the answer is not 2xx.
 */
export const sandboxWebhookJob: JobDefinition<{ event: SandboxEvent }> = {
  name: JOB,
  queue: { retryLimit: 8, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 },
  handler: async ({ event }) => {
    const body = JSON.stringify(event)
    const response = await fetch(new URL('/webhooks/sandbox', appUrl), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SANDBOX_SIGNATURE_HEADER]: signSandbox(body, paymentsConfig.sandbox.secret),
      },
      body,
      signal: AbortSignal.timeout(10_000),
    })
    if (!response.ok) throw new Error(`the sandbox webhook was answered ${response.status}`)
  },
}

export type SandboxPayment = { id: string; order_number: string; amount: number; currency: string }

const eventOf = (payment: SandboxPayment, type: SandboxEvent['type']): SandboxEvent => ({
  id: `evt_${randomBytes(12).toString('hex')}`,
  type,
  data: {
    payment: payment.id,
    order_number: payment.order_number,
    amount: payment.amount,
    currency: payment.currency,
  },
})

/**
 * What the sandbox sends when the buyer chose, like real providers do: a
 * success is delivered twice (the same event id), preceded at the receiver
 * by nothing and followed by an older "pending" state arriving out of order;
 * `late` holds the first delivery back so the buyer returns before it.
 */
export async function sendSandboxWebhooks(
  payment: SandboxPayment,
  choice: 'success' | 'decline' | 'later',
  options: { late: boolean; client?: JobClient }
) {
  const send = (event: SandboxEvent, after: number) =>
    jobs.send(JOB, { event }, { client: options.client, startAfterSeconds: after })
  if (choice === 'later') return send(eventOf(payment, 'payment.pending'), 0)
  if (choice === 'decline') return send(eventOf(payment, 'payment.failed'), 0)
  const older = eventOf(payment, 'payment.pending')
  const paid = eventOf(payment, 'payment.succeeded')
  const first = options.late ? SANDBOX_LATE_SECONDS : 0
  await send(paid, first)
  await send(paid, first + 2)
  await send(older, first + 4)
}
