import { randomBytes } from 'node:crypto'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import type { Browser, Page } from 'playwright-core'
import paymentsConfig from '#config/payments'
import { ledger } from '#payments/index'
import { formatMoney } from '#payments/services/money'
import { clearEarningsJob } from '#payments/jobs/clear_earnings'
import { UserFactory } from '#database/factories/user_factory'
import { courseWithLessons } from '#database/factories/course_factory'
import { certifiedMaster } from '#tests/courses/courses_helpers'
import { baseUrl, horizontalOverflow, screenshotPath, uiText } from '#tests/helpers/browser'
import { signedInState } from '#tests/helpers/page_weight'
import {
  deliverSandboxWebhooks,
  orderCourse,
  orderNumberIn,
  orderOf,
  paySandboxOrder,
} from '#tests/payments/payments_world'

type Locale = 'zh-CN' | 'en'

const PRICE = 19_900
const SHARE = PRICE - Math.round((PRICE * paymentsConfig.feePercent) / 100)

/** A UI string in the locale, its {placeholders} filled. */
const textsOf =
  (locale: Locale) =>
  (file: string, path: string, data: Record<string, unknown> = {}) =>
    Object.entries(data).reduce(
      (text, [key, value]) => text.replace(`{${key}}`, String(value)),
      uiText(locale, file, path)
    )

/** A signed-in page at desktop width that records script errors. */
async function signedInPage(browser: Browser, locale: Locale, email: string, problems: string[]) {
  const context = await browser.newContext({
    locale,
    viewport: { width: 1280, height: 900 },
    storageState: await signedInState(browser, baseUrl, email),
  })
  const page = await context.newPage()
  page.on('pageerror', (error) => {
    // the Vite dev client's HMR socket, when another run on the machine holds its port
    if (error.message === 'WebSocket closed without opened.') return
    problems.push(`${page.url()}: ${error.message}`)
  })
  return { context, page }
}

/** A paid course of a new certified master (their master identity active), of two text lessons. */
async function paidCourseOfTwoLessons(title: string) {
  const master = await certifiedMaster({ displayName: '林师傅' })
  const { course, lessons } = await courseWithLessons(master.identity, ['text', 'text'], {
    priceFen: PRICE,
    title,
  })
  return { master, course, lessons }
}

/**
 * The screenshot of the page at desktop width, then at 360 px (where nothing
 * may stick out sideways), back to desktop after.
 */
function shooter(prefix: string) {
  return async (page: Page, name: string, assert: { isAtMost: Function }) => {
    await page.screenshot({ path: screenshotPath(`${prefix}-${name}`), fullPage: true })
    await page.setViewportSize({ width: 360, height: 800 })
    assert.isAtMost(await horizontalOverflow(page), 0, `${name} at 360 px`)
    await page.screenshot({ path: screenshotPath(`${prefix}-${name}-360`), fullPage: true })
    await page.setViewportSize({ width: 1280, height: 900 })
  }
}

/**
 * From the course page to the receipt: the buy button, the checkout (the
 * price the server gives), the sandbox's page and the buyer's choice there.
 * Returns the order's number once the receipt page is open (still pending:
 * the sandbox's webhooks are queued).
 */
async function buyOnSandbox(
  page: Page,
  locale: Locale,
  courseId: number,
  choice: 'success' | 'decline',
  shoot?: (page: Page, name: string) => Promise<void>
) {
  const t = textsOf(locale)
  const price = formatMoney(PRICE, locale)
  await page.goto(`${baseUrl}/courses/${courseId}`)
  await shoot?.(page, 'course-page')
  await page
    .locator('#enroll')
    .getByRole('link', { name: t('courses_catalogue', 'buy').split('{')[0].trim() })
    .click()
  await page.waitForURL(`**/checkout?item=course:${courseId}`)
  await page.locator('.session-facts', { hasText: price }).waitFor()
  await shoot?.(page, 'checkout')
  await page.getByRole('button', { name: t('payments', 'checkout.pay', { amount: price }) }).click()
  await page.waitForURL('**/pay/sandbox/**')
  await shoot?.(page, 'sandbox')
  const sandboxChoice = choice === 'success' ? 'sandbox.success' : 'sandbox.decline'
  await page.getByRole('button', { name: t('payments', sandboxChoice), exact: true }).click()
  await page.waitForURL(/\/orders\/MG/)
  return orderNumberIn(page.url())
}

