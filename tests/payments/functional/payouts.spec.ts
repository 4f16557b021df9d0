import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { Logger } from '@adonisjs/core/logger'
import { isolateEachTest, countRows, fieldErrors, en } from '#tests/helpers'
import { ledger } from '#payments/index'
import { clearEarnings } from '#payments/jobs/clear_earnings'
import { payoutService, type PayoutDetails } from '#payments/services/payout_service'
import {
  InsufficientEarningsError,
  NotCertifiedMasterError,
  OwnPayoutError,
  PayoutChangedError,
  PayoutNotCancellableError,
} from '#payments/payout_errors'
import { UserFactory } from '#database/factories/user_factory'
import { IdentityFactory } from '#database/factories/identity_factory'
import {
  beforeClearing,
  lockWaitOn,
  masterUser,
  owed,
  recordRefund,
  recordSale,
} from '#tests/payments/payments_helpers'

/** Where a payout goes in the tests that do not look at it. */
const BANK = { method: 'bank' as const, accountName: 'A', account: '1234567' }

const DETAILS = { method: 'alipay', accountName: '王小明', payoutAccount: '6222021234567890123' }

/** A certified master with `available` fen cleared and ready to pay out (sales of 5× it /4). */
async function masterWithEarnings(available = 40_000) {
  const master = await masterUser()
  await recordSale({
    sellerIdentityId: master.identity.id,
    amount: (available * 5) / 4,
    paidAt: beforeClearing(),
  })
  await clearEarnings()
  return master
}

const statusOf = (id: number) =>
  db
    .from('payouts')
    .where('id', id)
    .first()
    .then((row) => row.status)

/** A master with 400.00 available who asked for `amount` of it. */
async function masterWithPayout(amount: number, details: PayoutDetails = BANK) {
  const master = await masterWithEarnings(40_000)
  const payout = await payoutService.request(
    { userId: master.user.id, identityId: master.identity.id },
    amount,
    details
  )
  return { ...master, payout }
}

async function admin() {
  return UserFactory.merge({ staffRole: 'admin' }).create()
}

const ask = (client: any, user: any, form: Record<string, string>) =>
  client
    .post('/income/payouts')
    .loginAs(user)
    .withCsrfToken()
    .header('referer', '/income')
    .header('accept-language', 'en')
    .form(form)
    .redirects(0)

/** Every call into any logger (whatever its level) while `run` runs, as text. */
async function loggedDuring(run: () => Promise<unknown>) {
  const lines: string[] = []
  const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'log'] as const
  const originals = levels.map((level) => (Logger.prototype as any)[level])
  levels.forEach((level, index) => {
    ;(Logger.prototype as any)[level] = function (this: Logger, ...args: unknown[]) {
      lines.push(
        args
          .map((arg) =>
            arg instanceof Error ? `${arg.message} ${arg.stack}` : JSON.stringify(arg)
          )
          .join(' ')
      )
      return originals[index].apply(this, args)
    }
  })
  try {
    await run()
  } finally {
    levels.forEach((level, index) => ((Logger.prototype as any)[level] = originals[index]))
  }
  return lines.join('\n')
}

