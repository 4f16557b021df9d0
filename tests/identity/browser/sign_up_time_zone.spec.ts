import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import User from '#identity/models/user'
import { baseUrl, uiText } from '#tests/helpers/browser'

const zh = (file: string, path: string) => uiText('zh-CN', file, path)

test.group('Sign-up time zone', (group) => {
  group.each.setup(() => limiter.clear())

  test('the browser’s time zone is kept at sign-up (a CSP-safe component fills it in)', async ({
    browser,
    assert,
    cleanup,
  }) => {
    const email = `zone-${Date.now()}@example.com`
    cleanup(async () => {
      await db.from('users').where('email', email).delete()
    })
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'America/Los_Angeles' })
    cleanup(() => context.close())
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()))
    await page.goto(`${baseUrl}/signup`)
    await page.getByLabel(zh('auth', 'display_name'), { exact: true }).fill('洛城小林')
    await page.getByLabel(zh('auth', 'email'), { exact: true }).fill(email)
    await page.getByLabel(zh('auth', 'password'), { exact: true }).fill('a fine password')
    await page.getByRole('button', { name: zh('auth', 'signup_submit') }).click()
    await page.getByRole('heading', { name: zh('auth', 'check_inbox_title') }).waitFor()
    const user = await User.findByOrFail('email', email)
    assert.equal(user.timeZone, 'America/Los_Angeles')
    assert.deepEqual(problems, [])
  })
})
