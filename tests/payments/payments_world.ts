import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import { UserFactory } from '#database/factories/user_factory'
import { publishedCourse, type Person } from '#tests/courses/courses_helpers'
import { workQueuedJobs } from '#tests/helpers'
import type Course from '#courses/models/course'
import { checkoutService } from '#payments/services/checkout_service'
import { paymentSettlement } from '#payments/services/payment_settlement'

/*
| A paid course and its buyers, committed (no global transaction): the
| sandbox's webhooks reach the app over HTTP from jobs, and the concurrency
| tests need real commits. The ledger is append-only, so nothing is removed.
*/
export type PaidCourseWorld = { master: Person; course: Course }

export async function paidCourse(priceFen = 29_900): Promise<PaidCourseWorld> {
  return publishedCourse({ priceFen })
}

export const buyer = () => UserFactory.create()

/** The checkout page's key and the sandbox page the order goes to, for a buyer. */
export async function checkout(
  client: ApiClient,
  user: User,
  course: Course,
  key = `key-${crypto.randomUUID()}`
) {
  const response = await client
    .post('/checkout')
    .withCsrfToken()
    .loginAs(user)
    .form({ item: `course:${course.id}`, provider: 'sandbox', key })
    .redirects(0)
  return { response, key, location: response.header('location') as string | undefined }
}

/** The buyer's choice on the sandbox's page; then the sandbox's webhooks are delivered. */
export async function sandboxChoice(
  client: ApiClient,
  user: User,
  sandboxPath: string,
  choice: 'success' | 'decline' | 'later',
  options: { deliver?: boolean } = {}
) {
  const response = await client
    .post(sandboxPath)
    .withCsrfToken()
    .loginAs(user)
    .form({ choice })
    .redirects(0)
  if (options.deliver ?? true) await deliverSandboxWebhooks()
  return response
}

/** Every sandbox webhook queued, due or not (late, duplicate and out-of-order ones too). */
export async function deliverSandboxWebhooks() {
  const { jobs } = await import('#shared/jobs/jobs')
  const { failed } = await jobs.workQueued({ ignoreStartAfter: true })
  if (failed.length) throw failed[0].error
}

export const orderOf = (number: string) => db.from('orders').where('number', number).first()

export const orderNumberIn = (location: string) => location.match(/MG\d{8}[2-9A-Z]{10}/)![0]

export { workQueuedJobs }

/** An order of a course through the real checkout service (no HTTP), with a provider registered here. */
export async function orderCourse(
  buyerUserId: number,
  courseId: number,
  provider: 'sandbox' | 'alipay' | 'stripe' = 'sandbox'
) {
  const { order } = await checkoutService.start({
    buyerUserId,
    kind: 'course',
    itemId: courseId,
    idempotencyKey: `order-${crypto.randomUUID()}`,
    provider,
    device: 'desktop',
    locale: 'zh-CN',
  })
  return order
}

/** The provider's verified word that `order` was paid in full, as a webhook would bring it. */
export function paySandboxOrder(
  order: { number: string; totalAmount: number; currency?: string },
  eventId = `evt_${crypto.randomUUID()}`
) {
  return paymentSettlement.receive('sandbox', {
    type: 'payment.succeeded',
    eventId,
    orderNumber: order.number,
    amount: order.totalAmount,
    currency: order.currency ?? 'CNY',
    providerReference: `sbx_${order.number}`,
  })
}
