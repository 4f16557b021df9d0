import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import type { Browser } from 'playwright-core'
import env from '#start/env'
import { startProductionServer } from '#tests/helpers/production_server'
import { BUDGET_BYTES, BUDGET_REQUESTS, measure, signedInState } from '#tests/helpers/page_weight'
import { axeViolations } from '#tests/helpers/axe'
import { UserFactory } from '#database/factories/user_factory'
import { masterUser, payoutOf, recordSale } from '#tests/payments/payments_helpers'
import { certifiedMaster, makeCourse } from '#tests/courses/courses_helpers'
import { checkoutService } from '#payments/services/checkout_service'
import { paymentSettlement } from '#payments/services/payment_settlement'
import { refundService } from '#payments/index'
import type User from '#identity/models/user'

type Row = {
  page: string
  who: string
  /** Makes the page's rows (committed) and returns its address and who signs in. */
  visit: (fieldIds: number[]) => Promise<{ url: string; email: string }>
}

/** A master with a year of sales of a few courses, a refund-free history and two payouts. */
const incomeOfMaster: Row['visit'] = async (fieldIds) => {
  const master = await masterUser()
  fieldIds.push(master.field.id)
  for (let month = 0; month < 12; month++) {
    for (const title of ['拉坯入门', '釉色的秘密', '柴烧十讲']) {
      await recordSale({
        sellerIdentityId: master.identity.id,
        amount: 19_900 + month * 100,
        title,
        paidAt: DateTime.now().minus({ months: month, days: 8 }),
      })
    }
  }
  await payoutOf(master.user)
  await payoutOf(master.user)
  return { url: '/income', email: master.user.email }
}

/** An admin with a dozen payouts waiting for review. */
const payoutQueueOfAdmin: Row['visit'] = async (fieldIds) => {
  const admin = await UserFactory.merge({ staffRole: 'admin', locale: 'zh-CN' }).create()
  for (let index = 0; index < 12; index++) {
    const master = await masterUser()
    fieldIds.push(master.field.id)
    await payoutOf(master.user)
  }
  return { url: '/admin/payouts', email: admin.email }
}

/** A certified master's published courses at ¥199.00 (their field to switch off after). */
async function paidCourses(fieldIds: number[], count: number) {
  const master = await certifiedMaster()
  fieldIds.push(master.field.id)
  const courses = []
  for (let index = 0; index < count; index++) {
    courses.push(await makeCourse(master, { priceFen: 19_900, title: `柴烧十讲 第${index + 1}期` }))
  }
  return courses
}

/** The buyer's order of the course, opened at the sandbox (pending). */
function sandboxOrder(buyer: User, courseId: number) {
  return checkoutService.start({
    buyerUserId: buyer.id,
    kind: 'course',
    itemId: courseId,
    idempotencyKey: crypto.randomUUID(),
    provider: 'sandbox',
    device: 'desktop',
    locale: 'zh-CN',
  })
}

/** The buyer's order of the course, paid as the sandbox's webhook says. */
async function paidOrder(buyer: User, courseId: number) {
  const { order } = await sandboxOrder(buyer, courseId)
  await paymentSettlement.receive('sandbox', {
    type: 'payment.succeeded',
    eventId: `evt_${crypto.randomUUID()}`,
    orderNumber: order.number,
    amount: order.totalAmount,
    currency: order.currency,
    providerReference: `sbx_${order.number}`,
  })
  return order
}

/** An apprentice about to buy a course. */
const checkoutOfBuyer: Row['visit'] = async (fieldIds) => {
  const [course] = await paidCourses(fieldIds, 1)
  const buyer = await UserFactory.create()
  return { url: `/checkout?item=course:${course.id}`, email: buyer.email }
}

/** The sandbox's hosted page of an order just made. */
const sandboxPageOfBuyer: Row['visit'] = async (fieldIds) => {
  const [course] = await paidCourses(fieldIds, 1)
  const buyer = await UserFactory.create()
  const { redirectUrl } = await sandboxOrder(buyer, course.id)
  return { url: redirectUrl!, email: buyer.email }
}

/** The receipt of a paid order. */
const receiptOfBuyer: Row['visit'] = async (fieldIds) => {
  const [course] = await paidCourses(fieldIds, 1)
  const buyer = await UserFactory.create()
  const order = await paidOrder(buyer, course.id)
  return { url: `/orders/${order.number}`, email: buyer.email }
}

