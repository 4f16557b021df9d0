import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { ledger } from '#payments/index'
import { expireOrdersJob } from '#payments/jobs/expire_orders'
import { feeOf } from '#payments/services/fees'
import { countRows } from '#tests/helpers'
import {
  buyer,
  checkout,
  deliverSandboxWebhooks,
  orderNumberIn,
  orderOf,
  paidCourse,
  sandboxChoice,
} from '#tests/payments/payments_world'

/*
| Money received is never dropped: an order closed for want of payment that
| is paid after all (the provider's notification late) is paid, and the
| buyer gets what they paid for.
*/
test.group('A late payment of an expired order', () => {
  test('the order expired before the success arrived: it is paid and the buyer enrolled', async ({
    client,
    assert,
  }) => {
    const { course, master } = await paidCourse(12_000)
    const user = await buyer()
    const { location } = await checkout(client, user, course)
    const number = orderNumberIn(location!)
    // the buyer paid; the provider's notification is slow
    await sandboxChoice(client, user, location!, 'success', { deliver: false })

    await db
      .from('orders')
      .where('number', number)
      .update({ expires_at: new Date(Date.now() - 60_000) })
    await expireOrdersJob.handler({} as never, {} as never)
    const expired = await orderOf(number)
    assert.equal(expired.status, 'expired')
    assert.equal(await countRows('enrollments', { course_id: course.id }), 0)

    await deliverSandboxWebhooks()

    const paid = await orderOf(number)
    assert.equal(paid.status, 'paid')
    assert.isNotNull(paid.paid_at)
    const enrollment = await db
      .from('enrollments')
      .where({ course_id: course.id, apprentice_identity_id: paid.buyer_identity_id })
      .first()
    assert.equal(enrollment?.status, 'active')
    assert.equal(
      await ledger.balance({ kind: 'master_pending', ownerIdentityId: master.identity.id }),
      -(12_000 - feeOf(12_000))
    )
    assert.deepEqual(await ledger.verify(), [])
  })
})
