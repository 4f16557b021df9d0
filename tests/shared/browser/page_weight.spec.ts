import { test } from '@japa/runner'
import { startProductionServer } from '#tests/helpers/production_server'
import env from '#start/env'

const BUDGET_BYTES = 60 * 1024
const BUDGET_REQUESTS = 8

/**
 * First visit of a page with an empty browser profile: everything it
 * downloads (HTML, CSS, JS, images), compressed as sent, headers included.
 */
test.group('Page weight (production build, first visit)', (group) => {
  let server: Awaited<ReturnType<typeof startProductionServer>>
  group.setup(async () => {
    server = await startProductionServer(env.get('PORT', 3334) + 100)
    return () => server.stop()
  })

  test('{path} stays within 60 KB and 8 requests')
    .with([{ path: '/' }, { path: '/login' }, { path: '/signup' }])
    .run(async ({ browser, assert }, { path }) => {
      const context = await browser.newContext({ locale: 'zh-CN' })
      const page = await context.newPage()
      const problems: string[] = []
      page.on('console', (message) => message.type() === 'error' && problems.push(message.text()))
      page.on('pageerror', (error) => problems.push(error.message))
      const transfers: Promise<number>[] = []
      page.on('requestfinished', (request) =>
        transfers.push(
          request.sizes().then((sizes) => sizes.responseBodySize + sizes.responseHeadersSize)
        )
      )

      await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' })
      const sizes = await Promise.all(transfers)
      const bytes = sizes.reduce((sum, size) => sum + size, 0)
      console.info(
        `  ${path}: ${transfers.length} requests, ${(bytes / 1024).toFixed(1)} KB transferred`
      )

      assert.isAtMost(transfers.length, BUDGET_REQUESTS)
      assert.isAtMost(bytes, BUDGET_BYTES)
      assert.deepEqual(problems, [], 'no console errors (CSP violations show up here)')
      await context.close()
    })
    .timeout(60_000)
})