/** A buyer's orders: a page of them, paid, one failed and one waiting. */
const ordersOfBuyer: Row['visit'] = async (fieldIds) => {
  const courses = await paidCourses(fieldIds, 12)
  const buyer = await UserFactory.create()
  for (const course of courses.slice(0, 10)) await paidOrder(buyer, course.id)
  const { order } = await sandboxOrder(buyer, courses[10].id)
  await db.from('orders').where('id', order.id).update({ status: 'failed' })
  await sandboxOrder(buyer, courses[11].id)
  return { url: '/orders', email: buyer.email }
}

/** An admin on the orders list, a dozen orders of different buyers in it. */
const ordersOfAdmin: Row['visit'] = async (fieldIds) => {
  const courses = await paidCourses(fieldIds, 12)
  for (const course of courses) await paidOrder(await UserFactory.create(), course.id)
  const admin = await UserFactory.merge({ staffRole: 'admin', locale: 'zh-CN' }).create()
  return { url: '/admin/orders', email: admin.email }
}

/** An admin on a paid order with a partial refund in its history. */
const orderOfAdmin: Row['visit'] = async (fieldIds) => {
  const [course] = await paidCourses(fieldIds, 1)
  const order = await paidOrder(await UserFactory.create(), course.id)
  const admin = await UserFactory.merge({ staffRole: 'admin', locale: 'zh-CN' }).create()
  await refundService.refund({
    orderId: order.id,
    amount: 5_000,
    reason: '课程内容与介绍不符（部分退款）',
    actorUserId: admin.id,
    key: crypto.randomUUID(),
  })
  return { url: `/admin/orders/${order.number}`, email: admin.email }
}

const ROWS: Row[] = [
  { page: 'the checkout', who: 'an apprentice buying a course', visit: checkoutOfBuyer },
  { page: "the sandbox's hosted page", who: 'an apprentice paying', visit: sandboxPageOfBuyer },
  { page: 'a receipt', who: 'an apprentice who paid', visit: receiptOfBuyer },
  { page: 'my orders', who: 'an apprentice with twelve orders', visit: ordersOfBuyer },
  { page: 'the orders list', who: 'an admin, a dozen orders', visit: ordersOfAdmin },
  { page: 'an order', who: 'an admin, partly refunded', visit: orderOfAdmin },
  { page: 'income', who: 'a master with a year of sales', visit: incomeOfMaster },
  { page: 'the payout queue', who: 'an admin, twelve waiting', visit: payoutQueueOfAdmin },
]

async function visit(browser: Browser, serverUrl: string, url: string, email: string) {
  const storageState = await signedInState(browser, serverUrl, email)
  const context = await browser.newContext({ locale: 'zh-CN', storageState })
  const page = await context.newPage()
  const measured = await measure(page, `${serverUrl}${url}`)
  const violations = await axeViolations(page)
  await context.close()
  return { ...measured, violations }
}

/*
| The money and ledger rows stay (the ledger is append-only and its accounts
| hold the identities); the fields made for them are switched off so other
| pages of the run never list them.
*/
test.group('Page weight and axe of the payments pages (production build, first visit)', (group) => {
  let server: Awaited<ReturnType<typeof startProductionServer>>
  group.setup(async () => {
    // the sandbox is off in production unless told: the checkout lists it, as in staging
    server = await startProductionServer(env.get('PORT', 3334) + 107, { PAYMENTS_SANDBOX: 'true' })
    return () => server.stop()
  })

  test('{page} stays within 60 KB and 8 requests ({who})')
    .with(ROWS)
    .run(async ({ browser, assert, cleanup }, row) => {
      const fieldIds: number[] = []
      cleanup(async () => {
        await db.from('fields').whereIn('id', fieldIds).update({ active: false })
      })
      const { url, email } = await row.visit(fieldIds)
      const { requests, bytes, problems, violations } = await visit(browser, server.url, url, email)
      console.info(
        `  ${row.page} (${row.who}): ${requests} requests, ${(bytes / 1024).toFixed(1)} KB`
      )
      assert.deepEqual(problems, [])
      assert.deepEqual(violations, [], 'axe')
      assert.isAtMost(requests, BUDGET_REQUESTS)
      assert.isAtMost(bytes, BUDGET_BYTES)
    })
    .timeout(120_000)
})
