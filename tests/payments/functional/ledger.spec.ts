import { test } from '@japa/runner'
import { spawnSync } from 'node:child_process'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import testUtils from '@adonisjs/core/services/test_utils'
import { ledger, UnbalancedPostingError, type Posting } from '#payments/index'
import { IdentityFactory } from '#database/factories/identity_factory'
import { UserFactory } from '#database/factories/user_factory'

/** A master identity to own earnings accounts. */
async function masterIdentity() {
  const user = await UserFactory.create()
  return IdentityFactory.apply('certifiedMaster').merge({ userId: user.id }).with('field').create()
}

/** A paid order of `amount` fen: the buyer pays, the platform keeps 20 %, the master's share waits. */
const sale = (reference: string, masterId: number, amount: number): Posting => ({
  kind: 'order.paid',
  reference,
  entries: [
    { account: { kind: 'buyer_clearing' }, amount },
    { account: { kind: 'platform_revenue' }, amount: -amount / 5 },
    { account: { kind: 'master_pending', ownerIdentityId: masterId }, amount: -(amount * 4) / 5 },
  ],
})

test.group('Ledger', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a balanced posting moves the balances once; the same cause again changes nothing', async ({
    assert,
  }) => {
    const master = await masterIdentity()
    const first = await ledger.post(sale('order-1', master.id, 10_000))
    const again = await ledger.post(sale('order-1', master.id, 10_000))
    assert.isTrue(first.created)
    assert.deepEqual(again, { transactionId: first.transactionId, created: false })
    assert.equal(
      await ledger.balance({ kind: 'master_pending', ownerIdentityId: master.id }),
      -8_000
    )
    const entries = await db.from('ledger_entries').where('transaction_id', first.transactionId)
    assert.lengthOf(entries, 3)
    assert.deepEqual(await ledger.verify(), [])
  })

  test('an unbalanced posting is refused, by the service and by the database', async ({
    assert,
  }) => {
    const master = await masterIdentity()
    const broken = sale('order-2', master.id, 10_000)
    broken.entries[0].amount = 9_999
    await assert.rejects(() => ledger.post(broken), UnbalancedPostingError)
    assert.equal(
      await db
        .from('ledger_transactions')
        .where('reference', 'order-2')
        .count('* as n')
        .first()
        .then((r) => Number(r.n)),
      0
    )

    // past the service: entries written by hand that do not sum to zero never commit
    const written = db.transaction(async (trx) => {
      const [{ id }] = await trx
        .insertQuery()
        .table('ledger_transactions')
        .insert({ kind: 'manual', reference: 'by-hand' })
        .returning('id')
      const account = await trx.rawQuery(
        `INSERT INTO ledger_accounts (kind, currency) VALUES ('refunds', 'CNY')
         ON CONFLICT ON CONSTRAINT ledger_accounts_one_per_owner DO UPDATE SET kind = EXCLUDED.kind RETURNING id`
      )
      await trx.insertQuery().table('ledger_entries').insert({
        transaction_id: id,
        account_id: account.rows[0].id,
        amount: 500,
        currency: 'CNY',
      })
      await trx.rawQuery('SET CONSTRAINTS ledger_entries_balance IMMEDIATE')
    })
    await assert.rejects(() => written, /does not balance/)
  })

  test('entries and transactions are append-only: no update, no delete', async ({ assert }) => {
    const master = await masterIdentity()
    const { transactionId } = await ledger.post(sale('order-3', master.id, 5_000))
    for (const change of [
      () => db.from('ledger_entries').where('transaction_id', transactionId).update({ amount: 1 }),
      () => db.from('ledger_entries').where('transaction_id', transactionId).delete(),
      () => db.from('ledger_transactions').where('id', transactionId).update({ memo: 'x' }),
      () => db.from('ledger_transactions').where('id', transactionId).delete(),
    ]) {
      await assert.rejects(() => db.transaction(async () => change()), /append-only/)
    }
    assert.deepEqual(await ledger.verify(), [])
  })

  test('a master’s earnings cannot go below zero: paying out more than is available is refused whole', async ({
    assert,
  }) => {
    const master = await masterIdentity()
    const owner = { ownerIdentityId: master.id }
    await ledger.post(sale('order-4', master.id, 10_000))
    const payout = (reference: string, amount: number): Posting => ({
      kind: 'payout.paid',
      reference,
      entries: [
        { account: { kind: 'master_pending', ...owner }, amount },
        { account: { kind: 'payouts' }, amount: -amount },
      ],
    })
    await assert.rejects(() => ledger.post(payout('payout-1', 8_001)), /earnings_not_negative/)
    assert.isNull(await db.from('ledger_transactions').where('reference', 'payout-1').first())
    await ledger.post(payout('payout-2', 8_000))
    assert.equal(await ledger.balance({ kind: 'master_pending', ...owner }), 0)
    assert.deepEqual(await ledger.verify(), [])
  })
})

/** On committed rows: each posting takes its own pool connection, as concurrent requests would. */
test.group('Ledger under concurrency', () => {
  test('a hundred purchases at once, and one cause posted ten times at once, leave a ledger that balances', async ({
    assert,
  }) => {
    const master = await masterIdentity()
    const run = `${Date.now()}`
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        ledger.post(sale(`many-${run}-${i}`, master.id, 1_000 + i * 5))
      )
    )
    assert.isTrue(results.every((result) => result.created))
    const repeats = await Promise.all(
      Array.from({ length: 10 }, () => ledger.post(sale(`once-${run}`, master.id, 2_000)))
    )
    assert.lengthOf(new Set(repeats.map((r) => r.transactionId)), 1)
    assert.equal(repeats.filter((r) => r.created).length, 1)

    const expected = Array.from({ length: 100 }, (_, i) => 1_000 + i * 5).reduce(
      (a, b) => a + b,
      2_000
    )
    assert.equal(
      await ledger.balance({ kind: 'master_pending', ownerIdentityId: master.id }),
      -(expected * 4) / 5
    )
    assert.deepEqual(await ledger.verify(), [])
  }).timeout(60_000)

  test('node ace ledger:verify says the ledger balances and exits 0, with Redis, time after time', async ({
    assert,
  }) => {
    // a command used to crash at its exit, one run in two, on the cache bus's and Transmit's
    // half-made Redis subscriptions (patches/bentocache+…, patches/@boringnode+transmit+…)
    for (let run = 0; run < 4; run++) {
      const result = spawnSync(process.execPath, ['ace', 'ledger:verify'], {
        cwd: app.appRoot.pathname,
        env: process.env,
        encoding: 'utf8',
        timeout: 30_000,
      })
      assert.equal(result.status, 0, result.stderr)
      assert.include(result.stdout, 'the ledger balances')
    }
  }).timeout(120_000)
})
