import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import { ledger } from '#payments/index'
import { UserFactory } from '#database/factories/user_factory'
import { countRows, en } from '#tests/helpers'
import {
  buyer,
  checkout,
  orderNumberIn,
  orderOf,
  paidCourse,
  sandboxChoice,
} from '#tests/payments/payments_world'
import { enrollmentCountOf } from '#tests/payments/sandbox_events'

/*
| Refunds pushed where they must not go: more than was paid, nothing, a
| double click, someone who is not an admin; and what a full refund takes
| back (the enrollment and its certificate).
*/

const admin = () => UserFactory.merge({ staffRole: 'admin', locale: 'en' }).create()

/** A course bought through the sandbox's page (its payment succeeded there, so it can pay back). */
async function boughtCourse(client: ApiClient, price = 10_000) {
  const world = await paidCourse(price)
  const user = await buyer()
  const { location } = await checkout(client, user, world.course)
  await sandboxChoice(client, user, location!, 'success')
  const order = await orderOf(orderNumberIn(location!))
  return { ...world, user, order }
}

function postRefund(client: ApiClient, who: User, number: string, form: Record<string, string>) {
  return client
    .post(`/admin/orders/${number}/refunds`)
    .withCsrfToken()
    .loginAs(who)
    .header('referer', `/admin/orders/${number}`)
    .form({ reason: 'asked by the buyer', key: `refund-${crypto.randomUUID()}`, ...form })
    .redirects(0)
}

/** What refunds wrote for an order: rows, ledger postings, the order's and the sandbox's sums. */
async function refundTrace(order: { id: number; number: string }) {
  const refunds = await db.from('refunds').where('order_id', order.id)
  const postings = await db
    .from('ledger_transactions')
    .whereIn('kind', ['refund.requested', 'refund.succeeded', 'refund.failed'])
    .whereIn(
      'reference',
      refunds.map((refund) => String(refund.id))
    )
  const row = await orderOf(order.number)
  const payment = await db.from('sandbox_payments').where('order_number', order.number).first()
  return {
    refunds: refunds.length,
    postings: postings.length,
    status: row.status as string,
    refunded: row.refunded_amount as number,
    returned: payment.refunded_amount as number,
  }
}

const NOTHING = { refunds: 0, postings: 0, status: 'paid', refunded: 0, returned: 0 }

test.group('Refund attacks', () => {
  test('more than is left, zero, negative, not a number: refused, nothing written', async ({
    client,
    assert,
  }) => {
    const { order } = await boughtCourse(client, 10_000)
    const staff = await admin()

    for (const amount of ['100.01', '1000', '0', '0.00']) {
      const response = await postRefund(client, staff, order.number, { amount })
      response.assertStatus(302)
      response.assertFlashMessage('error', en('payments.errors.refund_too_much'))
      assert.deepEqual(await refundTrace(order), NOTHING, amount)
    }
    for (const amount of ['-1', '-0.01', 'abc', '1e3', '1.999', '1,00', ' ', '0x10', 'NaN']) {
      const response = await postRefund(client, staff, order.number, { amount })
      response.assertStatus(302)
      assert.property(response.flashMessages().inputErrorsBag, 'amount', amount)
      assert.deepEqual(await refundTrace(order), NOTHING, amount)
    }
    // nor anything of an order that was never paid
    const world = await paidCourse(10_000)
    const unpaidBuyer = await buyer()
    const { location } = await checkout(client, unpaidBuyer, world.course)
    const unpaid = await orderOf(orderNumberIn(location!))
    const refused = await postRefund(client, staff, unpaid.number, { amount: '1' })
    refused.assertFlashMessage('error', en('payments.errors.refund_not_paid'))
    assert.equal(await countRows('refunds', { order_id: unpaid.id }), 0)
    assert.deepEqual(await ledger.verify(), [])
  })

  test('one refund key sent twice at once refunds once', async ({ client, assert }) => {
    const { order } = await boughtCourse(client, 10_000)
    const staff = await admin()
    const key = `refund-${crypto.randomUUID()}`

    const answers = await Promise.all(
      Array.from({ length: 2 }, () =>
        postRefund(client, staff, order.number, { amount: '30.00', key })
      )
    )

    for (const answer of answers) answer.assertStatus(302)
    assert.deepEqual(await refundTrace(order), {
      refunds: 1,
      postings: 2,
      status: 'partially_refunded',
      refunded: 3_000,
      returned: 3_000,
    })
    assert.deepEqual(await ledger.verify(), [])
  })

  test('two refunds of the whole order at once: one goes through, the other is refused', async ({
    client,
    assert,
  }) => {
    const { order } = await boughtCourse(client, 10_000)
    const staff = await admin()

    const answers = await Promise.all(
      Array.from({ length: 2 }, () => postRefund(client, staff, order.number, { amount: '100' }))
    )

    const flashed = answers.map((answer) => Object.keys(answer.flashMessages()).sort().join())
    assert.sameMembers(flashed, ['success', 'error'])
    assert.deepEqual(await refundTrace(order), {
      refunds: 1,
      postings: 2,
      status: 'refunded',
      refunded: 10_000,
      returned: 10_000,
    })
    assert.deepEqual(await ledger.verify(), [])
  })

  test('only admins refund: the buyer, the master and anyone else are 403', async ({
    client,
    assert,
  }) => {
    const { order, user, master } = await boughtCourse(client, 10_000)
    for (const who of [user, master.user, await buyer()]) {
      const response = await postRefund(client, who, order.number, { amount: '100' })
      response.assertStatus(403)
      assert.deepEqual(await refundTrace(order), NOTHING)
    }
    // an order that does not exist is a 404 for an admin
    const missing = await postRefund(client, await admin(), 'MG20990101ABCDEFGHJK', {
      amount: '1',
    })
    missing.assertStatus(404)
  })

  test('a full refund takes back the enrollment and revokes its certificate; a partial one does not', async ({
    client,
    assert,
  }) => {
    const { order, course, master } = await boughtCourse(client, 10_000)
    const staff = await admin()
    const enrollment = await db
      .from('enrollments')
      .where({ course_id: course.id, apprentice_identity_id: order.buyer_identity_id })
      .firstOrFail()
    await db
      .from('enrollments')
      .where('id', enrollment.id)
      .update({ certificate_code: 'cert-code-0123456789', completed_at: new Date() })

    await postRefund(client, staff, order.number, { amount: '40.00' })
    let now = await db.from('enrollments').where('id', enrollment.id).first()
    assert.equal(now.status, 'active')
    assert.isNull(now.certificate_revoked_at)

    const last = await postRefund(client, staff, order.number, { amount: '60.00' })
    last.assertFlashMessage('success', en('payments.admin.refund_succeeded'))
    now = await db.from('enrollments').where('id', enrollment.id).first()
    assert.equal(now.status, 'refunded')
    assert.isNotNull(now.certificate_revoked_at)
    assert.equal(await enrollmentCountOf(course.id), 0)
    assert.deepEqual(await refundTrace(order), {
      refunds: 2,
      postings: 4,
      status: 'refunded',
      refunded: 10_000,
      returned: 10_000,
    })
    // the master's pending earnings of it are all taken back, the platform's fee too
    assert.equal(
      await ledger.balance({ kind: 'master_pending', ownerIdentityId: master.identity.id }),
      0
    )
    assert.deepEqual(await ledger.verify(), [])

    // nothing left: one more cent is refused
    const more = await postRefund(client, staff, order.number, { amount: '0.01' })
    more.assertFlashMessage('error', en('payments.errors.refund_too_much'))
  })
})