test.group('Payouts: asking', (group) => {
  isolateEachTest(group)

  test('a certified master asks for a payout: the row, the posting, the audit and the notification, together', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await masterWithEarnings(40_000)
    const payoutsBefore = await ledger.balance({ kind: 'payouts' })
    const response = await ask(client, user, { ...DETAILS, amount: '150.05' })
    response.assertStatus(302)
    response.assertHeader('location', '/income')
    const payout = await db.from('payouts').where('master_identity_id', identity.id).firstOrFail()
    assert.equal(payout.amount, 15_005)
    assert.equal(payout.status, 'requested')
    assert.notInclude(payout.details_encrypted, DETAILS.payoutAccount)
    assert.equal(await owed('master_available', identity.id), 40_000 - 15_005)
    assert.equal(await ledger.balance({ kind: 'payouts' }), payoutsBefore - 15_005)
    const events = await db.from('payout_events').where('payout_id', payout.id)
    assert.deepEqual(
      events.map((e) => [e.action, e.actor_user_id]),
      [['requested', user.id]]
    )
    const notes = await db
      .from('notifications')
      .where({ recipient_id: user.id, kind: 'payments.payout_requested' })
    assert.lengthOf(notes, 1)
    // money as payments' other notifications show it: with its currency, grouped
    assert.equal(notes[0].payload.amount, '¥150.05')
    const inbox = await client.get('/notifications').loginAs(user).header('accept-language', 'en')
    assert.include(inbox.text(), 'Your payout request of ¥150.05 was sent')
    assert.deepEqual(await ledger.verify(), [])
  })

  test('below the minimum, above what is available, or malformed: refused with a clear message, nothing written', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await masterWithEarnings(40_000)
    const cases: [Record<string, string>, string, string | null][] = [
      [
        { ...DETAILS, amount: '99.99' },
        'amount',
        en('payments_income.errors.below_minimum', { minimum: '100.00' }),
      ],
      [
        { ...DETAILS, amount: '400.01' },
        'amount',
        en('payments_income.errors.insufficient', { available: '400.00' }),
      ],
      [{ ...DETAILS, amount: '12.345' }, 'amount', null],
      [{ ...DETAILS, amount: 'abc' }, 'amount', null],
      [{ ...DETAILS, amount: '-150' }, 'amount', null],
      [{ ...DETAILS, amount: '' }, 'amount', null],
      [{ ...DETAILS, amount: '150', method: 'paypal' }, 'method', null],
      [{ ...DETAILS, amount: '150', accountName: '' }, 'accountName', null],
      [{ ...DETAILS, amount: '150', payoutAccount: '' }, 'payoutAccount', null],
      [{ ...DETAILS, amount: '150', payoutAccount: '=cmd|x' }, 'payoutAccount', null],
    ]
    for (const [form, field, message] of cases) {
      const response = await ask(client, user, form)
      response.assertStatus(302)
      response.assertHeader('location', '/income')
      const errors = fieldErrors(response)
      assert.property(errors, field, JSON.stringify(form))
      if (message) assert.equal(errors[field][0], message)
    }
    // the same refusals for a script: 422 with the message
    const json = await ask(client, user, { ...DETAILS, amount: '500' }).header(
      'accept',
      'application/json'
    )
    json.assertStatus(422)
    assert.include(JSON.stringify(json.body()), 'more than is available')
    assert.equal(await countRows('payouts', { master_identity_id: identity.id }), 0)
    assert.equal(await owed('master_available', identity.id), 40_000)
  })

  test('an apprentice, or a master not yet certified, cannot ask; nothing is written', async ({
    client,
    assert,
  }) => {
    const apprentice = await UserFactory.create()
    await IdentityFactory.merge({ userId: apprentice.id }).with('field').create()
    const pending = await masterUser({ status: 'pending' })
    for (const user of [apprentice, pending.user]) {
      const response = await ask(client, user, { ...DETAILS, amount: '150' })
      response.assertStatus(403)
    }
    assert.equal(await countRows('payouts'), 0)
  })

  test('a payout is asked for only as one’s own certified master identity', async ({ assert }) => {
    const mine = await masterWithEarnings(40_000)
    const someoneElse = await masterWithEarnings(40_000)
    const details = { method: 'bank' as const, accountName: 'X', account: '1234567' }
    // another user's master identity, even with money on it
    await assert.rejects(
      () =>
        payoutService.request(
          { userId: mine.user.id, identityId: someoneElse.identity.id },
          15_000,
          details
        ),
      NotCertifiedMasterError
    )
    // one's own apprentice identity
    const apprentice = await IdentityFactory.merge({ userId: mine.user.id }).with('field').create()
    await assert.rejects(
      () =>
        payoutService.request({ userId: mine.user.id, identityId: apprentice.id }, 15_000, details),
      NotCertifiedMasterError
    )
    assert.equal(await countRows('payouts'), 0)
  })

  test('the account number is never logged, asked for or refused', async ({ client, assert }) => {
    const { user } = await masterWithEarnings(40_000)
    const logged = await loggedDuring(async () => {
      await ask(client, user, { ...DETAILS, amount: '150' })
      await ask(client, user, { ...DETAILS, amount: '9999' })
      await ask(client, user, { ...DETAILS, amount: 'x' })
    })
    assert.equal(await countRows('payouts'), 1)
    assert.notInclude(logged, DETAILS.payoutAccount)
    assert.notInclude(logged, DETAILS.payoutAccount.slice(-8))
    // the capture works: a logged line is seen
    const probe = await loggedDuring(async () => {
      const { default: logger } = await import('@adonisjs/core/services/logger')
      logger.warn('probe 6222021234567890123')
    })
    assert.include(probe, DETAILS.payoutAccount)
  })
})

