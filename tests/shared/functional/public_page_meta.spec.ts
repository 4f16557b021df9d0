import { test } from '@japa/runner'
import { appUrl } from '#config/app'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import { sitemap, sitemapCache } from '#shared/http/sitemap'
import { en, isolateEachTest } from '#tests/helpers'
import { startCachedServer } from '#tests/helpers/cached_server'

/*
| Public pages can be found and shared: a description, Open Graph tags and a
| canonical address in their language (?lang=en for English); robots.txt and
| a sitemap that other modules add their pages to. The anonymous copies come
| from the page cache, and are still purged when the page changes.
*/

const attr = (html: string, pattern: RegExp) => pattern.exec(html)?.[1]
const meta = (html: string, name: string) =>
  attr(html, new RegExp(`<meta (?:name|property)="${name}" content="([^"]*)"`))
const canonical = (html: string) => attr(html, /<link rel="canonical" href="([^"]*)"/)

let get: Awaited<ReturnType<typeof startCachedServer>>['get']

/** The anonymous page's HTML. */
async function pageHtml(path: string, language: string) {
  const reply = await get(path, { 'accept-language': language })
  return reply.text
}

test.group('Public page meta, robots.txt and the sitemap', (group) => {
  isolateEachTest(group)
  group.setup(async () => {
    const server = await startCachedServer()
    get = server.get
    return server.close
  })

  test('a field page has a description, Open Graph tags and its canonical address per language', async ({
    assert,
  }) => {
    const field = await FieldFactory.merge({
      nameEn: 'Lacquer & Gold',
      descriptionEn: 'Urushi layers,\n  gold powder and <patience>.',
      descriptionZh: '漆与金',
    }).create()
    const path = `/fields/${field.slug}`

    const english = await pageHtml(path, 'en')
    assert.equal(canonical(english), `${appUrl}${path}?lang=en`)
    assert.equal(meta(english, 'description'), 'Urushi layers, gold powder and &lt;patience&gt;.')
    assert.equal(meta(english, 'og:description'), meta(english, 'description'))
    assert.equal(meta(english, 'og:title'), 'Lacquer &amp; Gold')
    assert.equal(meta(english, 'og:url'), `${appUrl}${path}?lang=en`)
    assert.equal(meta(english, 'og:locale'), 'en_US')
    assert.include(english, `<link rel="alternate" hreflang="zh-CN" href="${appUrl}${path}" />`)

    const chinese = await pageHtml(path, 'zh-CN')
    assert.equal(canonical(chinese), `${appUrl}${path}`)
    assert.equal(meta(chinese, 'description'), '漆与金')

    // the English address names its language, whatever the browser asks for
    const named = await get(`${path}?lang=en`, { 'accept-language': 'zh-CN' })
    assert.equal(named.status, 200)
    assert.equal(meta(named.text, 'description'), meta(english, 'description'))
  })

  test('the home page and a profile are described; a profile is an Open Graph profile', async ({
    assert,
  }) => {
    const home = await pageHtml('/', 'en')
    assert.equal(canonical(home), `${appUrl}/?lang=en`)
    assert.isAbove(meta(home, 'description')!.length, 40)
    assert.isAtMost([...meta(home, 'description')!].length, 160)

    const user = await UserFactory.merge({ displayName: 'Potter Wu', bio: '' }).create()
    await IdentityFactory.apply('certifiedMaster').merge({ userId: user.id }).with('field').create()
    const profile = await pageHtml(`/users/${user.id}`, 'en')
    assert.equal(canonical(profile), `${appUrl}/users/${user.id}?lang=en`)
    assert.equal(meta(profile, 'og:type'), 'profile')
    assert.include(meta(profile, 'description'), 'Potter Wu')
    assert.include(meta(profile, 'description'), en('identity.status.certified'))
  })

  test('the cached page keeps its tags, and an edit still purges it', async ({
    client,
    assert,
  }) => {
    const admin = await UserFactory.merge({ staffRole: 'admin', locale: 'en' }).create()
    const field = await FieldFactory.merge({ descriptionEn: 'Before the edit' }).create()
    const path = `/fields/${field.slug}`
    // stored by the first visit, served to the next (another test run on this Redis may purge
    // every field page in between: then the next visit stores it again)
    let hit = await get(path, { 'accept-language': 'en' })
    for (let visit = 0; visit < 5 && hit.headers['x-page-cache'] !== 'hit'; visit++) {
      hit = await get(path, { 'accept-language': 'en' })
    }
    assert.equal(hit.headers['x-page-cache'], 'hit')
    assert.equal(meta(hit.text, 'description'), 'Before the edit')

    const edited = await client
      .post(`/admin/fields/${field.id}`)
      .loginAs(admin)
      .fields({
        slug: field.slug,
        nameZh: field.nameZh,
        nameEn: field.nameEn,
        descriptionZh: field.descriptionZh,
        descriptionEn: 'After the edit',
        sortOrder: String(field.sortOrder),
      })
      .withCsrfToken()
      .redirects(0)
    edited.assertStatus(302)
    const fresh = await get(path, { 'accept-language': 'en' })
    assert.equal(fresh.headers['x-page-cache'], 'miss')
    assert.equal(meta(fresh.text, 'description'), 'After the edit')
  })

  test('robots.txt keeps crawlers out of private areas and points at the sitemap', async ({
    client,
    assert,
  }) => {
    const robots = await client.get('/robots.txt')
    robots.assertStatus(200)
    assert.match(robots.header('content-type') ?? '', /^text\/plain/)
    for (const line of [
      'User-agent: *',
      'Disallow: /settings',
      'Disallow: /messages',
      'Disallow: /admin',
    ]) {
      assert.include(robots.text(), line)
    }
    assert.include(robots.text(), `Sitemap: ${appUrl}/sitemap.xml`)
    assert.isUndefined(robots.cookie('mg_session'), 'no session for a crawler')
  })

  test('the sitemap lists the home page, active fields and certified masters, and what other modules add', async ({
    client,
    assert,
  }) => {
    const field = await FieldFactory.create()
    const hidden = await FieldFactory.apply('inactive').create()
    const master = await UserFactory.create()
    await IdentityFactory.apply('certifiedMaster')
      .merge({ userId: master.id, fieldId: field.id })
      .create()
    const pending = await UserFactory.create()
    await IdentityFactory.apply('pendingMaster')
      .merge({ userId: pending.id, fieldId: field.id })
      .create()
    const learner = await UserFactory.create()
    await IdentityFactory.merge({ userId: learner.id, fieldId: field.id }).create()
    // a later module (courses) adds its pages without identity knowing
    const unregister = sitemap.register({
      name: 'courses (test)',
      order: 30,
      entries: async () => [
        { path: '/courses/42', lastModified: new Date('2026-01-02T03:04:05Z') },
      ],
    })

    try {
      const response = await client.get('/sitemap.xml')
      response.assertStatus(200)
      assert.match(response.header('content-type') ?? '', /^application\/xml/)
      const xml = response.text()
      const locs = [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1])
      assert.include(locs, `${appUrl}/`)
      assert.include(locs, `${appUrl}/fields/${field.slug}`)
      assert.notInclude(locs, `${appUrl}/fields/${hidden.slug}`)
      assert.include(locs, `${appUrl}/users/${master.id}`)
      assert.notInclude(locs, `${appUrl}/users/${pending.id}`)
      assert.notInclude(locs, `${appUrl}/users/${learner.id}`)
      assert.include(locs, `${appUrl}/courses/42`)
      assert.include(
        xml,
        `<xhtml:link rel="alternate" hreflang="en" href="${appUrl}/fields/${field.slug}?lang=en"/>`
      )
      assert.include(xml, '<lastmod>2026-01-02T03:04:05.000Z</lastmod>')
    } finally {
      unregister()
    }
  })

  test('the sitemap is built once per five minutes on an instance: no source runs again until then', async ({
    client,
    assert,
  }) => {
    let clock = Date.now()
    const now = sitemapCache.now
    sitemapCache.now = () => clock
    let built = 0
    const unregister = sitemap.register({
      name: 'counted (test)',
      order: 40,
      entries: async () => [{ path: `/counted/${++built}` }],
    })
    try {
      // two crawlers at once: one build
      const [first, twin] = await Promise.all([
        client.get('/sitemap.xml'),
        client.get('/sitemap.xml'),
      ])
      assert.equal(built, 1)
      assert.include(first.text(), `${appUrl}/counted/1`)
      assert.equal(twin.text(), first.text())

      const field = await FieldFactory.create()
      clock += 4 * 60_000
      const cached = await client.get('/sitemap.xml')
      assert.equal(built, 1, 'no source ran again')
      assert.equal(cached.text(), first.text())
      assert.notInclude(cached.text(), `/fields/${field.slug}`)

      clock += 60_001
      const rebuilt = await client.get('/sitemap.xml')
      assert.equal(built, 2)
      assert.include(rebuilt.text(), `${appUrl}/counted/2`)
      assert.include(rebuilt.text(), `${appUrl}/fields/${field.slug}`)
    } finally {
      unregister()
      sitemapCache.now = now
    }
  })
})
