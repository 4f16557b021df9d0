import { test } from '@japa/runner'
import { liveNotifications } from '#realtime/services/live_notifications'
import limiter from '@adonisjs/limiter/services/main'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { notificationService } from '#realtime/index'
import { baseUrl, screenshotPath, uiText } from '#tests/helpers/browser'
import { eventually } from '#tests/realtime/ws_client'

const zh = (file: string, path: string) => uiText('zh-CN', file, path)

/**
 * The bell in a real browser: a notification arrives live as a toast and a
 * badge; when the connection drops, what was created meanwhile is fetched on
 * reconnect (by id) and shown once each, in order.
 */
test.group('Live notifications in the browser', (group) => {
  group.each.setup(() => limiter.clear())

  test('live toast and badge; after a dropped connection the missed ones arrive once each', async ({
    browser,
    assert,
    cleanup,
  }) => {
    const user = await UserFactory.merge({ locale: 'zh-CN', displayName: '小林' }).create()
    cleanup(() => user.delete())
    const notify = (reason: string) =>
      notificationService.notify(user.id, 'certification.rejected', {
        fieldNameZh: '陶艺',
        fieldNameEn: 'Ceramics',
        reason,
      })
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 360, height: 740 },
    })
    try {
      const page = await context.newPage()
      const toasts: string[] = []
      await page.exposeFunction('toastShown', (text: string) => toasts.push(text))
      // every live toast the page shows, in order (they replace each other on screen)
      await page.addInitScript({
        content: `new MutationObserver((changes) => changes.forEach((change) =>
          change.addedNodes.forEach((node) => node.classList?.contains('toast-live') && window.toastShown(node.textContent))
        )).observe(document, { childList: true, subtree: true })`,
      })
      const subscribed = () =>
        page.waitForResponse((response) => response.url().endsWith('/__transmit/subscribe'))
      await page.goto(`${baseUrl}/login`)
      await page.getByLabel(zh('auth', 'email'), { exact: true }).fill(user.email)
      await page.getByLabel(zh('auth', 'password'), { exact: true }).fill(DEFAULT_PASSWORD)
      const firstSubscription = subscribed()
      await page.getByRole('button', { name: zh('auth', 'login') }).click()
      await page.waitForURL('**/dashboard')
      await firstSubscription

      await notify('釉面太薄')
      await page.locator('.toast-live').waitFor()
      assert.equal(await page.locator('.bell-count').textContent(), '1')
      await page.screenshot({ path: screenshotPath('live-notification-toast-360') })

      // the connection drops and cannot come back for a while; five are created meanwhile
      await page.route('**/__transmit/events**', (route) => route.abort())
      liveNotifications.endStreams()
      for (let index = 1; index <= 5; index++) await notify(`错过的第${index}条`)
      const reconnected = subscribed()
      await page.unroute('**/__transmit/events**')
      await reconnected
      await page.locator('.bell-count', { hasText: /^6$/ }).waitFor()

      // one more, live: once its toast is shown, any repeat of the earlier ones would have been too
      await notify('最后一条')
      await eventually(() => toasts.some((text) => text.includes('最后一条')))
      assert.deepEqual(
        toasts.map((text) => text.match(/釉面太薄|错过的第\d条|最后一条/)?.[0]),
        [
          '釉面太薄',
          '错过的第1条',
          '错过的第2条',
          '错过的第3条',
          '错过的第4条',
          '错过的第5条',
          '最后一条',
        ]
      )
      await page.screenshot({ path: screenshotPath('live-notification-after-reconnect-360') })
    } finally {
      await context.close()
    }
  }).timeout(90_000)
})