test.group('Payouts: the admins’ decisions', (group) => {
  isolateEachTest(group)

  test('an admin approves, then marks paid: each step posted, audited and told to the master', async ({
    client,
    assert,
  }) => {
    const { user, identity, payout } = await masterWithPayout(20_000, {
      method: 'bank',
      accountName: '王小明',
      account: '6222021234567890123',
    })
    const staff = await admin()
    const queue = await client.get('/admin/payouts').loginAs(staff)
    queue.assertStatus(200)
    // the list shows the last 4; the whole number only inside the payout's <details>
    const [opened = '', ...more] =
      queue.text().match(/<details class="payout-details">[\s\S]*?<\/details>/g) ?? []
    assert.lengthOf(more, 0)
    assert.include(opened, '6222021234567890123')
    assert.notInclude(queue.text().replace(opened, ''), '6222021234567890123')
    assert.include(queue.text(), '•••• 0123')

    const approved = await client
      .post(`/admin/payouts/${payout.id}/approve`)
      .loginAs(staff)
      .withCsrfToken()
      .redirects(0)
    approved.assertStatus(302)
    // a transfer reference that is not one goes back with the error, nothing done
    for (const reference of ['=cmd|x', '1'.repeat(65)]) {
      const refused = await client
        .post(`/admin/payouts/${payout.id}/paid`)
        .loginAs(staff)
        .withCsrfToken()
        .header('referer', '/admin/payouts?status=approved')
        .form({ reference })
        .redirects(0)
      refused.assertHeader('location', '/admin/payouts?status=approved')
      assert.property(fieldErrors(refused), 'reference')
      assert.equal(await statusOf(payout.id), 'approved')
    }
    const paid = await client
      .post(`/admin/payouts/${payout.id}/paid`)
      .loginAs(staff)
      .withCsrfToken()
      .form({ reference: ' 2026120822001412345678901234 ' })
      .redirects(0)
    paid.assertStatus(302)
    const row = await db.from('payouts').where('id', payout.id).first()
    assert.equal(row.status, 'paid')
    assert.isNotNull(row.paid_at)
    assert.equal(row.decided_by_user_id, staff.id)
    const events = await db.from('payout_events').where('payout_id', payout.id).orderBy('id')
    assert.deepEqual(
      events.map((e) => [e.action, e.actor_user_id, e.note]),
      [
        ['requested', user.id, null],
        ['approved', staff.id, null],
        ['paid', staff.id, '2026120822001412345678901234'],
      ]
    )
    assert.isNotNull(
      await db
        .from('ledger_transactions')
        .where({ kind: 'payout.paid', reference: String(payout.id) })
        .first()
    )
    assert.equal(await owed('master_available', identity.id), 20_000)
    for (const kind of ['payments.payout_approved', 'payments.payout_paid']) {
      assert.equal(await countRows('notifications', { recipient_id: user.id, kind }), 1)
    }
    const trail = await client
      .get('/admin/payouts?status=paid')
      .loginAs(staff)
      .header('accept-language', 'en')
    assert.include(trail.text(), staff.displayName)
    assert.include(trail.text(), 'reference 2026120822001412345678901234')
    assert.deepEqual(await ledger.verify(), [])
  })

  test('a rejection needs a reason and gives the money back to available', async ({
    client,
    assert,
  }) => {
    const { user, identity, payout } = await masterWithPayout(30_000, {
      method: 'alipay',
      accountName: 'A',
      account: 'a@example.com',
    })
    const staff = await admin()
    const empty = await client
      .post(`/admin/payouts/${payout.id}/reject`)
      .loginAs(staff)
      .withCsrfToken()
      .header('referer', '/admin/payouts')
      .form({ reason: ' ' })
      .redirects(0)
    empty.assertStatus(302)
    assert.property(fieldErrors(empty), 'reason')
    assert.equal(await statusOf(payout.id), 'requested')

    await client
      .post(`/admin/payouts/${payout.id}/reject`)
      .loginAs(staff)
      .withCsrfToken()
      .form({ reason: '账户名与实名不符' })
      .redirects(0)
    const row = await db.from('payouts').where('id', payout.id).first()
    assert.equal(row.status, 'rejected')
    assert.equal(row.reason, '账户名与实名不符')
    assert.equal(await owed('master_available', identity.id), 40_000)
    const note = await db
      .from('notifications')
      .where({ recipient_id: user.id, kind: 'payments.payout_rejected' })
      .first()
    assert.equal(note.payload.reason, '账户名与实名不符')
    // a rejected payout cannot be paid
    await assert.rejects(() => payoutService.markPaid(staff, payout.id), PayoutChangedError)
    assert.deepEqual(await ledger.verify(), [])
  })

  test('moderators and masters are refused the queue and every decision', async ({
    client,
    assert,
  }) => {
    const { user, payout } = await masterWithPayout(20_000)
    const moderator = await UserFactory.merge({ staffRole: 'moderator' }).create()
    for (const who of [moderator, user]) {
      const queue = await client.get('/admin/payouts').loginAs(who)
      queue.assertStatus(403)
      for (const action of ['approve', 'paid', 'reject']) {
        const response = await client
          .post(`/admin/payouts/${payout.id}/${action}`)
          .loginAs(who)
          .withCsrfToken()
          .form({ reason: 'no' })
          .redirects(0)
        response.assertStatus(403)
      }
    }
    assert.equal(await statusOf(payout.id), 'requested')
  })

  test('a payout address that names no payout is a 404, not an error', async ({ client }) => {
    const staff = await admin()
    for (const id of ['abc', '0', '1.5', '-1', '9999999999999999', '999999999']) {
      for (const action of ['approve', 'paid', 'reject']) {
        const response = await client
          .post(`/admin/payouts/${id}/${action}`)
          .loginAs(staff)
          .withCsrfToken()
          .form({ reason: 'no' })
          .redirects(0)
        response.assertStatus(404)
      }
    }
  })

  test('an admin cannot decide on their own payout', async ({ assert }) => {
    const master = await masterUser({ staffRole: 'admin' })
    await recordSale({
      sellerIdentityId: master.identity.id,
      amount: 50_000,
      paidAt: beforeClearing(),
    })
    await clearEarnings()
    const payout = await payoutService.request(
      { userId: master.user.id, identityId: master.identity.id },
      20_000,
      BANK
    )
    await assert.rejects(() => payoutService.approve(master.user, payout.id), OwnPayoutError)
    assert.equal(await statusOf(payout.id), 'requested')
  })
})

