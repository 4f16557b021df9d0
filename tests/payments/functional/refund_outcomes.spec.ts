import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import paymentsConfig from '#config/payments'
import { ledger } from '#payments/index'
import { SandboxProvider } from '#payments/providers/sandbox_provider'
import { paymentProviders } from '#payments/services/payment_providers'
import { refundService } from '#payments/services/refund_service'
import { clearEarnings } from '#payments/jobs/clear_earnings'
import { retryPendingRefunds } from '#payments/jobs/retry_refunds'
import { buyer, orderCourse, paidCourse, paySandboxOrder } from '#tests/payments/payments_world'

/** The sandbox, but its refunds get no answer (a timeout at the provider). */
class SilentSandbox extends SandboxProvider {
  async refund(): Promise<never> {
    throw new Error('timed out')
  }
}

async function paidOrder(price: number) {
  const { course, master } = await paidCourse(price)
  const user = await buyer()
  const order = await orderCourse(user.id, course.id)
  await db
    .from('sandbox_payments')
    .where('id', `sbx_${order.number}`)
    .update({ status: 'succeeded' })
  await paySandboxOrder(order)
  return { order, course, master: master.identity.id }
}

const balances = async (master: number) => ({
  pending: await ledger.balance({ kind: 'master_pending', ownerIdentityId: master }),
  available: await ledger.balance({ kind: 'master_available', ownerIdentityId: master }),
})

test.group('Refunds the provider does not answer at once', (group) => {
  group.each.setup(() => paymentProviders.register(new SilentSandbox()))

  test('no answer leaves the refund pending; the retry job asks again with the same key and settles it', async ({
    assert,
  }) => {
    const { order, course } = await paidOrder(10_000)
    const refund = await refundService.refund({
      orderId: order.id,
      amount: 10_000,
      reason: '超时',
      actorUserId: null,
      key: `silent-${order.number}`,
    })
    assert.equal(refund.status, 'pending')
    const enrolled = await db.from('enrollments').where('course_id', course.id).firstOrFail()
    assert.equal(enrolled.status, 'active')

    // the provider answers again; the job asks the refunds quiet for five minutes
    paymentProviders.register(new SandboxProvider())
    await db
      .from('refunds')
      .where('id', refund.id)
      .update({ updated_at: new Date(Date.now() - 6 * 60_000) })
    assert.isAtLeast(await retryPendingRefunds(), 1)
    const settled = await db.from('refunds').where('id', refund.id).firstOrFail()
    assert.deepInclude(settled, { status: 'succeeded', attempts: 2 })
    const ended = await db.from('enrollments').where('course_id', course.id).firstOrFail()
    assert.equal(ended.status, 'refunded')
    assert.deepEqual(await ledger.verify(), [])
  })

  test('a refund that fails after its sale cleared puts the share back where it now is: available', async ({
    assert,
  }) => {
    const { order, master } = await paidOrder(10_000)
    const refund = await refundService.refund({
      orderId: order.id,
      amount: 4_000,
      reason: '部分',
      actorUserId: null,
      key: `late-fail-${order.number}`,
    })
    assert.equal(refund.status, 'pending')
    const days = paymentsConfig.clearingDays + 1
    await db
      .from('orders')
      .where('id', order.id)
      .update({ paid_at: DateTime.now().minus({ days }).toJSDate() })
    await clearEarnings()
    // cleared: the share the refund did not reserve (8 000 − 3 200); nothing stays pending
    assert.deepEqual(await balances(master), { pending: 0, available: -4_800 })

    await db.transaction((trx) => refundService.settle(refund.id, 'failed', trx, 'declined'))
    assert.deepEqual(await balances(master), { pending: 0, available: -8_000 })
    const item = await db.from('order_items').where('order_id', order.id).firstOrFail()
    assert.equal(item.refunded_amount, 0)
    const restored = await db.from('orders').where('id', order.id).firstOrFail()
    assert.deepInclude(restored, { status: 'paid', refunded_amount: 0 })
    assert.deepEqual(await ledger.verify(), [])
  })
})
