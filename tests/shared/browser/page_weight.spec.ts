import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { startProductionServer } from '#tests/helpers/production_server'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import env from '#start/env'
import { BUDGET_BYTES, BUDGET_REQUESTS, measure, signedInState } from '#tests/helpers/page_weight'

const SIGNED_IN = 'apprentice with two identities (header switcher)'

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
      { path: '/fields/:slug', who: 'guest' },
      { path: '/users/:id', who: 'guest (a certified master with a bio)' },
      { path: '/dashboard', who: SIGNED_IN },
      { path: '/certification/apply', who: SIGNED_IN },
      { path: '/messages', who: SIGNED_IN },
      { path: '/notifications', who: SIGNED_IN },
      { path: '/settings/profile', who: SIGNED_IN },
    ])
    .run(async ({ browser, assert, cleanup }, { path, who }) => {
      // committed rows (the production server has its own connections), removed after
      const fields = await FieldFactory.createMany(2)
      const user = await UserFactory.merge({ locale: 'zh-CN', bio: '拉坯二十年。' }).create()
      cleanup(async () => {
        await db.from('users').where('id', user.id).delete()
        await db
          .from('fields')
          .whereIn(
            'id',
            fields.map((field) => field.id)
          )
          .delete()
      })
      const master = IdentityFactory.apply('certifiedMaster')
      const apprentice = IdentityFactory
      for (const field of fields) {
        await (who === SIGNED_IN ? apprentice : master)
          .merge({ userId: user.id, fieldId: field.id })
          .create()
      }
      const storageState =
        who === SIGNED_IN ? await signedInState(browser, server.url, user.email) : undefined
      const url = path.replace(':slug', fields[0].slug).replace(':id', String(user.id))

      const context = await browser.newContext({ locale: 'zh-CN', storageState })
      const page = await context.newPage()
      const { requests, bytes, problems } = await measure(page, `${server.url}${url}`)
      console.info(`  ${path} (${who}): ${requests} requests, ${(bytes / 1024).toFixed(1)} KB`)

      assert.deepEqual(problems, [])
      assert.isAtMost(requests, BUDGET_REQUESTS)
      assert.isAtMost(bytes, BUDGET_BYTES)
      await context.close()
    })
    .timeout(60_000)
})
