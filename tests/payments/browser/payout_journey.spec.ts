import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { baseUrl, screenshotPath, uiText } from '#tests/helpers/browser'
import { signedInState } from '#tests/helpers/page_weight'
import { UserFactory } from '#database/factories/user_factory'
import { clearEarnings } from '#payments/jobs/clear_earnings'
import { beforeClearing, masterUser, recordSale } from '#tests/payments/payments_helpers'

type Locale = 'zh-CN' | 'en'

/**
 * A master asks for a payout through the form on a phone (360 px) and an
 * admin approves it and marks it paid; screenshots in
 * tests/screenshots/payments-*.png. Rows stay committed (the ledger is
 * append-only); the field made for them is switched off after.
 */
test.group('Payments: a payout from the form to the bank', () => {
  test('a master asks for a payout and an admin pays it ({locale})')
    .with<{ locale: Locale }[]>([{ locale: 'zh-CN' }, { locale: 'en' }])
    .run(async ({ browser, assert, cleanup }, { locale }) => {
      const master = await masterUser()
      cleanup(async () => {
        await db.from('fields').where('id', master.field.id).update({ active: false })
      })
      master.user.locale = locale
      await master.user.save()
      for (const [title, amount] of [
        ['拉坯入门', 39_900],
        ['釉色的秘密', 19_900],
      ] as const) {
        await recordSale({
          sellerIdentityId: master.identity.id,
          amount,
          title,
          paidAt: beforeClearing(),
        })
      }
      await recordSale({
        sellerIdentityId: master.identity.id,
        amount: 12_900,
        title: '柴烧十讲',
        paidAt: DateTime.now().minus({ months: 1 }),
      })
      await clearEarnings()
      const admin = await UserFactory.merge({ staffRole: 'admin', locale }).create()
      const income = (path: string) => uiText(locale, 'payments_income', path)
      const queue = (path: string) => uiText(locale, 'payments_admin', path)
      const shot = (name: string) => screenshotPath(`payments-${locale}-${name}`)

      const context = await browser.newContext({
        locale,
        storageState: await signedInState(browser, baseUrl, master.user.email),
      })
      cleanup(() => context.close())
      const page = await context.newPage()
      await page.setViewportSize({ width: 360, height: 800 })
      await page.goto(`${baseUrl}/income`)
      await page.screenshot({ path: shot('income-360'), fullPage: true })
      const overflow = await page.evaluate(() => {
        const root = (globalThis as any).document.documentElement
        return root.scrollWidth - root.clientWidth
      })
      assert.isAtMost(overflow, 0)

      await page.getByLabel(income('amount')).fill('200.50')
      await page.getByLabel(income('method')).selectOption('bank')
      await page.getByLabel(income('account_name')).fill('王小明')
      await page.getByLabel(income('account'), { exact: true }).fill('6222021234567890123')
      await page.getByRole('button', { name: income('request') }).click()
      await page.waitForURL('**/income')
      await page.getByText(income('payout_status.requested')).first().waitFor()
      await page.screenshot({ path: shot('requested-360'), fullPage: true })

      const desk = await browser.newContext({
        locale,
        storageState: await signedInState(browser, baseUrl, admin.email),
      })
      cleanup(() => desk.close())
      const adminPage = await desk.newPage()
      await adminPage.setViewportSize({ width: 1280, height: 900 })
      await adminPage.goto(`${baseUrl}/admin/payouts`)
      const payout = await db
        .from('payouts')
        .where('master_identity_id', master.identity.id)
        .firstOrFail()
      const card = adminPage.locator('.payout-entry', {
        has: adminPage.getByRole('button', {
          name: queue('approve_label').replace('{id}', String(payout.id)),
        }),
      })
      // the number masked in the list, whole once the payout's details are opened
      await card.getByText('•••• 0123').waitFor()
      await card.getByText(queue('show_account').replace('{id}', String(payout.id))).click()
      await card.getByText('6222021234567890123').waitFor()
      await adminPage.screenshot({ path: shot('queue'), fullPage: true })
      await adminPage
        .getByRole('button', { name: queue('approve_label').replace('{id}', String(payout.id)) })
        .click()
      await adminPage.waitForURL('**/admin/payouts?status=approved')
      // this payout's own form: other approved payouts (of other tests) wait in the same tab
      const approved = adminPage.locator('.payout-entry', {
        has: adminPage.getByRole('button', {
          name: queue('mark_paid_label').replace('{id}', String(payout.id)),
        }),
      })
      await approved.getByLabel(queue('transfer_reference')).fill('2026120822001412345678901234')
      await adminPage
        .getByRole('button', { name: queue('mark_paid_label').replace('{id}', String(payout.id)) })
        .click()
      await adminPage.waitForURL('**/admin/payouts?status=paid')
      await adminPage.screenshot({ path: shot('paid'), fullPage: true })

      await page.goto(`${baseUrl}/income`)
      await page.getByText(income('payout_status.paid')).first().waitFor()
      const row = await db.from('payouts').where('id', payout.id).first()
      assert.equal(row.amount, 20_050)
      assert.equal(row.status, 'paid')
    })
    .timeout(90_000)
})