/**
 * Issue 12's journey in the browser: two apprentices buy a paid course
 * through the sandbox (one after a declined payment), its master sees the
 * earnings pending, then cleared, and is paid out; an admin refunds the
 * first buyer in full, which takes the course and its certificate back.
 * Screenshots: tests/screenshots/payments-journey-*.png. Rows stay
 * committed (the ledger is append-only); the field is switched off after.
 */
test.group('Payments: buying a course, from the course page to the refund', (group) => {
  group.each.setup(() => limiter.clear())

  test('two apprentices buy a course, its master is paid out, an admin refunds one', async ({
    browser,
    assert,
    cleanup,
  }) => {
    const locale: Locale = 'zh-CN'
    const t = textsOf(locale)
    const money = (fen: number) => formatMoney(fen, locale)
    const problems: string[] = []
    const shoot = shooter('payments-journey')
    const shot = (page: Page, name: string) => shoot(page, name, assert)

    const title = '柴烧入门：从装窑到出窑'
    const { master, course, lessons } = await paidCourseOfTwoLessons(title)
    cleanup(async () => {
      await db.from('fields').where('id', master.field.id).update({ active: false })
    })
    await db.from('users').where('id', master.user.id).update({ locale })
    const first = await UserFactory.merge({ locale, displayName: '张同学' }).create()
    const second = await UserFactory.merge({ locale, displayName: '李同学' }).create()
    const admin = await UserFactory.merge({ staffRole: 'admin', locale }).create()

    /* ---------- a. the first apprentice buys the course and opens its first lesson ---------- */
    const { context: firstContext, page } = await signedInPage(
      browser,
      locale,
      first.email,
      problems
    )
    cleanup(() => firstContext.close())
    const firstNumber = await buyOnSandbox(page, locale, course.id, 'success', shot)
    // back from the sandbox, the receipt asks it where the payment stands: paid already;
    // its webhooks (a success twice, an older "pending" after) then change nothing
    await page.getByText(t('payments', 'order.paid')).waitFor()
    await deliverSandboxWebhooks()
    await page.reload()
    assert.equal(
      await page.getByRole('heading', { level: 1 }).innerText(),
      t('payments', 'order.receipt')
    )
    await shot(page, 'receipt-paid')
    await page.getByRole('link', { name: t('payments', 'order.open_item', { title }) }).click()
    await page.waitForURL(`**/courses/${course.id}`)
    await page.getByRole('link', { name: t('courses_catalogue', 'start') }).click()
    await page.waitForURL(`**/courses/${course.id}/lessons/${lessons[0].id}`)
    await shot(page, 'first-lesson')
    const firstOrder = await orderOf(firstNumber)
    assert.equal(firstOrder.status, 'paid')
    assert.equal(firstOrder.total_amount, PRICE)

    /* ---------- b. the second apprentice is declined, then pays again ---------- */
    const { context: secondContext, page: other } = await signedInPage(
      browser,
      locale,
      second.email,
      problems
    )
    cleanup(() => secondContext.close())
    const declinedNumber = await buyOnSandbox(other, locale, course.id, 'decline')
    await deliverSandboxWebhooks()
    await other.getByText(t('payments', 'order.failed')).waitFor({ timeout: 10_000 })
    await shot(other, 'receipt-failed')
    const declined = await orderOf(declinedNumber)
    assert.equal(declined.status, 'failed')
    assert.lengthOf(
      await db.from('ledger_transactions').where('reference', String(declined.id)),
      0,
      'nothing charged'
    )
    await other.getByRole('button', { name: t('payments', 'order.retry') }).click()
    // a GET form: the item's colon comes percent-encoded
    await other.waitForURL((url) => url.pathname === '/checkout')
    await other
      .getByRole('button', { name: t('payments', 'checkout.pay', { amount: money(PRICE) }) })
      .click()
    await other.waitForURL('**/pay/sandbox/**')
    await other.getByRole('button', { name: t('payments', 'sandbox.success'), exact: true }).click()
    await other.waitForURL(/\/orders\/MG/)
    const secondNumber = orderNumberIn(other.url())
    assert.notEqual(secondNumber, declinedNumber)
    await deliverSandboxWebhooks()
    await other.getByText(t('payments', 'order.paid')).waitFor({ timeout: 10_000 })
    await other.goto(`${baseUrl}/orders`)
    await shot(other, 'orders')

    /* ---------- c. the master's earnings: pending, then cleared ---------- */
    const { context: masterContext, page: desk } = await signedInPage(
      browser,
      locale,
      master.user.email,
      problems
    )
    cleanup(() => masterContext.close())
    const income = (path: string) => t('payments_income', path)
    const figure = (name: string) =>
      desk
        .locator('.income-figures > div', { hasText: income(name) })
        .locator('dd')
        .first()
    await desk.goto(`${baseUrl}/income`)
    assert.equal(await figure('pending').innerText(), money(2 * SHARE))
    assert.equal(await figure('available').innerText(), money(0))
    await shot(desk, 'income-pending')

    const paidLongAgo = DateTime.now().minus({ days: paymentsConfig.clearingDays + 1 })
    const secondOrder = await orderOf(secondNumber)
    await db
      .from('orders')
      .whereIn('id', [firstOrder.id, secondOrder.id])
      .update({ paid_at: paidLongAgo.toJSDate() })
    await clearEarningsJob.handler({}, {} as never)
    await desk.reload()
    assert.equal(await figure('available').innerText(), money(2 * SHARE))
    assert.equal(await figure('pending').innerText(), money(0))
    await shot(desk, 'income-available')

    /* ---------- d. a payout: asked for, approved and paid ---------- */
    await desk.getByLabel(income('amount')).fill('100.00')
    await desk.getByLabel(income('method')).selectOption('bank')
    await desk.getByLabel(income('account_name')).fill('林小山')
    await desk.getByLabel(income('account'), { exact: true }).fill('6222021234567890123')
    await desk.getByRole('button', { name: income('request') }).click()
    await desk.waitForURL('**/income')
    await desk.getByText(income('payout_status.requested')).first().waitFor()
    const payout = await db
      .from('payouts')
      .where('master_identity_id', master.identity.id)
      .firstOrFail()

    const { context: adminContext, page: office } = await signedInPage(
      browser,
      locale,
      admin.email,
      problems
    )
    cleanup(() => adminContext.close())
    const queue = (path: string) => t('payments_admin', path, { id: payout.id })
    await office.goto(`${baseUrl}/admin/payouts`)
    await office.getByRole('button', { name: queue('approve_label') }).click()
    await office.waitForURL('**/admin/payouts?status=approved')
    await office.getByRole('button', { name: queue('mark_paid_label') }).click()
    await office.waitForURL('**/admin/payouts?status=paid')
    await desk.reload()
    await desk.getByText(income('payout_status.paid')).first().waitFor()
    assert.equal(await figure('available').innerText(), money(2 * SHARE - 10_000))
    await shot(desk, 'income-paid-out')

    /* ---------- e. an admin refunds the first apprentice in full ---------- */
    // the first apprentice finished the course and holds its certificate
    const code = randomBytes(15).toString('base64url')
    const enrollment = await db
      .from('enrollments')
      .where({ course_id: course.id, status: 'active' })
      .whereIn(
        'apprentice_identity_id',
        db.from('identities').where('user_id', first.id).select('id')
      )
      .firstOrFail()
    await db
      .from('enrollments')
      .where('id', enrollment.id)
      .update({ certificate_code: code, completed_at: new Date(), progress_percent: 100 })

    await office.goto(`${baseUrl}/admin/orders`)
    await shot(office, 'admin-orders')
    await office.getByLabel(t('payments', 'order.number')).fill(firstNumber)
    await office.getByRole('button', { name: t('payments', 'admin.find') }).click()
    await office.getByRole('link', { name: firstNumber }).click()
    await office.waitForURL(`**/admin/orders/${firstNumber}`)
    await shot(office, 'admin-order')
    const amount = office.getByLabel(t('payments', 'admin.refund_amount'))
    // nothing prefilled: a full refund is typed, with the most there is to refund as the hint
    assert.equal(await amount.inputValue(), '')
    assert.equal(await amount.getAttribute('placeholder'), (PRICE / 100).toFixed(2))
    await amount.fill((PRICE / 100).toFixed(2))
    await office.getByLabel(t('payments', 'admin.refund_reason')).fill('学员七天内申请退款')
    await office.getByRole('button', { name: t('payments', 'admin.refund') }).click()
    await office.waitForURL(`**/admin/orders/${firstNumber}`)
    await office.getByText(t('payments', 'admin.refund_succeeded')).waitFor()
    await shot(office, 'admin-order-refunded')

    const refunded = await db.from('enrollments').where('id', enrollment.id).first()
    assert.equal(refunded.status, 'refunded')
    assert.isNotNull(refunded.certificate_revoked_at)
    assert.propertyVal(await orderOf(firstNumber), 'status', 'refunded')

    // the apprentice: the receipt says refunded, the course is to buy again, the certificate is void
    await page.goto(`${baseUrl}/orders/${firstNumber}`)
    await page.getByText(t('payments', 'order.refunded')).waitFor()
    assert.equal(
      await page.getByRole('link', { name: t('payments', 'order.open_item', { title }) }).count(),
      0
    )
    await page.goto(`${baseUrl}/courses/${course.id}`)
    const action = page.locator('#enroll')
    await action
      .getByRole('link', { name: t('courses_catalogue', 'buy').split('{')[0].trim() })
      .waitFor()
    assert.equal(
      await action.getByRole('link', { name: t('courses_catalogue', 'start') }).count(),
      0
    )
    assert.equal(
      await action.getByRole('link', { name: t('courses_catalogue', 'continue') }).count(),
      0
    )
    const lesson = await page.goto(`${baseUrl}/courses/${course.id}/lessons/${lessons[1].id}`)
    assert.equal(lesson?.status(), 403, 'the lesson is closed again')
    await page.goto(`${baseUrl}/certificates/${code}`)
    await page.getByText(t('courses_learning', 'certificate.revoked')).first().waitFor()
    await shot(page, 'certificate-revoked')

    assert.deepEqual(await ledger.verify(), [])
    assert.deepEqual(problems, [])
  }).timeout(180_000)

  test('an apprentice buys a course in English: checkout, sandbox and receipt', async ({
    browser,
    assert,
    cleanup,
  }) => {
    const locale: Locale = 'en'
    const t = textsOf(locale)
    const problems: string[] = []
    const shoot = shooter('payments-journey-en')
    const title = 'Wood firing from loading to unloading (柴烧入门)'
    const { master, course } = await paidCourseOfTwoLessons(title)
    cleanup(async () => {
      await db.from('fields').where('id', master.field.id).update({ active: false })
    })
    const buyer = await UserFactory.merge({ locale }).create()
    const { context, page } = await signedInPage(browser, locale, buyer.email, problems)
    cleanup(() => context.close())

    const number = await buyOnSandbox(page, locale, course.id, 'success', (on, name) =>
      shoot(on, name, assert)
    )
    await deliverSandboxWebhooks()
    await page.getByText(t('payments', 'order.paid')).waitFor({ timeout: 10_000 })
    await page.getByRole('link', { name: t('payments', 'order.open_item', { title }) }).waitFor()
    await shoot(page, 'receipt-paid', assert)
    assert.propertyVal(await orderOf(number), 'status', 'paid')
    assert.deepEqual(problems, [])
  }).timeout(90_000)

  test('a receipt left open while the payment is confirmed updates itself (htmx polling)', async ({
    browser,
    assert,
    cleanup,
  }) => {
    const t = textsOf('zh-CN')
    const problems: string[] = []
    const { master, course } = await paidCourseOfTwoLessons('柴烧：等待确认')
    cleanup(async () => {
      await db.from('fields').where('id', master.field.id).update({ active: false })
    })
    const learner = await UserFactory.merge({ locale: 'zh-CN' }).create()
    const { context, page } = await signedInPage(browser, 'zh-CN', learner.email, problems)
    cleanup(() => context.close())
    const order = await orderCourse(learner.id, course.id)
    await page.goto(`${baseUrl}/orders/${order.number}`)
    await page.getByText(t('payments', 'order.pending')).waitFor()
    // the provider's notification arrives while the page is open: no reload
    await paySandboxOrder(order)
    await page.getByText(t('payments', 'order.paid')).waitFor({ timeout: 10_000 })
    assert.include(page.url(), `/orders/${order.number}`)
    assert.deepEqual(problems, [])
  }).timeout(60_000)
})
