import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { baseUrl, screenshotPath, uiText } from '#tests/helpers/browser'
import { signedInState } from '#tests/helpers/page_weight'
import { learningStory } from '#tests/courses/learning_story'

type Locale = 'zh-CN' | 'en'

/**
 * The learning pages as people see them, in both languages: my learning, the
 * certificate on paper (print media: no header or footer, A4 landscape), its
 * public verification, and the master's analytics at 360 px and on a desk.
 * Screenshots in tests/screenshots/learning-*.png.
 */
test.group('Courses: learning pages in the browser', () => {
  test('a learner prints their certificate and anyone verifies it ({locale})')
    .with<{ locale: Locale }[]>([{ locale: 'zh-CN' }, { locale: 'en' }])
    .run(async ({ browser, assert, cleanup }, { locale }) => {
      const story = await learningStory(locale)
      cleanup(() => removeStory(story.users))
      const t = (path: string) => uiText(locale, 'courses_learning', path)
      const shot = (name: string) => screenshotPath(`learning-${locale}-${name}`)

      const storageState = await signedInState(browser, baseUrl, story.learner.email)
      const context = await browser.newContext({ locale, storageState })
      cleanup(() => context.close())
      const page = await context.newPage()
      await page.setViewportSize({ width: 1280, height: 900 })

      await page.goto(`${baseUrl}/learning`)
      await page.screenshot({ path: shot('my-learning'), fullPage: true })
      await page.getByRole('link', { name: t('view_certificate') }).click()
      await page.waitForURL(`**/learning/${story.certificate.id}/certificate`)
      // the print button shows once its script ran
      await page.getByRole('button', { name: t('certificate.print') }).waitFor()
      await page.screenshot({ path: shot('certificate'), fullPage: true })

      await page.emulateMedia({ media: 'print' })
      assert.isFalse(await page.locator('.site-header').isVisible())
      assert.isFalse(await page.locator('.site-footer').isVisible())
      assert.isFalse(await page.locator('.certificate-actions').isVisible())
      assert.isTrue(await page.locator('.certificate').isVisible())
      await page.screenshot({ path: shot('certificate-print'), fullPage: true })
      const pdf = await page.pdf({ preferCSSPageSize: true })
      assert.isAbove(pdf.length, 1000)
      await page.emulateMedia({ media: 'screen' })

      // the verification address printed on it, opened by someone with no account
      const address = await page.locator('.certificate-verify a').getAttribute('href')
      const guest = await browser.newContext({ locale })
      cleanup(() => guest.close())
      const verification = await guest.newPage()
      await verification.goto(address!.replace(/^https?:\/\/[^/]+/, baseUrl))
      await verification.getByText(t('certificate.valid')).waitFor()
      await verification.screenshot({ path: shot('verification'), fullPage: true })
    })
    .timeout(60_000)

  test('the master reads the analytics of their course ({locale}, {width}px)')
    .with<{ locale: Locale; width: number }[]>([
      { locale: 'zh-CN', width: 1280 },
      { locale: 'en', width: 1280 },
      { locale: 'zh-CN', width: 360 },
    ])
    .run(async ({ browser, assert, cleanup }, { locale, width }) => {
      const story = await learningStory(locale)
      cleanup(() => removeStory(story.users))
      await db.from('users').where('id', story.masterUser.id).update({ locale })
      const t = (path: string) => uiText(locale, 'courses_learning', path)

      const storageState = await signedInState(browser, baseUrl, story.masterUser.email)
      const context = await browser.newContext({ locale, storageState })
      cleanup(() => context.close())
      const page = await context.newPage()
      await page.setViewportSize({ width, height: 900 })
      await page.goto(`${baseUrl}/teach/courses/${story.course.id}/analytics`)
      await page.getByRole('img', { name: t('analytics.reach_title') }).waitFor()
      // enrollments, drop-off, quiz pass rates, the quiz's hardest questions, the rating trend
      assert.equal(await page.locator('svg.chart').count(), 5)
      // nothing wider than the screen
      const overflow = await page.evaluate(() => {
        const root = (globalThis as any).document.documentElement
        return root.scrollWidth - root.clientWidth
      })
      assert.isAtMost(overflow, 0)
      await page.screenshot({
        path: screenshotPath(`learning-${locale}-${width}-analytics`),
        fullPage: true,
      })
      await page.getByRole('link', { name: t('analytics.per.week') }).click()
      await page.waitForURL('**/analytics?period=week')
      assert.equal(await page.locator('.analytics-table').first().locator('tbody tr').count(), 26)
    })
    .timeout(60_000)
})

async function removeStory(users: number[]) {
  const fields = await db.from('identities').whereIn('user_id', users).distinct('field_id')
  await db.from('users').whereIn('id', users).delete()
  await db
    .from('fields')
    .whereIn(
      'id',
      fields.map((row) => row.field_id)
    )
    .delete()
}
