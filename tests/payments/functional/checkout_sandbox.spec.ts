import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { ledger } from '#payments/index'
import { resetThrottles } from '#tests/helpers'
import {
  buyer,
  checkout,
  deliverSandboxWebhooks,
  orderNumberIn,
  orderOf,
  paidCourse,
  sandboxChoice,
} from '#tests/payments/payments_world'

const enrollmentsOf = (courseId: number) =>
  db.from('enrollments').where({ course_id: courseId, status: 'active' })

test.group('Checkout through the sandbox', () => {
  test('a paid course is bought: order, sandbox page, signed webhooks, enrollment, ledger', async ({
    client,
    assert,
  }) => {
    const { course, master } = await paidCourse(29_900)
    const user = await buyer()

    const page = await client.get(`/checkout?item=course:${course.id}`).loginAs(user)
    page.assertStatus(200)
    page.assertTextIncludes('¥299.00')

    const { response, location } = await checkout(client, user, course)
    response.assertStatus(302)
    assert.match(location!, /^\/pay\/sandbox\/sbx_MG/)
    const number = orderNumberIn(location!)
    const opened = await orderOf(number)
    assert.equal(opened.status, 'pending')

    const hosted = await client.get(location!).loginAs(user)
    hosted.assertStatus(200)

    const back = await sandboxChoice(client, user, location!, 'success')
    assert.equal(back.header('location'), `http://127.0.0.1:${process.env.PORT}/orders/${number}`)
    const order = await orderOf(number)
    assert.equal(order.status, 'paid')
    assert.equal(order.total_amount, 29_900)
    assert.equal(order.fee_amount, 5_980)
    assert.lengthOf(await enrollmentsOf(course.id), 1)
    // the duplicate and the out-of-order "pending" were acted on once / not at all
    const events = await db.from('payment_events').where('order_id', order.id)
    assert.sameMembers(
      events.map((event) => event.type),
      ['payment.succeeded', 'payment.pending']
    )
    assert.equal(
      await ledger.balance({ kind: 'master_pending', ownerIdentityId: master.identity.id }),
      -23_920
    )
    assert.deepEqual(await ledger.verify(), [])

    const receipt = await client.get(`/orders/${number}`).loginAs(user)
    receipt.assertStatus(200)
    receipt.assertTextIncludes(number)
  })

  test('a declined payment leaves no enrollment and no money; paying again works', async ({
    client,
    assert,
  }) => {
    const { course } = await paidCourse(9_900)
    const user = await buyer()
    const first = await checkout(client, user, course)
    await sandboxChoice(client, user, first.location!, 'decline')
    const failed = await orderOf(orderNumberIn(first.location!))
    assert.equal(failed.status, 'failed')
    assert.lengthOf(await enrollmentsOf(course.id), 0)
    assert.lengthOf(await db.from('ledger_transactions').where('reference', String(failed.id)), 0)

    const again = await checkout(client, user, course)
    assert.notEqual(orderNumberIn(again.location!), failed.number)
    await sandboxChoice(client, user, again.location!, 'success')
    const paid = await orderOf(orderNumberIn(again.location!))
    assert.equal(paid.status, 'paid')
    assert.lengthOf(await enrollmentsOf(course.id), 1)
    await deliverSandboxWebhooks()
  })

  test('more than 30 checkouts a minute by one buyer are refused with 429', async ({
    client,
    assert,
  }) => {
    await resetThrottles()
    const { course } = await paidCourse(1_000)
    const user = await buyer()
    const key = `key-${crypto.randomUUID()}`
    for (let i = 0; i < 30; i++) {
      const { response } = await checkout(client, user, course, key)
      response.assertStatus(302)
    }
    const { response } = await checkout(client, user, course, key)
    response.assertStatus(429)
    assert.lengthOf(await db.from('orders').where('buyer_user_id', user.id), 1)
    await resetThrottles()
  })
})