test.group('Payouts: the master cancels', (group) => {
  isolateEachTest(group)

  const cancel = (client: any, user: any, id: number | string) =>
    client
      .post(`/income/payouts/${id}/cancel`)
      .loginAs(user)
      .withCsrfToken()
      .header('referer', '/income')
      .header('accept-language', 'en')
      .redirects(0)

  test('a master cancels their own waiting request: posted, audited, the amount available again', async ({
    client,
    assert,
  }) => {
    const { user, identity, payout } = await masterWithPayout(15_000)
    const page = await client.get('/income').loginAs(user).header('accept-language', 'en')
    assert.include(page.text(), `action="/income/payouts/${payout.id}/cancel"`)

    const response = await cancel(client, user, payout.id)
    response.assertStatus(302)
    response.assertHeader('location', '/income')
    assert.equal(await statusOf(payout.id), 'cancelled')
    assert.equal(await owed('master_available', identity.id), 40_000)
    const posting = await db
      .from('ledger_transactions')
      .where({ kind: 'payout.cancelled', reference: String(payout.id) })
    assert.lengthOf(posting, 1)
    const events = await db.from('payout_events').where('payout_id', payout.id).orderBy('id')
    assert.deepEqual(
      events.map((e) => [e.action, e.actor_user_id]),
      [
        ['requested', user.id],
        ['cancelled', user.id],
      ]
    )
    // no longer cancellable, and no longer paying out
    const after = await client.get('/income').loginAs(user).header('accept-language', 'en')
    assert.notInclude(after.text(), `action="/income/payouts/${payout.id}/cancel"`)
    assert.include(after.text(), 'Cancelled')
    const staff = await admin()
    const queue = await client.get('/admin/payouts?status=cancelled').loginAs(staff)
    assert.include(queue.text(), `#${payout.id}`)
    assert.deepEqual(await ledger.verify(), [])
  })

  test('an approved (or decided) payout, another master’s, or no payout: nothing changes', async ({
    client,
    assert,
  }) => {
    const { user, identity, payout } = await masterWithPayout(15_000)
    const staff = await admin()
    await payoutService.approve(staff, payout.id)
    const late = await cancel(client, user, payout.id)
    late.assertStatus(302)
    late.assertHeader('location', '/income')
    late.assertFlashMessage('error', en('payments_income.errors.not_cancellable'))
    assert.equal(await statusOf(payout.id), 'approved')

    const other = await masterWithPayout(20_000)
    const theirs = await cancel(client, user, other.payout.id)
    theirs.assertStatus(404)
    assert.equal(await statusOf(other.payout.id), 'requested')
    for (const id of ['999999999', 'abc']) {
      const none = await cancel(client, user, id)
      none.assertStatus(404)
    }

    // as an apprentice identity of the same person: refused
    const apprentice = await IdentityFactory.merge({ userId: other.user.id }).with('field').create()
    other.user.defaultIdentityId = apprentice.id
    await other.user.save()
    const asApprentice = await cancel(client, other.user, other.payout.id)
    asApprentice.assertStatus(403)
    assert.equal(await statusOf(other.payout.id), 'requested')
    assert.equal(await owed('master_available', identity.id), 40_000 - 15_000)
    assert.isNull(await db.from('ledger_transactions').where({ kind: 'payout.cancelled' }).first())
  })
})

