import { test } from '@japa/runner'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import {
  countRows,
  en,
  fieldErrors,
  isSignedIn,
  logInThroughForm,
  sessionIdOf,
  uniqueEmail,
  zh,
  isolateEachTest,
} from '#tests/helpers'
import { TestSocket, ticketOfSession, wsUrl } from '#tests/realtime/ws_client'

test.group('Log in and log out', (group) => {
  isolateEachTest(group)

  test('a guest sees the login form', async ({ client }) => {
    const response = await client.get('/login')

    response.assertStatus(200)
    response.assertTextIncludes(zh('auth.login_title'))
    response.assertTextIncludes('action="/login"')
  })

  test('a signed-in user is sent away from the login page', async ({ client }) => {
    const user = await UserFactory.create()

    const response = await client.get('/login').loginAs(user).redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/')
  })

  test('a signed-in user cannot post the login form again', async ({ client }) => {
    const user = await UserFactory.create()

    const response = await client
      .post('/login')
      .loginAs(user)
      .form({ email: user.email, password: DEFAULT_PASSWORD })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/')
    response.assertFlashMissing('success')
  })

  test('the right email and password sign the user in and greet them by name', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ displayName: 'Lin' }).create()

    const { response, sessionId } = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
    })

    response.assertSession('auth_web', user.id)
    assert.include(response.flashMessage('success'), 'Lin')
    assert.isTrue(await isSignedIn(client, { sessionId }))
  })

  test('the welcome message is in the language of the user who logged in', async ({ client }) => {
    const user = await UserFactory.merge({ displayName: 'Lin', locale: 'en' }).create()

    // a Chinese login page (no language cookie yet), an English account
    const { response } = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
    })

    // the next page is English, so its toast must be too
    response.assertFlashMessage('success', en('auth.welcome_back', { name: 'Lin' }))
  })

  test('the email address is matched whatever its letter case', async ({ client }) => {
    const user = await UserFactory.create()

    const response = await client
      .post('/login')
      .form({ email: `  ${user.email.toUpperCase()} `, password: DEFAULT_PASSWORD })
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', '/dashboard')
    response.assertSession('auth_web', user.id)
  })

  test('logging in gives the browser a new session id', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const before = await client.get('/login')
    const anonymousId = sessionIdOf(before)

    const response = await client
      .post('/login')
      .usingSession(anonymousId)
      .form({ email: user.email, password: DEFAULT_PASSWORD })
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', '/dashboard')
    assert.notEqual(sessionIdOf(response), anonymousId)
    assert.isFalse(await isSignedIn(client, { sessionId: anonymousId }))
  })

  test('a wrong password gets the same generic message as an unknown email', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()

    const wrongPassword = await client
      .post('/login')
      .form({ email: user.email, password: 'not the password' })
      .withCsrfToken()
      .redirects(0)
    const unknownEmail = await client
      .post('/login')
      .form({ email: uniqueEmail('nobody'), password: 'not the password' })
      .withCsrfToken()
      .redirects(0)

    for (const response of [wrongPassword, unknownEmail]) {
      response.assertStatus(302)
      response.assertFlashMessage('errorsBag', {
        E_INVALID_CREDENTIALS: zh('errors.E_INVALID_CREDENTIALS'),
      })
      response.assertSessionMissing('auth_web')
      response.assertFlashMissing('password')
    }
    assert.equal(wrongPassword.header('location'), unknownEmail.header('location'))
  })

  test('the login page shows the generic message after a failed attempt', async ({ client }) => {
    const user = await UserFactory.create()
    const failed = await client
      .post('/login')
      .form({ email: user.email, password: 'not the password' })
      .withCsrfToken()
      .redirects(0)

    const page = await client.get('/login').usingSession(sessionIdOf(failed))

    page.assertStatus(200)
    page.assertTextIncludes(zh('errors.E_INVALID_CREDENTIALS'))
    page.assertTextIncludes(`value="${user.email}"`)
  })

  test('empty fields are refused with a message for each', async ({ client, assert }) => {
    const response = await client
      .post('/login')
      .form({ email: '', password: '' })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    assert.properties(fieldErrors(response), ['email', 'password'])
    response.assertSessionMissing('auth_web')
  })

  test('an invalid email or a password longer than 200 characters is refused', async ({
    client,
    assert,
  }) => {
    const response = await client
      .post('/login')
      .form({ email: 'not-an-email', password: 'x'.repeat(201) })
      .withCsrfToken()
      .redirects(0)

    assert.properties(fieldErrors(response), ['email', 'password'])
  })

  test('"remember me" keeps the user signed in after the session is gone', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()

    const { rememberToken } = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
      remember: true,
    })

    assert.exists(rememberToken)
    assert.equal(await countRows('remember_me_tokens', { tokenable_id: user.id }), 1)
    assert.isTrue(await isSignedIn(client, { rememberToken }))
  })

  test('without "remember me" no remember-me token is created', async ({ client, assert }) => {
    const user = await UserFactory.create()

    const { rememberToken } = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
    })

    assert.isUndefined(rememberToken)
    assert.equal(await countRows('remember_me_tokens', { tokenable_id: user.id }), 0)
  })

  test('a login form posted without its CSRF token gets the 419 page', async ({ client }) => {
    const user = await UserFactory.create()

    const response = await client
      .post('/login')
      .form({ email: user.email, password: DEFAULT_PASSWORD })
      .redirects(0)

    response.assertStatus(419)
    response.assertSessionMissing('auth_web')
    response.assertTextIncludes(zh('errors.419.title'))
  })

  test('the 6th failed attempt within a minute for one email and IP gets 429 with Retry-After', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const attempt = (password: string, email = user.email) =>
      client.post('/login').form({ email, password }).withCsrfToken().redirects(0)

    for (let failure = 1; failure <= 5; failure++) {
      const response = await attempt('wrong password')
      response.assertStatus(302)
    }

    const sixth = await attempt('wrong password')
    sixth.assertStatus(429)
    const retryAfter = Number(sixth.header('retry-after'))
    assert.isAbove(retryAfter, 0)
    assert.isAtMost(retryAfter, 60)

    // even the right password is refused while blocked
    const rightPassword = await attempt(DEFAULT_PASSWORD)
    rightPassword.assertStatus(429)
    rightPassword.assertSessionMissing('auth_web')

    // another address from the same IP is not affected
    const other = await UserFactory.create()
    const otherLogin = await attempt(DEFAULT_PASSWORD, other.email)
    otherLogin.assertStatus(302)
    otherLogin.assertSession('auth_web', other.id)
  })

  test('the throttled login answers with the 429 page in the visitor language', async ({
    client,
  }) => {
    const email = uniqueEmail('blocked')
    for (let failure = 1; failure <= 5; failure++) {
      await client.post('/login').form({ email, password: 'wrong' }).withCsrfToken().redirects(0)
    }

    const response = await client
      .post('/login')
      .header('accept-language', 'en')
      .form({ email, password: 'wrong' })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(429)
    response.assertTextIncludes('Too many requests')
  })

  test('a successful login clears the count of failed attempts', async ({ client }) => {
    const user = await UserFactory.create()
    const attempt = (password: string) =>
      client.post('/login').form({ email: user.email, password }).withCsrfToken().redirects(0)

    for (let failure = 1; failure <= 4; failure++) await attempt('wrong password')
    const success = await attempt(DEFAULT_PASSWORD)
    success.assertSession('auth_web', user.id)

    for (let failure = 1; failure <= 5; failure++) {
      const response = await attempt('wrong password')
      response.assertStatus(302)
    }
  })

  test('logging out ends the session and says so', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { sessionId } = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
    })

    const response = await client
      .post('/logout')
      .usingSession(sessionId)
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/login')
    // in the user's language, English
    response.assertFlashMessage('success', en('auth.logged_out'))
    response.assertSessionMissing('auth_web')
    assert.isFalse(await isSignedIn(client, { sessionId }))
  })

  test('logging out closes the sockets of that session (4001), not those of another device', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const credentials = { email: user.email, password: DEFAULT_PASSWORD }
    const here = await logInThroughForm(client, credentials)
    const elsewhere = await logInThroughForm(client, credentials)
    const socket = await TestSocket.ofSession(client, here.sessionId)
    const other = await TestSocket.ofSession(client, elsewhere.sessionId)
    // minted before the logout, used after it
    const unused = await ticketOfSession(client, here.sessionId)

    const response = await client
      .post('/logout')
      .usingSession(here.sessionId)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)

    assert.deepEqual(await socket.closed, { code: 4001, reason: 'session ended' })
    await assert.rejects(() => TestSocket.open(wsUrl(unused)), /401/)
    assert.isTrue(await other.answersPing())
    await other.close()
  })

  test('logging out also forgets "remember me"', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { sessionId, rememberToken } = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
      remember: true,
    })

    await client
      .post('/logout')
      .usingSession(sessionId)
      .withEncryptedCookie('remember_web', rememberToken!)
      .withCsrfToken()
      .redirects(0)

    assert.equal(await countRows('remember_me_tokens', { tokenable_id: user.id }), 0)
    assert.isFalse(await isSignedIn(client, { rememberToken }))
  })

  test('a logout without the CSRF token is refused and the user stays signed in', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const { sessionId } = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
    })

    const response = await client.post('/logout').usingSession(sessionId).redirects(0)

    response.assertStatus(419)
    assert.isTrue(await isSignedIn(client, { sessionId }))
  })

  test('a guest posting to logout is sent to the login page', async ({ client }) => {
    const response = await client.post('/logout').withCsrfToken().redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })
})
