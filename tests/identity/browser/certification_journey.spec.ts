import { test } from '@japa/runner'
import sharp from 'sharp'
import { tmpdir } from 'node:os'
import mail from '@adonisjs/mail/services/main'
import limiter from '@adonisjs/limiter/services/main'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { FieldFactory } from '#database/factories/identity_factory'
import { fieldCatalogue } from '#identity/index'
import CertificationMail from '#identity/mails/certification_mail'
import { baseUrl, screenshotPath, uiText } from '#tests/helpers/browser'
import { workQueuedJobs } from '#tests/helpers'

const zh = (file: string, path: string) => uiText('zh-CN', file, path)

/**
 * The certification journey of issue 4: a user becomes an apprentice in 书法,
 * applies as a master in 陶艺 with two evidence images, an admin approves,
 * and the user switches to the master identity and sees the master dashboard.
 */
test.group('Certification journey', (group) => {
  let fake: ReturnType<typeof mail.fake>
  group.each.setup(async () => {
    await limiter.clear()
    fieldCatalogue.forget()
    fake = mail.fake()
    return () => mail.restore()
  })

  test('apprentice in 书法 → master application in 陶艺 → approved → master dashboard', async ({
    browser,
    assert,
  }) => {
    const stamp = Date.now()
    const calligraphy = await FieldFactory.merge({
      slug: `shufa-${stamp}`,
      nameZh: '书法',
      nameEn: 'Calligraphy',
    }).create()
    const ceramics = await FieldFactory.merge({
      slug: `taoyi-${stamp}`,
      nameZh: '陶艺',
      nameEn: 'Ceramics',
    }).create()
    const user = await UserFactory.merge({ locale: 'zh-CN', displayName: '小周' }).create()
    const admin = await UserFactory.merge({
      locale: 'zh-CN',
      displayName: '审核员',
      staffRole: 'admin',
    }).create()
    const images = []
    for (const [name, colour] of [
      ['a', '#b45309'],
      ['b', '#1d4ed8'],
    ]) {
      const path = `${tmpdir()}/evidence-${stamp}-${name}.jpg`
      await sharp({ create: { width: 800, height: 600, channels: 3, background: colour } })
        .jpeg()
        .toFile(path)
      images.push(path)
    }

    const open = async (email: string, width: number) => {
      const context = await browser.newContext({
        locale: 'zh-CN',
        viewport: { width, height: 900 },
      })
      const page = await context.newPage()
      await page.goto(`${baseUrl}/login`)
      await page.getByLabel(zh('auth', 'email'), { exact: true }).fill(email)
      await page.getByLabel(zh('auth', 'password'), { exact: true }).fill(DEFAULT_PASSWORD)
      await page.getByRole('button', { name: zh('auth', 'login') }).click()
      await page.waitForURL('**/dashboard')
      return page
    }

    const page = await open(user.email, 360)
    await page.goto(`${baseUrl}/fields/${calligraphy.slug}`)
    await page.getByRole('button', { name: zh('identity', 'become_apprentice') }).click()
    await page.getByRole('heading', { name: '书法学徒工作台' }).waitFor()
    await page.screenshot({
      path: screenshotPath('certification-1-apprentice-dashboard-360'),
      fullPage: true,
    })

    await page.goto(`${baseUrl}/fields/${ceramics.slug}`)
    await page.getByRole('link', { name: zh('certification', 'apply_cta') }).click()
    await page
      .getByLabel(zh('certification', 'statement'), { exact: true })
      .fill('我学陶艺十二年，擅长拉坯与青瓷釉色，作品在本地陶艺展获奖，也教过社区陶艺课。')
    await page.getByLabel(zh('certification', 'years'), { exact: true }).fill('12')
    await page.getByLabel(zh('certification', 'evidence'), { exact: true }).setInputFiles(images)
    await page.screenshot({ path: screenshotPath('certification-2-apply-360'), fullPage: true })
    await page.getByRole('button', { name: zh('certification', 'submit') }).click()
    await page.getByText(zh('certification', 'submitted')).waitFor()
    await page.screenshot({ path: screenshotPath('certification-3-submitted-360'), fullPage: true })

    const review = await open(admin.email, 1280)
    await review.goto(`${baseUrl}/admin/certifications`)
    await review.getByRole('link', { name: '小周' }).click()
    await review.locator('.evidence-list img').first().waitFor()
    await review.screenshot({ path: screenshotPath('certification-4-review-1280'), fullPage: true })
    await review.getByRole('button', { name: zh('certification', 'approve') }).click()
    await review.getByText(zh('certification', 'decided.approve')).waitFor()
    await workQueuedJobs()
    fake.mails.assertSent(CertificationMail, (sent) => sent.recipient.email === user.email)

    await page.goto(`${baseUrl}/dashboard`)
    // with JS the switch swaps the new page in (htmx boost): the document stays the same
    await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }))
    await page
      .getByLabel(zh('identity', 'switcher_label'))
      .selectOption({ label: '陶艺 · 认证大师' })
    await page
      .locator('.identity-switcher')
      .getByRole('button', { name: zh('identity', 'switch') })
      .click()
    await page.getByRole('heading', { name: '陶艺大师工作台' }).waitFor()
    assert.isTrue(await page.evaluate(() => 'sameDocument' in globalThis))
    await page.screenshot({
      path: screenshotPath('certification-5-master-dashboard-360'),
      fullPage: true,
    })
  }).timeout(120_000)
})
