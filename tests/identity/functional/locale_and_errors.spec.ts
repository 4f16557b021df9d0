import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { UserFactory } from '#database/factories/user_factory'
import {
  en,
  fieldErrors,
  resetThrottles,
  SESSION_COOKIE,
  setCookieLine,
  uniqueEmail,
  zh,
  isolateEachTest,
} from '#tests/helpers'

test.group('Language switch', (group) => {
  isolateEachTest(group)

  test('pages are in Chinese by default', async ({ client }) => {
    const response = await client.get('/login')

    response.assertTextIncludes('<html lang="zh-CN">')
    response.assertTextIncludes(zh('auth.login_title'))
  })

  test('switching to English sets a lasting cookie and goes back to the page', async ({
    client,
    assert,
  }) => {
    const response = await client
      .post('/locale')
      .form({ locale: 'en', back: '/login' })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/login')
    const cookie = setCookieLine(response, 'mg_locale')
    assert.exists(cookie)
    assert.match(cookie!, /^mg_locale=en;/)
    // a year
    assert.isAtLeast(Number(/Max-Age=(\d+)/.exec(cookie!)?.[1]), 365 * 24 * 3600)
    assert.match(cookie!, /HttpOnly/)
    assert.match(cookie!, /SameSite=Lax/)
  })

  test('the next page after switching is in English', async ({ client }) => {
    const switched = await client
      .post('/locale')
      .form({ locale: 'en', back: '/signup' })
      .withCsrfToken()
      .redirects(0)
    const value = setCookieLine(switched, 'mg_locale')!.split(';')[0].split('=')[1]

    const page = await client.get('/signup').withRawCookie('mg_locale', value)

    page.assertStatus(200)
    page.assertTextIncludes('<html lang="en">')
    page.assertTextIncludes(en('auth.signup_title'))
    page.assertTextIncludes(en('auth.display_name_hint'))
  })

  test('the language cookie wins over the browser language', async ({ client }) => {
    const page = await client
      .get('/login')
      .header('accept-language', 'en-US,en;q=0.9')
      .withRawCookie('mg_locale', 'zh-CN')

    page.assertTextIncludes('<html lang="zh-CN">')
  })

  test('an English browser gets English pages without switching', async ({ client }) => {
    const page = await client.get('/login').header('accept-language', 'en-GB,en;q=0.8')

    page.assertTextIncludes('<html lang="en">')
    page.assertTextIncludes(en('auth.forgot'))
  })

  test('validation messages follow the chosen language', async ({ client }) => {
    const response = await client
      .post('/signup')
      .withRawCookie('mg_locale', 'en')
      .form({ displayName: 'Zhou', email: 'nope', password: 'a fine password' })
      .withCsrfToken()
      .redirects(0)

    response.assertFlashMessage('inputErrorsBag', {
      email: [en('validator.shared.messages.email')],
    })
  })

  test('switching while signed in also saves the language on the account', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.apply('chinese').create()

    await client
      .post('/locale')
      .loginAs(user)
      .form({ locale: 'en', back: '/settings/profile' })
      .withCsrfToken()
      .redirects(0)

    await user.refresh()
    assert.equal(user.locale, 'en')
  })

  test('an unsupported language is refused and sets no cookie', async ({ client, assert }) => {
    for (const locale of ['fr', '', 'zh']) {
      const response = await client
        .post('/locale')
        .form({ locale, back: '/login' })
        .withCsrfToken()
        .redirects(0)

      response.assertStatus(302)
      assert.property(fieldErrors(response), 'locale')
      assert.isUndefined(setCookieLine(response, 'mg_locale'))
    }
  })

  test('the switch only ever sends back to a page of this site', async ({ client }) => {
    for (const back of [
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const response = await client
        .post('/locale')
        .form({ locale: 'en', back })
        .withCsrfToken()
        .redirects(0)

      response.assertStatus(302)
      response.assertHeader('location', '/')
    }
  })

  test('without a page to go back to, the switch goes home', async ({ client }) => {
    const response = await client
      .post('/locale')
      .form({ locale: 'en' })
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', '/')
  })
})