/** On committed rows: each call takes its own connections, as two requests would. */
test.group('Payouts under concurrency', () => {
  test('two admins deciding at once: one wins, the other reads that it changed', async ({
    assert,
  }) => {
    const { user, identity } = await masterWithEarnings(40_000)
    const [first, second] = await Promise.all([admin(), admin()])
    const one = await payoutService.request(
      { userId: user.id, identityId: identity.id },
      10_000,
      BANK
    )
    const approvals = await Promise.allSettled([
      payoutService.approve(first, one.id),
      payoutService.approve(second, one.id),
    ])
    assert.deepEqual(approvals.map((r) => r.status).sort(), ['fulfilled', 'rejected'])
    const refused = approvals.find((r) => r.status === 'rejected') as PromiseRejectedResult
    assert.instanceOf(refused.reason, PayoutChangedError)

    // paying and rejecting at once: one of them, never both postings
    const outcomes = await Promise.allSettled([
      payoutService.markPaid(first, one.id),
      payoutService.reject(second, one.id, 'changed my mind'),
    ])
    assert.equal(outcomes.filter((r) => r.status === 'fulfilled').length, 1)
    const postings = await db
      .from('ledger_transactions')
      .whereIn('kind', ['payout.paid', 'payout.rejected'])
      .where('reference', String(one.id))
    assert.lengthOf(postings, 1)
    const events = await db.from('payout_events').where('payout_id', one.id)
    assert.lengthOf(events, 3)
    assert.deepEqual(await ledger.verify(), [])
  }).timeout(30_000)

  test('money taken between the check and the posting: the ledger refuses, the master reads why', async ({
    assert,
  }) => {
    const { user, identity } = await masterWithEarnings(32_000)
    // a refund's posting holds the master's available account, not yet committed
    const refund = await db.transaction()
    await ledger.post(
      {
        kind: 'refund.requested',
        reference: `held-${identity.id}`,
        entries: [
          { account: { kind: 'platform_revenue' }, amount: 4_000 },
          { account: { kind: 'master_available', ownerIdentityId: identity.id }, amount: 16_000 },
          { account: { kind: 'refunds' }, amount: -20_000 },
        ],
      },
      refund
    )
    // the payout's check still sees 320.00 available; its posting waits for the refund's
    const asking = payoutService.request({ userId: user.id, identityId: identity.id }, 20_000, BANK)
    const settled = asking.then(
      () => null,
      (error) => error
    )
    // the posting really waits on the refund's lock (a failed probe lets go of it, or the run hangs)
    await lockWaitOn(refund).catch(async (error) => {
      await refund.rollback()
      throw error
    })
    await refund.commit()
    const error = await settled
    assert.instanceOf(error, InsufficientEarningsError)
    assert.deepEqual(error.values, { available: '160.00' })
    assert.equal(await countRows('payouts', { master_identity_id: identity.id }), 0)
    assert.equal(await owed('master_available', identity.id), 16_000)
    assert.deepEqual(await ledger.verify(), [])
  }).timeout(30_000)

  test('a payout racing a refund for the same available money never overdraws: one wins, or both fit', async ({
    assert,
  }) => {
    // 40 fen of sale → 32 available each round; a payout of 20 000 and a refund taking 16 000 of share
    for (let round = 0; round < 12; round++) {
      const { user, identity } = await masterUser()
      const sale = await recordSale({
        sellerIdentityId: identity.id,
        amount: 40_000,
        paidAt: beforeClearing(),
      })
      await clearEarnings()
      const bothFit = round % 4 === 3
      const payoutAmount = bothFit ? 10_000 : 20_000
      // a refund of 20 000 takes 16 000 of the master's available share
      const results = await Promise.allSettled([
        payoutService.request({ userId: user.id, identityId: identity.id }, payoutAmount, BANK),
        recordRefund(sale, 20_000),
      ])
      const won = results.filter((r) => r.status === 'fulfilled').length
      const available = await owed('master_available', identity.id)
      assert.isAtLeast(available, 0)
      if (bothFit) {
        assert.equal(won, 2, JSON.stringify(results))
        assert.equal(available, 32_000 - 10_000 - 16_000)
      } else {
        assert.equal(won, 1, JSON.stringify(results))
        assert.oneOf(available, [32_000 - 20_000, 32_000 - 16_000])
        const payouts = await countRows('payouts', { master_identity_id: identity.id })
        assert.equal(payouts, results[0].status === 'fulfilled' ? 1 : 0)
      }
    }
    assert.deepEqual(await ledger.verify(), [])
  }).timeout(60_000)

  test('a master cancelling while an admin approves: exactly one of them happens', async ({
    assert,
  }) => {
    const staff = await admin()
    const outcomes = new Set<string>()
    for (let round = 0; round < 8; round++) {
      const { user, identity } = await masterWithEarnings(40_000)
      const who = { userId: user.id, identityId: identity.id }
      const payout = await payoutService.request(who, 10_000, BANK)
      const [cancelled, approved] = await Promise.allSettled([
        payoutService.cancel(who, payout.id),
        payoutService.approve(staff, payout.id),
      ])
      const status = await statusOf(payout.id)
      outcomes.add(status)
      const postings = await db
        .from('ledger_transactions')
        .where({ kind: 'payout.cancelled', reference: String(payout.id) })
      const events = await db.from('payout_events').where('payout_id', payout.id)
      assert.lengthOf(events, 2)
      if (status === 'cancelled') {
        assert.equal(cancelled.status, 'fulfilled')
        assert.equal(approved.status, 'rejected')
        assert.instanceOf((approved as PromiseRejectedResult).reason, PayoutChangedError)
        assert.lengthOf(postings, 1)
        assert.equal(await owed('master_available', identity.id), 40_000)
      } else {
        assert.equal(status, 'approved')
        assert.equal(approved.status, 'fulfilled')
        assert.equal(cancelled.status, 'rejected')
        assert.instanceOf((cancelled as PromiseRejectedResult).reason, PayoutNotCancellableError)
        assert.lengthOf(postings, 0)
        assert.equal(await owed('master_available', identity.id), 30_000)
      }
    }
    assert.deepEqual(await ledger.verify(), [])
  }).timeout(60_000)
})
