import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import type { Browser } from 'playwright-core'
import env from '#start/env'
import { startProductionServer } from '#tests/helpers/production_server'
import { BUDGET_BYTES, BUDGET_REQUESTS, measure, signedInState } from '#tests/helpers/page_weight'
import { axeViolations } from '#tests/helpers/axe'
import { UserFactory } from '#database/factories/user_factory'
import { masterUser, payoutOf, recordSale } from '#tests/payments/payments_helpers'

type Row = {
  page: string
  who: string
  /** Makes the page's rows (committed) and returns its address and who signs in. */
  visit: (fieldIds: number[]) => Promise<{ url: string; email: string }>
}

/** A master with a year of sales of a few courses, a refund-free history and two payouts. */
const incomeOfMaster: Row['visit'] = async (fieldIds) => {
  const master = await masterUser()
  fieldIds.push(master.field.id)
  for (let month = 0; month < 12; month++) {
    for (const title of ['拉坯入门', '釉色的秘密', '柴烧十讲']) {
      await recordSale({
        sellerIdentityId: master.identity.id,
        amount: 19_900 + month * 100,
        title,
        paidAt: DateTime.now().minus({ months: month, days: 8 }),
      })
    }
  }
  await payoutOf(master.user)
  await payoutOf(master.user)
  return { url: '/income', email: master.user.email }
}

/** An admin with a dozen payouts waiting for review. */
const payoutQueueOfAdmin: Row['visit'] = async (fieldIds) => {
  const admin = await UserFactory.merge({ staffRole: 'admin', locale: 'zh-CN' }).create()
  for (let index = 0; index < 12; index++) {
    const master = await masterUser()
    fieldIds.push(master.field.id)
    await payoutOf(master.user)
  }
  return { url: '/admin/payouts', email: admin.email }
}

const ROWS: Row[] = [
  { page: 'income', who: 'a master with a year of sales', visit: incomeOfMaster },
  { page: 'the payout queue', who: 'an admin, twelve waiting', visit: payoutQueueOfAdmin },
]

async function visit(browser: Browser, serverUrl: string, url: string, email: string) {
  const storageState = await signedInState(browser, serverUrl, email)
  const context = await browser.newContext({ locale: 'zh-CN', storageState })
  const page = await context.newPage()
  const measured = await measure(page, `${serverUrl}${url}`)
  const violations = await axeViolations(page)
  await context.close()
  return { ...measured, violations }
}

/*
| The money and ledger rows stay (the ledger is append-only and its accounts
| hold the identities); the fields made for them are switched off so other
| pages of the run never list them.
*/
test.group('Page weight and axe of the payments pages (production build, first visit)', (group) => {
  let server: Awaited<ReturnType<typeof startProductionServer>>
  group.setup(async () => {
    server = await startProductionServer(env.get('PORT', 3334) + 107)
    return () => server.stop()
  })

  test('{page} stays within 60 KB and 8 requests ({who})')
    .with(ROWS)
    .run(async ({ browser, assert, cleanup }, row) => {
      const fieldIds: number[] = []
      cleanup(async () => {
        await db.from('fields').whereIn('id', fieldIds).update({ active: false })
      })
      const { url, email } = await row.visit(fieldIds)
      const { requests, bytes, problems, violations } = await visit(browser, server.url, url, email)
      console.info(
        `  ${row.page} (${row.who}): ${requests} requests, ${(bytes / 1024).toFixed(1)} KB`
      )
      assert.deepEqual(problems, [])
      assert.deepEqual(violations, [], 'axe')
      assert.isAtMost(requests, BUDGET_REQUESTS)
      assert.isAtMost(bytes, BUDGET_BYTES)
    })
    .timeout(120_000)
})
