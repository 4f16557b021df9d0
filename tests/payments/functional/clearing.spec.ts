import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import { ledger } from '#payments/index'
import { clearEarnings } from '#payments/jobs/clear_earnings'
import {
  beforeClearing,
  masterUser,
  owed,
  recordRefund,
  recordSale,
} from '#tests/payments/payments_helpers'

const clearedPostings = (itemId: number) =>
  db
    .from('ledger_transactions')
    .where({ kind: 'earnings.cleared', reference: String(itemId) })
    .count('* as n')
    .first()
    .then((row) => Number(row.n))

test.group('Clearing earnings', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a sale stays pending within the clearing period and becomes available after it, once', async ({
    assert,
  }) => {
    const { identity } = await masterUser()
    const fresh = await recordSale({ sellerIdentityId: identity.id, amount: 10_000 })
    const old = await recordSale({
      sellerIdentityId: identity.id,
      amount: 5_000,
      paidAt: beforeClearing(),
    })
    await clearEarnings()
    assert.equal(await owed('master_pending', identity.id), 8_000)
    assert.equal(await owed('master_available', identity.id), 4_000)
    assert.equal(await clearedPostings(old.itemId), 1)
    assert.equal(await clearedPostings(fresh.itemId), 0)
    const row = await db.from('order_items').where('id', fresh.itemId).first()
    assert.isNull(row.cleared_at)

    // the period passes for the first sale too; the second run clears only it
    await clearEarnings(DateTime.now().plus({ days: 30 }))
    await clearEarnings(DateTime.now().plus({ days: 30 }))
    assert.equal(await owed('master_pending', identity.id), 0)
    assert.equal(await owed('master_available', identity.id), 12_000)
    assert.equal(await clearedPostings(old.itemId), 1)
    assert.equal(await clearedPostings(fresh.itemId), 1)
    assert.deepEqual(await ledger.verify(), [])
  })

  test('a partial refund before clearing comes out of pending; the rest clears', async ({
    assert,
  }) => {
    const { identity } = await masterUser()
    const sale = await recordSale({
      sellerIdentityId: identity.id,
      amount: 9_999,
      paidAt: beforeClearing(),
    })
    // fee 2000 of 9999; refunding 3333 gives back round(3333 × 2000 / 9999) = 667 of it
    await recordRefund(sale, 3_333)
    assert.equal(await owed('master_pending', identity.id), 7_999 - (3_333 - 667))
    await clearEarnings()
    assert.equal(await owed('master_pending', identity.id), 0)
    assert.equal(await owed('master_available', identity.id), 7_999 - 2_666)
    // a refund after clearing comes out of available
    await recordRefund(sale, 1_000)
    assert.equal(await owed('master_available', identity.id), 7_999 - 2_666 - (1_000 - 200))
    assert.deepEqual(await ledger.verify(), [])
  })

  test('a wholly refunded item is marked cleared with no posting', async ({ assert }) => {
    const { identity } = await masterUser()
    const sale = await recordSale({
      sellerIdentityId: identity.id,
      amount: 5_000,
      paidAt: beforeClearing(),
    })
    await recordRefund(sale, 5_000)
    await clearEarnings()
    const row = await db.from('order_items').where('id', sale.itemId).first()
    assert.isNotNull(row.cleared_at)
    assert.equal(await clearedPostings(sale.itemId), 0)
    assert.equal(await owed('master_pending', identity.id), 0)
    assert.equal(await owed('master_available', identity.id), 0)
  })

  test('an unpaid or failed order is never cleared', async ({ assert }) => {
    const { identity } = await masterUser()
    const sale = await recordSale({
      sellerIdentityId: identity.id,
      amount: 5_000,
      paidAt: beforeClearing(),
    })
    await db.from('orders').where('id', sale.orderId).update({ status: 'failed' })
    await clearEarnings()
    assert.equal(await clearedPostings(sale.itemId), 0)
  })
})

/** On committed rows: each run takes its own connections, as two instances would. */
test.group('Clearing earnings under concurrency', () => {
  test('two runs at once clear each item once', async ({ assert }) => {
    const { identity } = await masterUser()
    const sales = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        recordSale({ sellerIdentityId: identity.id, amount: 1_000 + i, paidAt: beforeClearing() })
      )
    )
    const [first, second] = await Promise.all([clearEarnings(), clearEarnings()])
    assert.isAtLeast(first + second, 12)
    for (const sale of sales) assert.equal(await clearedPostings(sale.itemId), 1)
    const shares = sales.reduce((sum, sale) => sum + sale.amount - sale.fee, 0)
    assert.equal(await owed('master_available', identity.id), shares)
    assert.equal(await owed('master_pending', identity.id), 0)
    assert.deepEqual(await ledger.verify(), [])
  }).timeout(30_000)
})
