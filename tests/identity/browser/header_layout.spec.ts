import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import type { Browser, Page } from 'playwright-core'
import User from '#identity/models/user'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import { fieldCatalogue } from '#identity/index'
import { baseUrl, screenshotPath, uiText } from '#tests/helpers/browser'
import { signedInState } from '#tests/helpers/page_weight'

type Locale = 'zh-CN' | 'en'

/** A signed-in page in that language (the account's) and width. */
async function signedInPage(
  browser: Browser,
  email: string,
  locale: Locale,
  width: number,
  cleanup: (close: () => Promise<void>) => void,
  permissions: string[] = []
) {
  const user = await User.findByOrFail('email', email)
  user.locale = locale
  await user.save()
  const storageState = await signedInState(browser, baseUrl, email)
  const context = await browser.newContext({
    locale,
    storageState,
    viewport: { width, height: 800 },
    extraHTTPHeaders: { 'Accept-Language': locale },
    permissions,
  })
  // closed even when an assertion fails: an open page keeps its live stream, and the server waits for it
  cleanup(() => context.close())
  const page = await context.newPage()
  return { context, page }
}

/*
| The functions given to page.evaluate run in the page: its globals are
| reached through `globalThis` (the tests are compiled without the DOM types).
*/

/** Elements (by selector) whose box reaches past their container's, or whose text is cut. */
function clipped(page: Page, selector: string, container: string) {
  return page.evaluate(
    ([sel, box]) => {
      const doc = (globalThis as any).document
      const outer = doc.querySelector(box).getBoundingClientRect()
      return [...doc.querySelectorAll(sel)]
        .filter((element: any) => {
          const rect = element.getBoundingClientRect()
          return (
            rect.left < outer.left - 0.5 ||
            rect.right > outer.right + 0.5 ||
            rect.right > doc.documentElement.clientWidth ||
            element.scrollWidth > element.clientWidth + 1
          )
        })
        .map((element: any) => String(element.textContent).trim())
    },
    [selector, container]
  )
}

/** How much of its longest option's label the closed select can show (1: all of it). */
function shownShareOfLongestOption(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const { document: doc, getComputedStyle } = globalThis as any
    const select = doc.querySelector(sel)
    const style = getComputedStyle(select)
    const canvas = doc.createElement('canvas').getContext('2d')
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
    const widths = [...select.options].map((o: any) => canvas.measureText(o.text).width as number)
    // room for the text: the box less its padding (the arrow is drawn in the end padding)
    const room =
      select.clientWidth -
      Number.parseFloat(style.paddingLeft) -
      Number.parseFloat(style.paddingRight)
    return Math.min(1, room / Math.max(...widths))
  }, selector)
}

