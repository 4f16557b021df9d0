import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { ledger } from '#payments/index'
import { paymentSettlement } from '#payments/services/payment_settlement'
import { refundService } from '#payments/services/refund_service'
import { RefundNotPossibleError } from '#payments/errors'
import { buyer, orderCourse, paidCourse, paySandboxOrder } from '#tests/payments/payments_world'

const start = (buyerUserId: number, courseId: number) =>
  orderCourse(buyerUserId, courseId).then((order) => ({ order }))

const pay = (order: { number: string; totalAmount: number }) => paySandboxOrder(order)

const sandboxPaid = (number: string) =>
  db.from('sandbox_payments').where('id', `sbx_${number}`).update({ status: 'succeeded' })

test.group('A buyer who pays twice for one thing', () => {
  test('a late payment of an expired order, after a second order was paid, is refunded whole and the learner stays enrolled', async ({
    assert,
  }) => {
    const { course, master } = await paidCourse(15_000)
    const user = await buyer()
    const { order: first } = await start(user.id, course.id)
    await db.from('orders').where('id', first.id).update({ status: 'expired' })
    const { order: second } = await start(user.id, course.id)
    assert.notEqual(second.id, first.id)
    assert.equal(await pay(second), 'paid')

    await sandboxPaid(first.number)
    assert.equal(await pay(first), 'paid_twice')

    const refunded = await db.from('orders').where('id', first.id).firstOrFail()
    assert.deepInclude(refunded, { status: 'refunded', refunded_amount: 15_000 })
    const enrollments = await db.from('enrollments').where('course_id', course.id)
    assert.lengthOf(enrollments, 1)
    assert.equal(enrollments[0].status, 'active')
    // the master earns from one sale only
    assert.equal(
      await ledger.balance({ kind: 'master_pending', ownerIdentityId: master.identity.id }),
      -12_000
    )
    assert.deepEqual(await ledger.verify(), [])
  })

  test('two orders of one course paid at the same moment: one holds it, the other is refunded', async ({
    assert,
  }) => {
    const { course } = await paidCourse(8_800)
    const user = await buyer()
    const { order: first } = await start(user.id, course.id)
    await db.from('orders').where('id', first.id).update({ status: 'expired' })
    const { order: second } = await start(user.id, course.id)
    await sandboxPaid(first.number)
    await sandboxPaid(second.number)
    const outcomes = await Promise.all([pay(first), pay(second)])
    assert.sameMembers(outcomes, ['paid', 'paid_twice'])
    const statuses = await db.from('orders').whereIn('id', [first.id, second.id]).select('status')
    assert.sameMembers(
      statuses.map((row) => row.status),
      ['paid', 'refunded']
    )
    const enrollment = await db.from('enrollments').where('course_id', course.id).firstOrFail()
    assert.equal(enrollment.status, 'active')
  })

  test('a refund key already used for another order is refused, not mistaken for done', async ({
    assert,
  }) => {
    const { course } = await paidCourse(5_000)
    const one = await buyer()
    const two = await buyer()
    const { order: a } = await start(one.id, course.id)
    const { order: b } = await start(two.id, course.id)
    await Promise.all([sandboxPaid(a.number), sandboxPaid(b.number)])
    await pay(a)
    await pay(b)
    const key = `admin-${crypto.randomUUID()}`
    await refundService.refund({
      orderId: a.id,
      amount: 1_000,
      reason: 'a',
      actorUserId: null,
      key,
    })
    await assert.rejects(
      () =>
        refundService.refund({ orderId: b.id, amount: 1_000, reason: 'b', actorUserId: null, key }),
      RefundNotPossibleError
    )
    const untouched = await db.from('orders').where('id', b.id).firstOrFail()
    assert.equal(untouched.refunded_amount, 0)
  })

  test('a payment of another amount is recorded as a mismatch, never as a success', async ({
    assert,
  }) => {
    const { course } = await paidCourse(5_000)
    const user = await buyer()
    const { order } = await start(user.id, course.id)
    const outcome = await paymentSettlement.receive('sandbox', {
      type: 'payment.succeeded',
      eventId: `short-${order.number}`,
      orderNumber: order.number,
      amount: 4_999,
      currency: 'CNY',
      providerReference: `sbx_${order.number}`,
    })
    assert.equal(outcome, 'mismatch')
    const events = await db.from('payment_events').where('order_id', order.id)
    assert.deepEqual(
      events.map((event) => event.type),
      ['payment.mismatch']
    )
  })
})

test.group('A buyer who holds the item without an order', () => {
  test('paying for a course one is enrolled in already (enrolled while it was free) refunds the payment whole', async ({
    assert,
  }) => {
    const { course } = await paidCourse(6_600)
    const user = await buyer()
    const order = await orderCourse(user.id, course.id)
    await db.table('enrollments').insert({
      course_id: course.id,
      apprentice_identity_id: order.buyerIdentityId,
      status: 'active',
      created_at: new Date(),
      updated_at: new Date(),
    })
    await sandboxPaid(order.number)
    assert.equal(await paySandboxOrder(order), 'paid_twice')
    const refunded = await db.from('orders').where('id', order.id).firstOrFail()
    assert.deepInclude(refunded, { status: 'refunded', refunded_amount: 6_600 })
    const enrollment = await db.from('enrollments').where('course_id', course.id).firstOrFail()
    assert.equal(enrollment.status, 'active')
    assert.deepEqual(await ledger.verify(), [])
  })
})
