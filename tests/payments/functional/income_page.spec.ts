import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import paymentsConfig from '#config/payments'
import { isolateEachTest } from '#tests/helpers'
import { refundedFee, refundedFeeSql } from '#payments/services/fees'
import { UserFactory } from '#database/factories/user_factory'
import { IdentityFactory } from '#database/factories/identity_factory'
import { clearEarnings } from '#payments/jobs/clear_earnings'
import { payoutService } from '#payments/services/payout_service'
import { refundService } from '#payments/services/refund_service'
import { ledger } from '#payments/index'
import { incomeReport } from '#payments/services/income_report'
import {
  beforeClearing,
  masterUser,
  recordOrder,
  type Sale,
  recordRefund,
  recordSale,
} from '#tests/payments/payments_helpers'

test.group('Income page', (group) => {
  isolateEachTest(group)

  test('a master sees their own balances, totals, items and payouts, and never another master’s', async ({
    client,
    assert,
  }) => {
    const mine = await masterUser()
    const theirs = await masterUser()
    mine.user.locale = 'zh-CN'
    await mine.user.save()
    const sold = await recordSale({
      sellerIdentityId: mine.identity.id,
      amount: 50_000,
      paidAt: beforeClearing(),
      title: '拉坯入门',
    })
    await recordSale({ sellerIdentityId: mine.identity.id, amount: 12_345, title: '拉坯入门 2' })
    await recordSale({
      sellerIdentityId: theirs.identity.id,
      amount: 77_700,
      paidAt: beforeClearing(),
      title: 'Their secret course',
    })
    await clearEarnings()
    await recordRefund(sold, 10_000)
    await payoutService.request({ userId: mine.user.id, identityId: mine.identity.id }, 10_000, {
      method: 'alipay',
      accountName: 'A',
      account: 'mine@example.com',
    })

    const page = await client.get('/income').loginAs(mine.user).header('accept-language', 'zh-CN')
    page.assertStatus(200)
    const html = page.text()
    // available 40 000 − 8 000 refunded share − 10 000 paid out; pending 9 876
    assert.include(html, '¥220.00')
    assert.include(html, '¥98.76')
    assert.include(html, '¥100.00')
    // totals: sales 623.45, fees 100.00 − 20.00 back + 24.69, refunds 100.00
    assert.include(html, '¥623.45')
    assert.include(html, '¥104.69')
    assert.include(html, '拉坯入门')
    assert.include(html, '<svg class="income-chart"')
    assert.include(html, '待审核')
    assert.notInclude(html, 'Their secret course')
    assert.notInclude(html, '¥777.00')
    assert.notInclude(html, 'mine@example.com')
  })

  test('acting as an apprentice (or with no master identity), the page says what it is for', async ({
    client,
    assert,
  }) => {
    const apprentice = await UserFactory.create()
    await IdentityFactory.merge({ userId: apprentice.id }).with('field').create()
    const page = await client.get('/income').loginAs(apprentice).header('accept-language', 'en')
    page.assertStatus(200)
    assert.include(page.text(), 'Income belongs to a master identity')

    // a master whose active identity is an apprentice one sees none of the master's money
    const master = await masterUser()
    await recordSale({ sellerIdentityId: master.identity.id, amount: 30_000, title: 'Hidden' })
    const other = await IdentityFactory.merge({ userId: master.user.id }).with('field').create()
    master.user.defaultIdentityId = other.id
    await master.user.save()
    const asApprentice = await client.get('/income').loginAs(master.user)
    assert.notInclude(asApprentice.text(), 'Hidden')
    const statement = await client.get('/income/statement.csv').loginAs(master.user)
    statement.assertStatus(403)
  })

  test('the month’s statement: a row per sale and per refund, amounts exact, formulas defused', async ({
    client,
    assert,
  }) => {
    const mine = await masterUser()
    const theirs = await masterUser()
    const month = DateTime.now().setZone(mine.user.timeZone).toFormat('yyyy-MM')
    const sale = await recordSale({
      sellerIdentityId: mine.identity.id,
      amount: 9_999,
      title: '=HYPERLINK("http://evil.example","点我")',
    })
    await recordSale({ sellerIdentityId: mine.identity.id, amount: 1_000, title: '@SUM(A1)' })
    await recordSale({ sellerIdentityId: mine.identity.id, amount: 1_000, title: '-2+3' })
    await recordSale({ sellerIdentityId: theirs.identity.id, amount: 4_444, title: 'Theirs' })
    await recordRefund(sale, 3_333)

    const response = await client
      .get(`/income/statement.csv?month=${month}`)
      .loginAs(mine.user)
      .header('accept-language', 'en')
    response.assertStatus(200)
    assert.include(String(response.header('content-type')), 'text/csv')
    assert.include(String(response.header('content-disposition')), `statement-${month}.csv`)
    const lines = response
      .text()
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    assert.equal(lines[0], 'Date,Order,Item,Gross,Fee,Net,Refunded')
    assert.lengthOf(lines, 5)
    const body = lines.slice(1).join('\n')
    assert.include(body, `,"'=HYPERLINK(""http://evil.example"",""点我"")",99.99,20.00,79.99,0.00`)
    assert.include(body, `,'@SUM(A1),10.00,2.00,8.00,0.00`)
    assert.include(body, `,'-2+3,10.00,2.00,8.00,0.00`)
    // the refund of 33.33: 6.67 of it was fee, 26.66 the master's
    assert.include(body, `,0.00,-6.67,-26.66,33.33`)
    assert.include(body, sale.number)
    assert.notInclude(body, 'Theirs')
    for (const line of lines.slice(1)) {
      const cells = line.split(',')
      assert.notMatch(cells[2], /^[=+\-@]/)
    }

    // another month: nothing of this one
    const empty = await client.get('/income/statement.csv?month=2020-01').loginAs(mine.user)
    assert.lengthOf(empty.text().trim().split('\r\n'), 1)
    // a month that is not one
    for (const bad of ['2026-13', 'soon', '2026-1']) {
      const refused = await client.get(`/income/statement.csv?month=${bad}`).loginAs(mine.user)
      refused.assertStatus(400)
    }
  })

  test('a refund of an order of several items is on the statement per item, as it was split', async ({
    client,
    assert,
  }) => {
    const mine = await masterUser()
    const theirs = await masterUser()
    const month = DateTime.now().setZone(mine.user.timeZone).toFormat('yyyy-MM')
    const [first, , third] = await recordOrder({
      items: [
        { sellerIdentityId: mine.identity.id, amount: 10_000, title: 'First' },
        { sellerIdentityId: theirs.identity.id, amount: 3_000, title: 'Theirs' },
        { sellerIdentityId: mine.identity.id, amount: 5_000, title: 'Third' },
      ],
    })
    const refund = (amount: number) =>
      db.transaction((trx) =>
        refundService.reserve(
          { orderId: first.orderId, amount, reason: 'test', actorUserId: null, key: randomUUID() },
          trx
        )
      )
    // 140.00 back: all of the first item, all of theirs, 10.00 of the third (pending: it counts)
    await refund(14_000)
    // a refund the provider refused was put back whole: not on the statement
    const refused = await refund(2_000)
    await db.transaction((trx) => refundService.settle(refused.refund.id, 'failed', trx))

    const response = await client
      .get(`/income/statement.csv?month=${month}`)
      .loginAs(mine.user)
      .header('accept-language', 'en')
    response.assertStatus(200)
    const rows = response
      .text()
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',').slice(2).join(','))
    assert.sameMembers(rows, [
      'First,100.00,20.00,80.00,0.00',
      'Third,50.00,10.00,40.00,0.00',
      'First,0.00,-20.00,-80.00,100.00',
      'Third,0.00,-2.00,-8.00,10.00',
    ])
    assert.equal(first.number, third.number)

    // the statement and the totals say the same
    const totals = await incomeReport.totals(mine.identity.id)
    assert.deepEqual(totals, { sales: 2, gross: 15_000, fee: 800, refunded: 11_000, net: 3_200 })
  })

  test('the totals reconcile with the ledger: net is what the master holds, waits for and was paid', async ({
    assert,
  }) => {
    const { user, identity } = await masterUser()
    const staff = await UserFactory.merge({ staffRole: 'admin' }).create()
    const refund = (sale: Sale, amount: number, outcome?: 'succeeded') =>
      db.transaction(async (trx) => {
        const ask = { orderId: sale.orderId, amount, reason: 'test', actorUserId: null }
        const { refund: row } = await refundService.reserve({ ...ask, key: randomUUID() }, trx)
        if (outcome) await refundService.settle(row.id, outcome, trx)
      })
    const ask = () =>
      payoutService.request({ userId: user.id, identityId: identity.id }, 10_000, {
        method: 'bank',
        accountName: 'A',
        account: '1234567',
      })
    const sell = (amount: number, paidAt = beforeClearing()) =>
      recordSale({ sellerIdentityId: identity.id, amount, paidAt })

    const big = await sell(50_000)
    const whole = await sell(9_999)
    const fresh = await sell(12_345, DateTime.now())
    await refund(big, 10_000, 'succeeded')
    await refund(whole, 9_999, 'succeeded')
    await clearEarnings()
    // after clearing: out of available; a refund still waiting for the provider counts too
    await refund(big, 5_000, 'succeeded')
    await refund(fresh, 3_333)
    const paid = await ask()
    await payoutService.approve(staff, paid.id)
    await payoutService.markPaid(staff, paid.id)
    const rejected = await ask()
    await payoutService.reject(staff, rejected.id, 'wrong account')
    await ask()

    const totals = await incomeReport.totals(identity.id)
    const payouts = await db
      .from('payouts')
      .where('master_identity_id', identity.id)
      .select(
        db.raw(`coalesce(sum(amount) FILTER (WHERE status IN ('requested', 'approved')), 0)::bigint
          AS in_flight`),
        db.raw(`coalesce(sum(amount) FILTER (WHERE status = 'paid'), 0)::bigint AS paid_out`)
      )
      .first()
    const pending = await ledger.balance({ kind: 'master_pending', ownerIdentityId: identity.id })
    const available = await ledger.balance({
      kind: 'master_available',
      ownerIdentityId: identity.id,
    })
    assert.equal(totals.net, -(pending + available) + payouts.in_flight + payouts.paid_out)
    assert.equal(payouts.in_flight, 10_000)
    assert.equal(payouts.paid_out, 10_000)

    // and each total is what the ledger's postings of these orders and refunds moved
    const orderIds = [big, whole, fresh].map((sale) => String(sale.orderId))
    const refunds = await db.from('refunds').whereIn('order_id', orderIds).select('id')
    const refundIds = refunds.map((row) => String(row.id))
    const moved = async (account: string, kinds: string[], references: string[]) => {
      const row = await db
        .from('ledger_entries as e')
        .join('ledger_transactions as t', 't.id', 'e.transaction_id')
        .join('ledger_accounts as a', 'a.id', 'e.account_id')
        .where('a.kind', account)
        .whereIn('t.kind', kinds)
        .whereIn('t.reference', references)
        .sum('e.amount as total')
        .first()
      return Number(row.total ?? 0)
    }
    assert.equal(totals.gross, await moved('buyer_clearing', ['order.paid'], orderIds))
    const feeSold = await moved('platform_revenue', ['order.paid'], orderIds)
    const feeBack = await moved('platform_revenue', ['refund.requested'], refundIds)
    assert.equal(totals.fee, -(feeSold + feeBack))
    assert.equal(totals.refunded, -(await moved('refunds', ['refund.requested'], refundIds)))
    assert.equal(totals.sales, 3)
    assert.deepEqual(await ledger.verify(), [])
  })

  test('the page says when the earliest pending sale becomes available', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await masterUser()
    user.locale = 'zh-CN'
    await user.save()
    const daysAgo = (days: number) => DateTime.now().minus({ days })
    const sell = (amount: number, paidAt: DateTime) =>
      recordSale({ sellerIdentityId: identity.id, amount, paidAt })
    const page = async () => {
      const response = await client.get('/income').loginAs(user).header('accept-language', 'zh-CN')
      return response.text()
    }
    assert.notInclude(await page(), '最早一笔')

    await sell(10_000, beforeClearing())
    await sell(10_000, daysAgo(3))
    await sell(10_000, daysAgo(5))
    // wholly refunded: nothing of it waits
    await recordRefund(await sell(10_000, daysAgo(6)), 10_000)
    await clearEarnings()
    const on = daysAgo(5)
      .plus({ days: paymentsConfig.clearingDays })
      .setZone(user.timeZone)
      .setLocale('zh-CN')
      .toLocaleString({ month: 'long', day: 'numeric' })
    assert.match(on, /^\d+月\d+日$/)
    assert.include(await page(), `最早一笔 ${on} 可提现。`)
  })

  test('the dashboard shows a master’s income card, not an apprentice’s', async ({
    client,
    assert,
  }) => {
    const master = await masterUser()
    await recordSale({ sellerIdentityId: master.identity.id, amount: 10_000 })
    const dashboard = await client.get('/dashboard').loginAs(master.user)
    assert.include(dashboard.text(), 'href="/income"')
    assert.include(dashboard.text(), '¥80.00')
    const apprentice = await UserFactory.create()
    await IdentityFactory.merge({ userId: apprentice.id }).with('field').create()
    const theirs = await client.get('/dashboard').loginAs(apprentice)
    assert.notInclude(theirs.text(), 'href="/income"')
  })

  test('the reports’ SQL gives back the same fee as fees.ts, halves included', async ({
    assert,
  }) => {
    const shapes = [
      [9_999, 2_000],
      [4, 1],
      [7, 1],
      [29_900, 5_980],
      [100_003, 17_001],
    ]
    const items = shapes.flatMap(([amount, feeAmount]) =>
      Array.from({ length: Math.min(amount, 2_000) + 1 }, (_, step) => ({
        amount,
        feeAmount,
        refundedAmount: Math.round((step * amount) / Math.min(amount, 2_000)),
      }))
    )
    const values = items.map(() => '(?::bigint, ?::bigint, ?::bigint)').join(', ')
    const result = await db.rawQuery(
      `SELECT ${refundedFeeSql('i')}::bigint AS fee
         FROM (VALUES ${values}) AS i(amount, fee_amount, refunded_amount)`,
      items.flatMap((item) => [item.amount, item.feeAmount, item.refundedAmount])
    )
    const sql = result.rows.map((row: any) => Number(row.fee))
    assert.deepEqual(sql, items.map(refundedFee))
  })
})