test.group('Header and settings layout', (group) => {
  let email: string
  let userId: number
  let ceramicsLabel: Record<Locale, string>
  group.setup(async () => {
    await limiter.clear()
    const stamp = Date.now()
    const ceramics = await FieldFactory.merge({
      slug: `ceramics-${stamp}`,
      nameZh: '陶艺',
      nameEn: 'Ceramics',
    }).create()
    const calligraphy = await FieldFactory.merge({
      slug: `calligraphy-${stamp}`,
      nameZh: '书法',
      nameEn: 'Calligraphy',
    }).create()
    fieldCatalogue.forget()
    const user = await UserFactory.merge({ displayName: '林师傅 Lin', locale: 'zh-CN' }).create()
    const master = await IdentityFactory.apply('certifiedMaster')
      .merge({ userId: user.id, fieldId: ceramics.id })
      .create()
    await IdentityFactory.merge({ userId: user.id, fieldId: calligraphy.id }).create()
    user.defaultIdentityId = master.id
    await user.save()
    email = user.email
    userId = user.id
    ceramicsLabel = {
      'zh-CN': `陶艺 · ${uiText('zh-CN', 'identity', 'status.certified')}`,
      'en': `Ceramics · ${uiText('en', 'identity', 'status.certified')}`,
    }
    return async () => {
      await db.from('users').where('id', userId).delete()
      await db.from('fields').whereIn('id', [ceramics.id, calligraphy.id]).delete()
      fieldCatalogue.forget()
    }
  })

  test('arrow keys on the identity switcher do not switch; the button does', async ({
    browser,
    assert,
    cleanup,
  }) => {
    const { page } = await signedInPage(browser, email, 'zh-CN', 1280, cleanup)
    const switches: string[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/identity/switch')) {
        switches.push(request.url())
      }
    })
    await page.goto(`${baseUrl}/dashboard`)
    const select = page.getByLabel(uiText('zh-CN', 'identity', 'switcher_label'))
    await select.focus()
    for (const key of ['ArrowDown', 'ArrowUp', 'ArrowDown']) await select.press(key)
    // a change event fired for each key: none may submit
    await page.evaluate(
      () => new Promise((resolve) => (globalThis as any).requestAnimationFrame(resolve))
    )
    assert.deepEqual(switches, [])

    await select.selectOption({ label: `书法 · ${uiText('zh-CN', 'identity', 'status.active')}` })
    assert.deepEqual(switches, [])
    // listened for before the click: a quick answer could otherwise come before the wait
    const dashboard = page.waitForResponse((response) => response.url().endsWith('/dashboard'))
    await page
      .locator('.identity-switcher')
      .getByRole('button', { name: uiText('zh-CN', 'identity', 'switch') })
      .click()
    await dashboard
    assert.lengthOf(switches, 1)
  })

  test('at {width}px in {locale} the switcher shows whole labels and no settings tab is cut')
    .with([
      { locale: 'zh-CN' as const, width: 360 },
      { locale: 'en' as const, width: 360 },
      { locale: 'zh-CN' as const, width: 1280 },
      { locale: 'en' as const, width: 1280 },
    ])
    .run(async ({ browser, assert, cleanup }, { locale, width }) => {
      const { page } = await signedInPage(browser, email, locale, width, cleanup)
      await page.goto(`${baseUrl}/settings/profile`)
      await page.screenshot({ path: screenshotPath(`header-settings-${locale}-${width}`) })
      const labels = await page.locator('#identity-select option').allTextContents()
      assert.include(labels, ceramicsLabel[locale])
      assert.isAtLeast(await shownShareOfLongestOption(page, '#identity-select'), 1)
      assert.deepEqual(
        await clipped(
          page,
          '.identity-switcher > select, .identity-switcher > button',
          '.header-row'
        ),
        []
      )
      assert.deepEqual(await clipped(page, '.tabs a', '.tabs'), [])
      // nothing makes the page scroll sideways
      assert.isAtMost(
        await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth),
        width
      )
    })

  test(
    'a new token: a toast that leaves the language switch free, a copy button, a confirmed revoke ({width}px)'
  )
    .with([{ width: 360 }, { width: 1280 }])
    .run(async ({ browser, assert, cleanup }, { width }) => {
      const t = (path: string) => uiText('en', 'tokens', path)
      const { page } = await signedInPage(browser, email, 'en', width, cleanup, [
        'clipboard-read',
        'clipboard-write',
      ])
      await page.goto(`${baseUrl}/settings/tokens`)
      await page.getByLabel(t('name'), { exact: true }).fill(`Sync ${width}`)
      await page.getByLabel(`profile:read · ${t('scope.profile:read')}`).check()
      await page.getByRole('button', { name: t('create') }).click()
      const toast = page.locator('.toast', { hasText: t('created') })
      await toast.waitFor()

      // scrolled to the end, the footer's language switch is clear of the toast
      await page.evaluate(() => {
        const view = globalThis as any
        view.scrollTo(0, view.document.documentElement.scrollHeight)
      })
      const [toastBox, switchBox] = await Promise.all([
        toast.boundingBox(),
        page.locator('.locale-form').boundingBox(),
      ])
      assert.isTrue(
        toastBox!.y >= switchBox!.y + switchBox!.height ||
          toastBox!.y + toastBox!.height <= switchBox!.y,
        `the toast ${JSON.stringify(toastBox)} covers the language switch ${JSON.stringify(switchBox)}`
      )
      await page.screenshot({ path: screenshotPath(`tokens-toast-footer-${width}`) })

      // the copy button puts the value on the clipboard
      const value = await page.getByLabel(t('new_value'), { exact: true }).inputValue()
      await page.getByRole('button', { name: t('copy') }).click()
      await page.getByText(t('copied')).waitFor()
      assert.equal(
        await page.evaluate(() => (globalThis as any).navigator.clipboard.readText()),
        value
      )

      // revoking asks first
      const item = page.locator('.session-list > li', { hasText: `Sync ${width}` })
      await item.getByText(t('revoke'), { exact: true }).click()
      const dialog = page.getByRole('dialog', {
        name: t('revoke_title').replace('{name}', `Sync ${width}`),
      })
      await dialog.waitFor()
      await page.screenshot({ path: screenshotPath(`tokens-revoke-dialog-${width}`) })
      await dialog.getByRole('button', { name: `${t('revoke_confirm')}: Sync ${width}` }).click()
      await page.locator('.toast', { hasText: t('revoked') }).waitFor()
      assert.equal(
        await page.locator('.session-list > li', { hasText: `Sync ${width}` }).count(),
        0
      )
    })
})