test.group('Error pages', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => resetThrottles())

  test('an unknown URL gets the 404 page in the visitor language', async ({ client }) => {
    const english = await client.get('/no/such/page').header('accept-language', 'en')
    english.assertStatus(404)
    english.assertTextIncludes(`<title>${en('errors.404.title')}`)
    english.assertTextIncludes(en('errors.back_home'))

    const chinese = await client.get('/no/such/page')
    chinese.assertStatus(404)
    chinese.assertTextIncludes(`<title>${zh('errors.404.title')}`)
  })

  test('the 404 page follows the language cookie too', async ({ client }) => {
    const response = await client.get('/no/such/page').withRawCookie('mg_locale', 'en')

    response.assertStatus(404)
    response.assertTextIncludes(en('errors.404.title'))
  })

  test('an htmx caller gets the error as JSON with status and message', async ({ client }) => {
    const response = await client
      .get('/no/such/page')
      .header('hx-request', 'true')
      .header('accept-language', 'en')

    response.assertStatus(404)
    response.assertBody({ status: 404, message: en('errors.404.message') })
  })

  test('a JSON caller gets the error as JSON with status and message', async ({ client }) => {
    const response = await client
      .get('/no/such/page')
      .header('accept', 'application/json')
      .header('accept-language', 'en')

    response.assertStatus(404)
    response.assertBody({ status: 404, message: en('errors.404.message') })
  })

  test('an htmx form without its CSRF token gets a 419 as JSON', async ({ client }) => {
    const response = await client
      .post('/signup')
      .header('hx-request', 'true')
      .header('accept-language', 'en')
      .form({ displayName: 'x', email: uniqueEmail(), password: 'a fine password' })

    response.assertStatus(419)
    response.assertBody({ status: 419, message: en('errors.419.message') })
  })

  test('a page never shows a stack trace', async ({ client, assert }) => {
    const response = await client.get('/reset-password/%E0%A4%A')

    assert.isBelow(response.status(), 500)
    assert.notInclude(response.text(), 'node_modules')
  })
})

test.group('Security headers', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => resetThrottles())

  test('pages carry a strict content security policy', async ({ client, assert }) => {
    const response = await client.get('/login')

    const csp = String(response.header('content-security-policy'))
    assert.include(csp, "default-src 'self'")
    assert.include(csp, "frame-ancestors 'none'")
    assert.include(csp, "object-src 'none'")
    assert.match(csp, /script-src [^;]*'nonce-[\w+/=-]+'/)
    assert.notInclude(csp, "'unsafe-inline'")
    assert.notInclude(csp, "'unsafe-eval'")
  })

  test('pages forbid framing and content sniffing', async ({ client }) => {
    const response = await client.get('/login')

    response.assertHeader('x-frame-options', 'DENY')
    response.assertHeader('x-content-type-options', 'nosniff')
  })

  test('the session cookie is HttpOnly and SameSite=Lax', async ({ client, assert }) => {
    const response = await client.get('/login')

    const cookie = setCookieLine(response, SESSION_COOKIE)
    assert.exists(cookie)
    assert.match(cookie!, /;\s*HttpOnly/i)
    assert.match(cookie!, /;\s*SameSite=Lax/i)
  })

  test('the remember-me cookie is HttpOnly and SameSite=Lax', async ({ client, assert }) => {
    const user = await UserFactory.create()

    const response = await client
      .post('/login')
      .form({ email: user.email, password: 'correct horse battery', remember: 'true' })
      .withCsrfToken()
      .redirects(0)

    const cookie = setCookieLine(response, 'remember_web')
    assert.exists(cookie)
    assert.match(cookie!, /;\s*HttpOnly/i)
    assert.match(cookie!, /;\s*SameSite=Lax/i)
  })

  test('the inline script nonce of the page matches the policy', async ({ client, assert }) => {
    const response = await client.get('/login')

    const nonce = /'nonce-([^']+)'/.exec(String(response.header('content-security-policy')))?.[1]
    assert.exists(nonce)
    for (const [, found] of response.text().matchAll(/<script[^>]*nonce="([^"]+)"/g)) {
      assert.equal(found, nonce)
    }
  })
})

test.group('Home and mail preview', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => resetThrottles())

  test('the home page renders for a guest and for a signed-in user', async ({ client }) => {
    const guest = await client.get('/').header('accept-language', 'en')
    guest.assertStatus(200)
    guest.assertTextIncludes(en('home.title'))
    guest.assertTextIncludes(en('home.cta'))

    const user = await UserFactory.merge({ displayName: 'Master Lin' }).create()
    const signedIn = await client.get('/').loginAs(user)
    signedIn.assertStatus(200)
    signedIn.assertTextIncludes('Master Lin')
  })

  test('the mail preview lists the stored mails', async ({ client }) => {
    const response = await client.get('/dev/mails').header('accept-language', 'en')

    response.assertStatus(200)
    response.assertTextIncludes(en('dev.mails_title'))
  })

  test('an unknown mail in the preview is a 404', async ({ client }) => {
    const response = await client.get('/dev/mails/no-such-mail')

    response.assertStatus(404)
  })
})
