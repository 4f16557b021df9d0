import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startProductionServer } from '#tests/helpers/production_server'
import { signedInState } from '#tests/helpers/page_weight'
import { axeViolations } from '#tests/helpers/axe'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import { chatService } from '#chat/index'
import env from '#start/env'

/*
| axe-core on the pages a visitor meets (the production build), and the
| main-thread time the conversation page blocks while it loads.
*/

/**
 * Total blocking time of a load on a 4× slowed CPU (Lighthouse's mobile
 * profile): the part over 50 ms of every long task until `ready` and a
 * quiet second after it.
 */
async function blockingTime(
  context: BrowserContext,
  url: string,
  ready: (page: Page) => Promise<unknown>
) {
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
  await page.addInitScript(() => {
    const tasks: number[] = []
    Object.assign(globalThis, { longTasks: tasks })
    const Observer = (globalThis as any).PerformanceObserver
    new Observer((list: any) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration)
    }).observe({ type: 'longtask', buffered: true })
  })
  await page.goto(url, { waitUntil: 'load' })
  await ready(page)
  await page.waitForTimeout(1000)
  const tasks = await page.evaluate(() => (globalThis as any).longTasks as number[])
  await page.close()
  return tasks.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0)
}

test.group('Accessibility (production build)', (group) => {
  let server: Awaited<ReturnType<typeof startProductionServer>>
  let browserContext: BrowserContext
  let conversation: string
  let others: string[]
  group.setup(async () => {
    server = await startProductionServer(env.get('PORT', 3334) + 105)
    return () => server.stop()
  })

  async function signIn(browser: Browser) {
    const field = await FieldFactory.create()
    const [me, other] = await UserFactory.merge({ locale: 'zh-CN' }).createMany(2)
    await IdentityFactory.merge({ userId: me.id, fieldId: field.id }).create()
    await IdentityFactory.apply('certifiedMaster')
      .merge({ userId: other.id, fieldId: field.id })
      .create()
    const { id } = await chatService.directConversation(me.id, other.id)
    for (let index = 1; index <= 40; index++) {
      const body =
        index % 5 ? `第 ${index} 条消息` : `作品在这里 https://example.com/works/${index}`
      await chatService.send(id, index % 2 ? me.id : other.id, crypto.randomUUID(), body)
    }
    conversation = `/messages/${id}`
    others = [
      '/dashboard',
      `/users/${other.id}`,
      `/fields/${field.slug}`,
      '/settings/tokens',
      '/messages',
    ]
    const storageState = await signedInState(browser, server.url, me.email)
    browserContext = await browser.newContext({ locale: 'zh-CN', storageState })
    return async () => {
      await browserContext.close()
      await db.from('conversations').where('id', id).delete()
      await db.from('users').whereIn('id', [me.id, other.id]).delete()
      await db.from('fields').where('id', field.id).delete()
    }
  }

  test('the conversation page and the pages around it pass axe (blocking time logged)', async ({
    browser,
    assert,
    cleanup,
  }) => {
    cleanup(await signIn(browser))
    const page = await browserContext.newPage()
    await page.goto(`${server.url}${conversation}`)
    await page.locator('.chat[data-live]').waitFor()
    assert.deepEqual(await axeViolations(page), [], conversation)
    for (const path of others) {
      await page.goto(`${server.url}${path}`)
      assert.deepEqual(await axeViolations(page), [], path)
    }
    await page.close()

    // warm (compiled code, cached assets), then the median of three loads each
    const median = async (url: string, ready: (opened: Page) => Promise<unknown>) => {
      await blockingTime(browserContext, url, ready)
      const times = []
      for (let run = 0; run < 3; run++) times.push(await blockingTime(browserContext, url, ready))
      return times.sort((a, b) => a - b)[1]
    }
    const dashboard = await median(`${server.url}/dashboard`, async () => {})
    const chat = await median(`${server.url}${conversation}`, (opened) =>
      opened.locator('.chat[data-live]').waitFor()
    )
    console.info(
      `  total blocking time (4× CPU): dashboard ${dashboard} ms, conversation ${chat} ms`
    )
  }).timeout(180_000)
})
