import { test } from '@japa/runner'
import { brotliCompressSync, constants as zlib } from 'node:zlib'
import db from '@adonisjs/lucid/services/db'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startProductionServer } from '#tests/helpers/production_server'
import { signedInState } from '#tests/helpers/page_weight'
import { screenshotPath } from '#tests/helpers/browser'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import { seedDemoWorks } from '#database/demo/demo_works'
import PortfolioItem from '#identity/models/portfolio_item'
import { portfolioStore } from '#identity/services/portfolio_store'
import env from '#start/env'

/**
 * A slow link as Chromium's DevTools emulate it: 400 kbps down and up, 400 ms
 * added to every request. The link sets these figures, not the CPU: a page is
 * ~8 KB of compressed HTML (160 ms at this rate) and paints ~30 ms after its
 * last byte on this box, so the goals below are the goals, with no margin.
 */
const SLOW_LINK = {
  offline: false,
  latency: 400,
  downloadThroughput: 50_000,
  uploadThroughput: 50_000,
}
/** Issue 9 §5: largest paint of a text page, and of a page whose largest paint is an image. */
const TEXT_GOAL_MS = 900
const IMAGE_GOAL_MS = 1500
/**
 * Loads per page, judged by their median: one load slowed by another test run
 * on this 2-core box does not decide, a slow page (all three loads) still fails.
 */
const LOADS = 3

type StorageState = Awaited<ReturnType<typeof signedInState>>
type LargestPaint = { ms: number; tag: string }

async function slowLink(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', SLOW_LINK)
  return cdp
}

/**
 * The page's `largest-contentful-paint` so far (buffered): when, and which
 * element. Browser code as text: the tests compile without the DOM types.
 */
const LARGEST_PAINT = `new Promise((resolve) => {
  new PerformanceObserver((list) => {
    const last = list.getEntries().at(-1)
    resolve({ ms: last.startTime, tag: last.element ? last.element.tagName : '' })
  }).observe({ type: 'largest-contentful-paint', buffered: true })
})`
/** The page background the stylesheet gives (--bg), not the browser's default. */
const BACKGROUND = 'getComputedStyle(document.body).backgroundColor'

/** What a load showed: its largest paint, the stylesheet inline or linked, and whether it was styled. */
async function observe(page: Page) {
  return {
    paint: (await page.evaluate(LARGEST_PAINT)) as LargestPaint,
    inlineStyles: await page.locator('head style').count(),
    // a print stylesheet never blocks rendering: it fetches the file for the next page
    linkedSheets: await page.locator('head link[rel=stylesheet]:not([media=print])').count(),
    background: (await page.evaluate(BACKGROUND)) as string,
  }
}

/** A new browser context (empty cache) on the slow link, collecting console errors (CSP refusals show there). */
async function freshVisitor(browser: Browser, storageState?: StorageState) {
  const context = await browser.newContext({ locale: 'zh-CN', storageState })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()))
  page.on('pageerror', (error) => problems.push(error.message))
  const cdp = await slowLink(context, page)
  return { context, page, problems, cdp }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]
const goalFor = (paint: LargestPaint) => (paint.tag === 'IMG' ? IMAGE_GOAL_MS : TEXT_GOAL_MS)
const UNSTYLED = ['rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)']

