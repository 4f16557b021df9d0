import { test } from '@japa/runner'
import sharp from 'sharp'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import mail from '@adonisjs/mail/services/main'
import limiter from '@adonisjs/limiter/services/main'
import AccountMail from '#identity/mails/account_mail'
import { baseUrl, screenshotPath, uiText } from '#tests/helpers/browser'
import { workQueuedJobs } from '#tests/helpers'

type Locale = 'zh-CN' | 'en'

/** The link of the newest account mail of that kind to that address, once its job has run. */
async function linkFrom(
  fake: ReturnType<typeof mail.fake>,
  kind: AccountMail['kind'],
  email: string
) {
  await workQueuedJobs()
  const found = fake.mails
    .sent(
      (sent) => sent instanceof AccountMail && sent.kind === kind && sent.recipient.email === email
    )
    .at(-1) as AccountMail | undefined
  if (!found) throw new Error(`no ${kind} mail sent to ${email}`)
  return found.link
}

const journeys: { locale: Locale; width: number }[] = [
  { locale: 'zh-CN', width: 360 },
  { locale: 'zh-CN', width: 1280 },
  { locale: 'en', width: 360 },
  { locale: 'en', width: 1280 },
]

test.group('Account journey', (group) => {
  let fake: ReturnType<typeof mail.fake>
  group.each.setup(async () => {
    // every journey comes from 127.0.0.1: give each its own sign-up and reset budget
    await limiter.clear()
    fake = mail.fake()
    return () => mail.restore()
  })

  test(
    'a visitor signs up, verifies, logs in, edits the profile, logs out and resets the password ({locale}, {width}px)'
  )
    .with(journeys)
    .run(async ({ visit, browserContext, assert }, { locale, width }) => {
      const t = (file: string, path: string) => uiText(locale, file, path)
      const shot = (step: string) => screenshotPath(`account-${locale}-${width}-${step}`)
      const email = `journey-${locale.toLowerCase()}-${width}-${Date.now()}@example.com`

      // a browser set to Chinese; the English journey switches with the footer's language form
      await browserContext.setExtraHTTPHeaders({ 'Accept-Language': 'zh-CN,zh;q=0.9' })
      const page = await visit(`${baseUrl}/`)
      await page.setViewportSize({ width, height: 900 })
      if (locale === 'en') {
        await page.getByLabel(uiText('zh-CN', 'app', 'language')).selectOption('en')
        await page.getByRole('button', { name: uiText('zh-CN', 'app', 'switch_language') }).click()
      }
      await page.screenshot({ path: shot('1-home'), fullPage: true })

      await page.goto(`${baseUrl}/signup`)
      await page.getByLabel(t('auth', 'display_name'), { exact: true }).fill('陶小艺')
      await page.getByLabel(t('auth', 'email'), { exact: true }).fill(email)
      await page.getByLabel(t('auth', 'password'), { exact: true }).fill('first-password-1')
      await page.screenshot({ path: shot('2-signup'), fullPage: true })
      await page.getByRole('button', { name: t('auth', 'signup_submit') }).click()
      await page.getByRole('heading', { name: t('auth', 'check_inbox_title') }).waitFor()

      await page.goto(await linkFrom(fake, 'verify_email', email))
      await page.getByText(t('auth', 'verify.done')).waitFor()
      await page.screenshot({ path: shot('3-verified'), fullPage: true })

      await page.getByLabel(t('auth', 'email'), { exact: true }).fill(email)
      await page.getByLabel(t('auth', 'password'), { exact: true }).fill('first-password-1')
      await page.getByRole('button', { name: t('auth', 'login') }).click()
      await page.getByText(t('auth', 'welcome_back').replace('{name}', '陶小艺')).waitFor()

      const avatar = `${tmpdir()}/journey-avatar-${Date.now()}.png`
      writeFileSync(
        avatar,
        await sharp({ create: { width: 300, height: 200, channels: 3, background: '#b45309' } })
          .png()
          .toBuffer()
      )
      await page.goto(`${baseUrl}/settings/profile`)
      await page.getByLabel(t('auth', 'display_name'), { exact: true }).fill('陶艺学徒 Tao')
      await page
        .getByLabel(t('settings', 'profile.bio'), { exact: true })
        .fill('喜欢拉坯 / I love throwing pots')
      await page.getByLabel(t('settings', 'profile.avatar'), { exact: true }).setInputFiles(avatar)
      await page.getByRole('button', { name: t('settings', 'profile.save') }).click()
      await page.getByText(t('settings', 'profile.saved')).waitFor()
      const image = page.locator('.avatar-row img')
      await image.waitFor()
      assert.match((await image.getAttribute('src')) ?? '', /^\/avatars\/[0-9a-f-]{36}\?s=64$/)
      await page.screenshot({ path: shot('4-profile-saved'), fullPage: true })

      await page.locator('summary', { hasText: '陶艺学徒 Tao' }).click()
      await page.getByRole('button', { name: t('auth', 'logout') }).click()
      await page.getByText(t('auth', 'logged_out')).waitFor()

      await page.getByRole('link', { name: t('auth', 'forgot') }).click()
      await page.getByLabel(t('auth', 'email'), { exact: true }).fill(email)
      await page.getByRole('button', { name: t('auth', 'reset.send') }).click()
      await page.getByText(t('auth', 'reset.sent')).waitFor()
      await page.goto(await linkFrom(fake, 'reset_password', email))
      await page
        .getByLabel(t('auth', 'reset.new_password'), { exact: true })
        .fill('second-password-2')
      await page
        .getByLabel(t('auth', 'reset.confirm_password'), { exact: true })
        .fill('second-password-2')
      await page.screenshot({ path: shot('5-reset'), fullPage: true })
      await page.getByRole('button', { name: t('auth', 'reset.submit') }).click()
      await page.getByText(t('auth', 'reset.done')).waitFor()

      await page.getByLabel(t('auth', 'email'), { exact: true }).fill(email)
      await page.getByLabel(t('auth', 'password'), { exact: true }).fill('second-password-2')
      await page.getByRole('button', { name: t('auth', 'login') }).click()
      await page.getByText(t('auth', 'welcome_back').replace('{name}', '陶艺学徒 Tao')).waitFor()
      await page.screenshot({ path: shot('6-logged-in-again'), fullPage: true })

      await page.goto(`${baseUrl}/settings/account`)
      await page
        .getByRole('heading', { name: t('settings', 'account.title'), exact: true })
        .waitFor()
      await page.screenshot({ path: shot('7-account'), fullPage: true })
      await page.goto(`${baseUrl}/settings/sessions`)
      await page.getByText(t('settings', 'sessions.current')).waitFor()
      await page.screenshot({ path: shot('8-sessions'), fullPage: true })
      await page.goto(`${baseUrl}/no/such/page`)
      await page.getByRole('heading', { name: t('errors', '404.title') }).waitFor()
      await page.screenshot({ path: shot('9-not-found'), fullPage: true })
    })
    .timeout(90_000)
})
