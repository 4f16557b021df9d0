import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import testUtils from '@adonisjs/core/services/test_utils'
import User from '#identity/models/user'
import { pageCache } from '#shared/http/page_cache'
import { type Reply, startCachedServer } from '#tests/helpers/cached_server'

let send: Awaited<ReturnType<typeof startCachedServer>>['send']
let get: Awaited<ReturnType<typeof startCachedServer>>['get']

/** "a=1; b=2" from Set-Cookie headers */
function cookiesOf(reply: Reply, jar: Record<string, string> = {}) {
  for (const line of reply.headers['set-cookie'] ?? []) {
    const [pair] = line.split(';')
    const eq = pair.indexOf('=')
    jar[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  return jar
}
const cookieHeader = (jar: Record<string, string>) =>
  Object.entries(jar)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ')

test.group('Page cache', (group) => {
  group.setup(async () => {
    const server = await startCachedServer()
    send = server.send
    get = server.get
    return server.close
  })
  group.each.setup(() => {
    pageCache.clear()
    pageCache.ttlMs = 30_000
    return () => pageCache.clear()
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the second anonymous visit is answered from the cache, without a cookie', async ({
    assert,
  }) => {
    const first = await get('/')
    assert.equal(first.status, 200)
    assert.equal(first.headers['x-page-cache'], 'miss')

    const second = await get('/')
    assert.equal(second.status, 200)
    assert.equal(second.headers['x-page-cache'], 'hit')
    assert.notProperty(second.headers, 'set-cookie')
    assert.match(second.headers['content-type']!, /^text\/html/)
    assert.equal(second.headers['cache-control'], 'private, no-cache')
    assert.include(second.headers['vary']!, 'Accept-Encoding')
    assert.equal(second.headers['x-frame-options'], 'DENY')
    assert.equal(second.headers['x-content-type-options'], 'nosniff')
    assert.equal(second.headers['content-length'], String(second.body.length))
    assert.include(second.text, '<html lang="zh-CN">')

    // no per-response secret is shared between visitors
    const csp = second.headers['content-security-policy']!
    assert.include(csp, "script-src 'self'")
    assert.notInclude(csp, 'nonce-')
    assert.notMatch(second.text, /\snonce=/)
    assert.notMatch(second.text, /name='_csrf' value='[^']+'/)
    assert.notProperty(second.headers, 'x-request-id')
    assert.equal(pageCache.stats.hits, 1)
  })

  test('English and Chinese visitors get their own copy', async ({ assert }) => {
    await get('/', { 'accept-language': 'en-US,en;q=0.9' })
    const english = await get('/', { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' })
    assert.equal(english.headers['x-page-cache'], 'hit')
    assert.include(english.text, '<html lang="en">')

    // Chinese preferred over English, and no header at all: zh-CN
    const chineseFirst = await get('/', { 'accept-language': 'zh-TW,zh;q=0.9,en;q=0.8' })
    assert.equal(chineseFirst.headers['x-page-cache'], 'miss')
    assert.include(chineseFirst.text, '<html lang="zh-CN">')
    const chinese = await get('/')
    assert.equal(chinese.headers['x-page-cache'], 'hit')
    assert.include(chinese.text, '<html lang="zh-CN">')
    assert.notEqual(english.headers.etag, chinese.headers.etag)

    // the language cookie wins over Accept-Language; other cookies do not matter
    const switched = await get('/', {
      'accept-language': 'zh-CN',
      'cookie': 'theme=dark; mg_locale=en',
    })
    assert.equal(switched.headers['x-page-cache'], 'hit')
    assert.include(switched.text, '<html lang="en">')
    const invalid = await get('/', { 'accept-language': 'en', 'cookie': 'mg_locale=fr' })
    assert.include(invalid.text, '<html lang="en">')
    assert.equal(invalid.headers['x-page-cache'], 'hit')
  })

  test('brotli and gzip bodies decode to the page', async ({ assert }) => {
    await get('/')
    const plain = await get('/', { 'accept-encoding': 'identity' })
    assert.notProperty(plain.headers, 'content-encoding')

    const br = await get('/', { 'accept-encoding': 'gzip, deflate, br, zstd' })
    assert.equal(br.headers['content-encoding'], 'br')
    assert.equal(br.headers['x-page-cache'], 'hit')
    assert.equal(brotliDecompressSync(br.body).toString(), plain.text)
    assert.isBelow(br.body.length, plain.body.length)

    const gzip = await get('/', { 'accept-encoding': 'gzip, deflate' })
    assert.equal(gzip.headers['content-encoding'], 'gzip')
    assert.equal(gunzipSync(gzip.body).toString(), plain.text)

    const refused = await get('/', { 'accept-encoding': 'br;q=0, gzip' })
    assert.equal(refused.headers['content-encoding'], 'gzip')
    // one ETag for the page, whatever the encoding (weak)
    assert.match(plain.headers.etag!, /^W\/"/)
    assert.equal(br.headers.etag, plain.headers.etag)
  })

  test('a matching If-None-Match gets a 304; HEAD gets the headers only', async ({ assert }) => {
    await get('/')
    const page = await get('/')
    const etag = page.headers.etag!

    const notModified = await get('/', { 'if-none-match': etag })
    assert.equal(notModified.status, 304)
    assert.equal(notModified.body.length, 0)
    assert.equal(notModified.headers.etag, etag)
    assert.notProperty(notModified.headers, 'set-cookie')

    const changed = await get('/', { 'if-none-match': 'W/"something-else"' })
    assert.equal(changed.status, 200)

    const head = await send('HEAD', '/')
    assert.equal(head.status, 200)
    assert.equal(head.headers['x-page-cache'], 'hit')
    assert.equal(head.headers['content-length'], String(page.body.length))
    assert.equal(head.body.length, 0)
  })

  test("requests that are someone's, htmx requests and query strings go to the app", async ({
    assert,
  }) => {
    await get('/')
    const cached = await get('/')
    assert.equal(cached.headers['x-page-cache'], 'hit')

    const someones: Record<string, string>[] = [
      { cookie: 'mg_session=s%3Aanything' },
      { cookie: 'mg_locale=en; remember_web=anything' },
      { cookie: '__Host-mg_session=anything' },
      { 'hx-request': 'true' },
      { authorization: 'Bearer x' },
    ]
    for (const headers of someones) {
      const reply = await get('/', headers)
      assert.equal(reply.status, 200)
      assert.notProperty(reply.headers, 'x-page-cache', JSON.stringify(headers))
    }
    const query = await get('/?utm_source=mail')
    assert.notProperty(query.headers, 'x-page-cache')
    const post = await send('POST', '/')
    assert.notEqual(post.headers['x-page-cache'], 'hit')
    assert.equal(pageCache.stats.hits, 1)
  })

  test('a signed-in visitor never gets the cached page, nor fills the cache', async ({
    assert,
  }) => {
    await User.create({
      email: 'cache-test@example.com',
      displayName: 'Cache Tester',
      password: 'a-long-password-1',
      emailVerifiedAt: DateTime.now(),
    })
    await get('/')

    const loginPage = await get('/login')
    assert.notProperty(loginPage.headers, 'x-page-cache')
    const jar = cookiesOf(loginPage)
    const csrf = /name='_csrf' value='([^']+)'/.exec(loginPage.text)![1]
    const login = await send(
      'POST',
      '/login',
      { 'content-type': 'application/x-www-form-urlencoded', 'cookie': cookieHeader(jar) },
      new URLSearchParams({
        _csrf: csrf,
        email: 'cache-test@example.com',
        password: 'a-long-password-1',
      }).toString()
    )
    assert.equal(login.status, 302)
    cookiesOf(login, jar)

    const mine = await get('/', { cookie: cookieHeader(jar) })
    assert.equal(mine.status, 200)
    assert.notProperty(mine.headers, 'x-page-cache')
    assert.include(mine.text, 'Cache Tester')

    const anonymous = await get('/')
    assert.equal(anonymous.headers['x-page-cache'], 'hit')
    assert.notInclude(anonymous.text, 'Cache Tester')
  })

  test('the language switch on a cached page works for a visitor with no session', async ({
    assert,
  }) => {
    await get('/')
    const page = await get('/')
    assert.equal(page.headers['x-page-cache'], 'hit')
    assert.include(page.text, 'action="/locale"')

    const form = { 'content-type': 'application/x-www-form-urlencoded' }
    const switched = await send('POST', '/locale', form, 'locale=en&back=%2F')
    assert.equal(switched.status, 302)
    assert.equal(switched.headers.location, '/')
    assert.isTrue(switched.headers['set-cookie']!.some((line) => line.startsWith('mg_locale=en')))

    const english = await get('/', { cookie: 'mg_locale=en' })
    assert.include(english.text, '<html lang="en">')

    // not a way out of the site
    const away = await send('POST', '/locale', form, 'locale=en&back=%2F%5Cevil.example')
    assert.equal(away.headers.location, '/')

    // with a session, the CSRF token is still required
    const withSession = await send(
      'POST',
      '/locale',
      { ...form, cookie: 'mg_session=x' },
      'locale=en'
    )
    assert.equal(withSession.status, 419)
  })

  test('an expired copy is re-rendered once while the others get it stale', async ({ assert }) => {
    pageCache.ttlMs = 0
    await get('/') // stored, and at once expired
    pageCache.ttlMs = 30_000 // the re-rendered copy stays fresh
    const replies = await Promise.all(Array.from({ length: 6 }, () => get('/')))
    const states = replies.map((reply) => reply.headers['x-page-cache'])
    // exactly one request renders; the others get the stale copy (or, once it is back, the fresh one)
    assert.equal(states.filter((state) => state === 'miss').length, 1, states.join())
    assert.include(states, 'stale')
    assert.includeMembers(['miss', 'stale', 'hit'], states)
    for (const reply of replies) {
      assert.equal(reply.status, 200)
      if (reply.headers['x-page-cache'] === 'stale') assert.notProperty(reply.headers, 'set-cookie')
    }
  })
})
