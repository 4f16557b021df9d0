import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { baseUrl, screenshotPath } from '#tests/helpers/browser'
import { certifiedMaster, makeCourse } from '#tests/courses/courses_helpers'

const titles = (page: import('playwright-core').Page) =>
  page.locator('#catalogue-results .course-card-title').allInnerTexts()

test.group('Catalogue filters in the browser', () => {
  test('a changed filter or a search swaps the results in place and puts them in the address', async ({
    browser,
    assert,
    cleanup,
  }) => {
    // committed rows: the test server answers the browser on its own connections
    const master = await certifiedMaster({ displayName: '林师傅' })
    cleanup(async () => {
      await db.from('users').where('id', master.user.id).delete()
      await db.from('fields').where('id', master.field.id).delete()
    })
    await makeCourse(master, { title: '陶艺零基础入门', level: 'beginner', enrollmentCount: 9000 })
    await makeCourse(master, { title: '高温釉进阶', level: 'advanced', enrollmentCount: 8999 })

    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 360, height: 800 },
    })
    cleanup(() => context.close())
    const page = await context.newPage()
    await page.goto(`${baseUrl}/courses?field=${master.field.slug}`)
    assert.sameMembers(await titles(page), ['陶艺零基础入门', '高温釉进阶'])
    // a mark on this document: gone if the browser loaded a new page instead of swapping
    await page.evaluate(() => ((globalThis as any).samePage = true))

    await page.locator('select[name=level]').selectOption('advanced')
    await page.waitForURL(/level=advanced/)
    assert.deepEqual(await titles(page), ['高温釉进阶'])
    assert.equal(new URL(page.url()).search, `?field=${master.field.slug}&level=advanced`)

    await page.locator('select[name=level]').selectOption('')
    await page.locator('input[name=q]').fill('陶艺入门')
    await page.locator('input[name=q]').press('Enter')
    await page.waitForURL(/q=/)
    assert.deepEqual(await titles(page), ['陶艺零基础入门'])
    assert.isTrue(await page.evaluate(() => (globalThis as any).samePage === true))
    await page.screenshot({ path: screenshotPath('courses-catalogue-search-360'), fullPage: true })

    // the pushed address is a page of its own (shared, reloaded)
    await page.reload()
    assert.deepEqual(await titles(page), ['陶艺零基础入门'])
    assert.equal(await page.locator('input[name=q]').inputValue(), '陶艺入门')
  }).timeout(60_000)
})
