import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { ledger } from '#payments/index'
import { checkoutService } from '#payments/services/checkout_service'
import { paymentSettlement } from '#payments/services/payment_settlement'
import { feeOf } from '#payments/services/fees'
import { UserFactory } from '#database/factories/user_factory'
import { countRows } from '#tests/helpers'
import {
  buyer,
  checkout,
  deliverSandboxWebhooks,
  orderNumberIn,
  orderOf,
  paidCourse,
} from '#tests/payments/payments_world'
import {
  enrollmentCountOf,
  postWebhook,
  sandboxEvent,
  sandboxSignature,
} from '#tests/payments/sandbox_events'

/*
| Many at once, for real (committed, over HTTP where the buyer's browser or
| the provider would be): what must happen once happens once.
*/

const ordersOf = (userId: number) => db.from('orders').where('buyer_user_id', userId)

test.group('Checkout at once', () => {
  test('twenty submits of one checkout page make one order, one item, one sandbox payment', async ({
    client,
    assert,
  }) => {
    const { course } = await paidCourse(19_900)
    const user = await buyer()
    const key = `key-${crypto.randomUUID()}`

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => checkout(client, user, course, key))
    )

    for (const { response } of answers) response.assertStatus(302)
    const locations = new Set(answers.map((answer) => answer.location))
    assert.equal(locations.size, 1)
    const [location] = locations
    assert.match(location!, /^\/pay\/sandbox\/sbx_MG/)
    const orders = await ordersOf(user.id)
    assert.lengthOf(orders, 1)
    assert.equal(orders[0].number, orderNumberIn(location!))
    assert.equal(orders[0].total_amount, 19_900)
    assert.equal(await countRows('order_items', { order_id: orders[0].id }), 1)
    assert.equal(await countRows('sandbox_payments', { order_number: orders[0].number }), 1)
  })

  test('two tabs (two keys) for the same course continue one open order', async ({
    client,
    assert,
  }) => {
    const { course } = await paidCourse(19_900)
    const user = await buyer()

    const [first, second] = await Promise.all([
      checkout(client, user, course),
      checkout(client, user, course),
    ])
    assert.notEqual(first.key, second.key)
    first.response.assertStatus(302)
    second.response.assertStatus(302)
    assert.equal(first.location, second.location)
    assert.lengthOf(await ordersOf(user.id), 1)

    // and a third tab later, one after the other
    const third = await checkout(client, user, course)
    assert.equal(third.location, first.location)
    assert.lengthOf(await ordersOf(user.id), 1)
  })

  test('one signed success delivered ten times at once is acted on once', async ({
    client,
    assert,
  }) => {
    const { course, master } = await paidCourse(15_000)
    const user = await buyer()
    const { location } = await checkout(client, user, course)
    const order = await orderOf(orderNumberIn(location!))
    const body = sandboxEvent(order)
    const signature = sandboxSignature(body)

    const answers = await Promise.all(
      Array.from({ length: 10 }, () => postWebhook(client, body, signature))
    )

    for (const answer of answers) answer.assertStatus(200)
    assert.equal(await countRows('payment_events', { order_id: order.id }), 1)
    assert.equal(
      await countRows('ledger_transactions', { kind: 'order.paid', reference: String(order.id) }),
      1
    )
    assert.equal(await countRows('enrollments', { course_id: course.id }), 1)
    const paid = await orderOf(order.number)
    assert.equal(paid.status, 'paid')
    assert.equal(
      await ledger.balance({ kind: 'master_pending', ownerIdentityId: master.identity.id }),
      -(15_000 - feeOf(15_000))
    )
    assert.equal(await enrollmentCountOf(course.id), 1)
    assert.deepEqual(await ledger.verify(), [])
  })

  test('a hundred buyers paying at once: the ledger balances and each master holds their shares', async ({
    assert,
  }) => {
    const prices = [9_900, 12_345, 29_900, 1]
    const worlds = await Promise.all(prices.map((price) => paidCourse(price)))
    const buyers = await UserFactory.createMany(100)

    const settled = await Promise.all(
      buyers.map(async (user, index) => {
        const { course } = worlds[index % worlds.length]
        const { order, redirectUrl } = await checkoutService.start({
          buyerUserId: user.id,
          kind: 'course',
          itemId: course.id,
          idempotencyKey: `key-${crypto.randomUUID()}`,
          provider: 'sandbox',
          device: 'desktop',
          locale: 'zh-CN',
        })
        assert.equal(redirectUrl, `/pay/sandbox/sbx_${order.number}`)
        return paymentSettlement.receive('sandbox', {
          type: 'payment.succeeded',
          eventId: `evt_${crypto.randomUUID()}`,
          orderNumber: order.number,
          amount: order.totalAmount,
          currency: order.currency,
          providerReference: `sbx_${order.number}`,
        })
      })
    )

    assert.deepEqual(new Set(settled), new Set(['paid']))
    assert.deepEqual(await ledger.verify(), [])
    const total = await db.from('ledger_entries').sum('amount as sum').first()
    assert.equal(Number(total.sum), 0)
    for (const [index, { course, master }] of worlds.entries()) {
      const sold = buyers.filter((_, at) => at % worlds.length === index).length
      const share = prices[index] - feeOf(prices[index])
      assert.equal(
        await ledger.balance({ kind: 'master_pending', ownerIdentityId: master.identity.id }),
        -share * sold
      )
      assert.equal(await countRows('enrollments', { course_id: course.id, status: 'active' }), sold)
    }
    // the notifications' mails and jobs of all of them: nothing fails on the way
    await deliverSandboxWebhooks()
  }).timeout(60_000)
})
