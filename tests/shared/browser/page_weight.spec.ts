import { test } from '@japa/runner'
import type { Browser, Page } from 'playwright-core'
import { startProductionServer } from '#tests/helpers/production_server'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import env from '#start/env'

const BUDGET_BYTES = 60 * 1024
const BUDGET_REQUESTS = 8

/**
 * A first visit: everything the page downloads (HTML, CSS, JS, images),
 * compressed as sent, headers included, with no console error (a CSP
 * violation shows up as one).
 */
async function measure(page: Page, url: string) {
  const problems: string[] = []
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()))
  page.on('pageerror', (error) => problems.push(error.message))
  const transfers: Promise<number>[] = []
  page.on('requestfinished', (request) =>
    transfers.push(
      request.sizes().then((sizes) => sizes.responseBodySize + sizes.responseHeadersSize)
    )
  )
  await page.goto(url, { waitUntil: 'networkidle' })
  const sizes = await Promise.all(transfers)
  return { requests: sizes.length, bytes: sizes.reduce((sum, size) => sum + size, 0), problems }
}

/**
 * Signs in through the login form in a throw-away context and returns its
 * cookies, so the measured context starts with an empty cache but signed in.
 */
async function signedInState(browser: Browser, baseUrl: string, email: string) {
  const context = await browser.newContext({ locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`${baseUrl}/login`)
  await page.locator('input[name=email]').fill(email)
  await page.locator('input[name=password]').fill(DEFAULT_PASSWORD)
  await page.locator('form[action="/login"] button[type=submit]').click()
  await page.waitForURL('**/dashboard')
  const state = await context.storageState()
  await context.close()
  return state
}

test.group('Page weight (production build, first visit)', (group) => {
  let server: Awaited<ReturnType<typeof startProductionServer>>
  group.setup(async () => {
    server = await startProductionServer(env.get('PORT', 3334) + 100)
    return () => server.stop()
  })

  test('{path} stays within 60 KB and 8 requests ({who})')
    .with([
      { path: '/', who: 'guest' },
      { path: '/login', who: 'guest' },
      { path: '/signup', who: 'guest' },
      { path: '/dashboard', who: 'apprentice with two identities (header switcher)' },
      { path: '/certification/apply', who: 'apprentice with two identities (header switcher)' },
    ])
    .run(async ({ browser, assert }, { path, who }) => {
      let storageState
      if (who !== 'guest') {
        const user = await UserFactory.merge({ locale: 'zh-CN' }).create()
        for (const field of await FieldFactory.createMany(2)) {
          await IdentityFactory.merge({ userId: user.id, fieldId: field.id }).create()
        }
        storageState = await signedInState(browser, server.url, user.email)
      }
      const context = await browser.newContext({ locale: 'zh-CN', storageState })
      const page = await context.newPage()
      const { requests, bytes, problems } = await measure(page, `${server.url}${path}`)
      console.info(`  ${path} (${who}): ${requests} requests, ${(bytes / 1024).toFixed(1)} KB`)

      assert.isAtMost(requests, BUDGET_REQUESTS)
      assert.isAtMost(bytes, BUDGET_BYTES)
      assert.deepEqual(problems, [])
      if (who !== 'guest') assert.notInclude(page.url(), '/login', 'signed in')
      await context.close()
    })
    .timeout(60_000)
})
