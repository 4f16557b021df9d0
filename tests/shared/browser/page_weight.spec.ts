import { test } from '@japa/runner'
import { startProductionServer } from '#tests/helpers/production_server'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import env from '#start/env'
import { BUDGET_BYTES, BUDGET_REQUESTS, measure, signedInState } from '#tests/helpers/page_weight'

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
