import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { checkoutService } from '#payments/services/checkout_service'
import { paymentSettlement } from '#payments/services/payment_settlement'
import { clearEarnings } from '#payments/jobs/clear_earnings'

/** Demo buyers of the paid demo course, and how many days ago each paid. */
const DEMO_SALES = [
  { buyer: 'apprentice@example.com', daysAgo: 12 },
  { buyer: 'calligrapher@example.com', daysAgo: 1 },
]
const PAID_COURSE = '柴烧进阶：窑与火'

/**
 * Sales of the paid demo course through the real checkout and settlement
 * (the sandbox provider): one old enough to have cleared (its earnings
 * available), one still pending, so the master's income page and the admin's orders have
 * something to show. Run again, it changes nothing.
 */
export async function seedDemoPayments() {
  const course = await db.from('courses').where('title', PAID_COURSE).first()
  if (!course) return
  for (const sale of DEMO_SALES) {
    const user = await db.from('users').where('email', sale.buyer).first()
    if (!user) continue
    const started = await checkoutService
      .start({
        buyerUserId: user.id,
        kind: 'course',
        itemId: course.id,
        idempotencyKey: `demo-${user.id}-${course.id}`,
        provider: 'sandbox',
        device: 'desktop',
        locale: 'zh-CN',
      })
      .catch(() => null)
    if (!started || started.order.status !== 'pending') continue
    const { order } = started
    await db
      .from('sandbox_payments')
      .where('id', `sbx_${order.number}`)
      .update({ status: 'succeeded' })
    await paymentSettlement.receive('sandbox', {
      type: 'payment.succeeded',
      eventId: `demo:${order.number}`,
      orderNumber: order.number,
      amount: order.totalAmount,
      currency: order.currency,
      providerReference: `sbx_${order.number}`,
    })
    const paidAt = DateTime.now().minus({ days: sale.daysAgo }).toJSDate()
    await db.from('orders').where('id', order.id).update({ paid_at: paidAt, created_at: paidAt })
  }
  // the older sale is past the clearing period: its earnings are available to pay out
  await clearEarnings()
}