test.group('First paint on a slow link (production build, first visit)', (group) => {
  let server: Awaited<ReturnType<typeof startProductionServer>>
  const paths = new Map<string, string>()
  let signedIn: StorageState

  group.setup(async () => {
    server = await startProductionServer(env.get('PORT', 3334) + 101)
    return () => server.stop()
  })

  /** Pages to visit, made once with the suite's browser: the chat page needs two users talking. */
  let prepared: Promise<void> | undefined
  let identityId: number | undefined
  const prepare = (browser: Browser) => (prepared ??= makePages(browser))

  async function makePages(browser: Browser) {
    // 林师傅 of the demo data: a certified master showing three works
    const field = await FieldFactory.create()
    const master = await UserFactory.merge({ displayName: '林师傅', locale: 'zh-CN' }).create()
    const identity = await IdentityFactory.merge({ userId: master.id, fieldId: field.id })
      .apply('certifiedMaster')
      .create()
    identityId = identity.id
    master.defaultIdentityId = identity.id
    await master.save()
    await seedDemoWorks('master@example.com:ceramics:master', identity.id, db.connection())
    const apprentice = await UserFactory.merge({ locale: 'zh-CN' }).create()

    // the apprentice writes to the master (without JavaScript: the forms post)
    const writer = await signedInState(browser, server.url, apprentice.email)
    const context = await browser.newContext({ storageState: writer, javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${server.url}/users/${master.id}`)
    await page.locator('form.profile-message button').click()
    await page.waitForURL(/\/messages\/\d+$/)
    const conversation = new URL(page.url()).pathname
    await page.locator('textarea[name=body]').fill('师傅好，想请教拉坯的手法。')
    await page.locator('form.chat-form button[type=submit]').click()
    await page.waitForURL(`**${conversation}#m*`)
    await context.close()

    signedIn = await signedInState(browser, server.url, master.email)
    paths.set('home', '/')
    paths.set('login', '/login')
    paths.set('field page', `/fields/${field.slug}`)
    paths.set('public profile', `/users/${master.id}`)
    paths.set('portfolio', '/portfolio')
    paths.set('dashboard', '/dashboard')
    paths.set('chat', conversation)

    // a server that has run for a while: templates compiled, assets compressed (done once per process)
    for (const path of ['/', `/fields/${field.slug}`, `/users/${master.id}`]) {
      await fetch(`${server.url}${path}`)
    }
    for (const site of ['none', 'same-origin']) {
      const login = await fetch(`${server.url}/login`, { headers: { 'sec-fetch-site': site } })
      const html = await login.text()
      for (const [, asset] of html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)) {
        await fetch(`${server.url}${asset}`, { headers: { 'accept-encoding': 'br' } })
      }
    }
  }

  group.teardown(async () => {
    if (identityId === undefined) return
    for (const work of await PortfolioItem.query().where('identityId', identityId)) {
      await portfolioStore.remove(work.imageKey)
    }
  })

  test('{page}: largest paint within the goal, stylesheet inline ({who})')
    .with([
      { page: 'home', who: 'guest' },
      { page: 'login', who: 'guest' },
      { page: 'field page', who: 'guest' },
      { page: 'public profile', who: 'guest', image: true },
      { page: 'portfolio', who: 'signed in' },
      { page: 'dashboard', who: 'signed in' },
      { page: 'chat', who: 'signed in' },
    ])
    .run(async ({ browser, assert }, { page: name, who, image }) => {
      await prepare(browser)
      const url = `${server.url}${paths.get(name)}`
      const paints: LargestPaint[] = []
      for (let load = 0; load < LOADS; load++) {
        const visitor = await freshVisitor(browser, who === 'guest' ? undefined : signedIn)
        await visitor.page.goto(url, { waitUntil: 'load' })
        assert.notInclude(visitor.page.url(), '/login?', 'not sent to the login form')
        const seen = await observe(visitor.page)
        paints.push(seen.paint)
        assert.equal(seen.inlineStyles, 1, 'a first visit gets the stylesheet inline')
        assert.equal(seen.linkedSheets, 0, 'and no render-blocking stylesheet')
        assert.notInclude(UNSTYLED, seen.background, 'the page is styled')
        assert.deepEqual(visitor.problems, [], 'no console error (a refused inline style is one)')
        if (name === 'public profile' && load === 0) {
          await visitor.page.screenshot({
            path: screenshotPath('first-paint-profile'),
            fullPage: true,
          })
        }
        await visitor.context.close()
      }
      const ms = median(paints.map((paint) => paint.ms))
      const typical = paints.find((paint) => paint.ms === ms)!
      console.info(
        `  ${name}: LCP ${paints.map((paint) => `${Math.round(paint.ms)}`).join(' / ')} ms (${typical.tag}), goal ${goalFor(typical)} ms`
      )
      if (image) assert.equal(typical.tag, 'IMG', 'the largest paint is the first work')
      assert.isAtMost(ms, goalFor(typical))
    })
    .timeout(90_000)

  test('the next page links the stylesheet and takes it from the cache')
    .run(async ({ browser, assert }) => {
      const visitor = await freshVisitor(browser)
      await visitor.page.goto(`${server.url}/`, { waitUntil: 'networkidle' })
      assert.equal(await visitor.page.locator('head style').count(), 1)

      // the next page's stylesheet requests, and those answered from the memory or disk cache
      const sheets = new Map<string, string>()
      const cached = new Set<string>()
      visitor.cdp.on('Network.requestWillBeSent', ({ requestId, request, type }) => {
        if (type === 'Stylesheet') sheets.set(requestId, request.url)
      })
      visitor.cdp.on('Network.requestServedFromCache', ({ requestId }) => cached.add(requestId))
      visitor.cdp.on('Network.responseReceived', ({ requestId, response }) => {
        if (response.fromDiskCache || response.fromPrefetchCache) cached.add(requestId)
      })
      // a link on the page: a same-origin navigation, as a visitor's click
      await visitor.page.locator(`a[href="/login"]`).first().click()
      await visitor.page.waitForURL(`${server.url}/login`)
      await visitor.page.waitForLoadState('load')
      const seen = await observe(visitor.page)
      await visitor.page.screenshot({ path: screenshotPath('first-paint-next-login') })
      console.info(`  / → /login: LCP ${Math.round(seen.paint.ms)} ms (${seen.paint.tag})`)

      assert.equal(seen.inlineStyles, 0, 'no inline copy on the next page')
      assert.equal(seen.linkedSheets, 1)
      assert.equal(sheets.size, 1)
      for (const [requestId, url] of sheets) {
        assert.isTrue(cached.has(requestId), `${url} came from the cache`)
      }
      assert.notInclude(UNSTYLED, seen.background)
      assert.deepEqual(visitor.problems, [])
      assert.isAtMost(seen.paint.ms, TEXT_GOAL_MS)
      await visitor.context.close()
    })
    .timeout(60_000)

  test('the page cache answers a visit from {from} with its own copy (sheet inline: {inline})')
    .with([
      { from: 'another site', site: 'cross-site', inline: true },
      { from: 'a typed address', site: 'none', inline: true },
      { from: 'our own page', site: 'same-origin', inline: false },
    ])
    .run(async ({ assert }, { site, inline }) => {
      const get = () =>
        fetch(`${server.url}/`, { headers: { 'sec-fetch-site': site, 'accept-encoding': 'br' } })
      await get()
      const again = await get()
      const html = await again.text()
      assert.equal(again.headers.get('x-page-cache'), 'hit')
      assert.include(again.headers.get('vary')!, 'Sec-Fetch-Site')
      assert.equal(/<style>/.test(html), inline)
      assert.equal(/<link rel="stylesheet" (?![^>]*media="print")/.test(html), !inline)
      assert.match(again.headers.get('content-security-policy')!, /style-src [^;]*'sha256-/)
    })

  test('the built script and stylesheet are sent precompressed at the strongest setting').run(
    async ({ assert }) => {
      const page = await fetch(`${server.url}/login`, {
        headers: { 'sec-fetch-site': 'same-origin' },
      })
      const html = await page.text()
      const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[\w-]+\.(?:css|js))"/g)].map(
        ([, path]) => path
      )
      assert.lengthOf(new Set(assets), 2)
      for (const path of new Set(assets)) {
        const plain = await fetch(`${server.url}${path}`, {
          headers: { 'accept-encoding': 'identity' },
        })
        const body = Buffer.from(await plain.arrayBuffer())
        const br = await fetch(`${server.url}${path}`, {
          headers: { 'accept-encoding': 'gzip, br' },
        })
        assert.equal(br.headers.get('content-encoding'), 'br')
        assert.equal(br.headers.get('cache-control'), 'public, max-age=31536000, immutable')
        assert.equal(
          Number(br.headers.get('content-length')),
          brotliCompressSync(body, {
            params: {
              [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
              [zlib.BROTLI_PARAM_QUALITY]: 11,
              [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          }).length,
          `${path} as brotli 11`
        )
        const again = await fetch(`${server.url}${path}`, {
          headers: { 'accept-encoding': 'br', 'if-none-match': br.headers.get('etag')! },
        })
        assert.equal(again.status, 304)
      }
    }
  )
})
