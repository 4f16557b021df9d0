import { test } from '@japa/runner'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { countRows, en, isSignedIn, logInThroughForm, isolateEachTest } from '#tests/helpers'
import { TestSocket } from '#tests/realtime/ws_client'

const CHROME_ON_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36'
const FIREFOX_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:130.0) Gecko/20100101 Firefox/130.0'

test.group('Sessions', (group) => {
  isolateEachTest(group)

  test('a guest is sent to the login page', async ({ client }) => {
    const page = await client.get('/settings/sessions').redirects(0)
    page.assertStatus(302)
    page.assertHeader('location', '/login')

    const revokeOthers = await client
      .post('/settings/sessions/revoke-others')
      .withCsrfToken()
      .redirects(0)
    revokeOthers.assertHeader('location', '/login')

    const revoke = await client
      .post('/settings/sessions/some-session/revoke')
      .withCsrfToken()
      .redirects(0)
    revoke.assertHeader('location', '/login')
  })

  test('the sessions page lists every device signed in and marks this one', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const laptop = await logInThroughForm(
      client,
      { email: user.email, password: DEFAULT_PASSWORD },
      CHROME_ON_LINUX
    )
    await logInThroughForm(
      client,
      { email: user.email, password: DEFAULT_PASSWORD },
      FIREFOX_ON_WINDOWS
    )

    const response = await client.get('/settings/sessions').usingSession(laptop.sessionId)

    response.assertStatus(200)
    response.assertTextIncludes(en('settings.sessions.title'))
    response.assertTextIncludes('Chrome · Linux')
    response.assertTextIncludes('Firefox · Windows')
    const html = response.text()
    assert.equal(html.split(en('settings.sessions.current')).length - 1, 1, 'one current device')
    // this device is listed first, and only the other one can be logged out from here
    assert.isBelow(html.indexOf('Chrome · Linux'), html.indexOf('Firefox · Windows'))
    assert.equal(html.split('/revoke"').length - 1, 1)
    response.assertTextIncludes('action="/settings/sessions/revoke-others"')
  })

  test('with a single session there is nothing to log out', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const only = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })

    const response = await client.get('/settings/sessions').usingSession(only.sessionId)

    response.assertStatus(200)
    response.assertTextIncludes(en('settings.sessions.current'))
    assert.notInclude(response.text(), 'action="/settings/sessions/revoke-others"')
  })

  test('another user’s sessions are not listed', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const stranger = await UserFactory.create()
    const mine = await logInThroughForm(
      client,
      { email: user.email, password: DEFAULT_PASSWORD },
      CHROME_ON_LINUX
    )
    await logInThroughForm(
      client,
      { email: stranger.email, password: DEFAULT_PASSWORD },
      FIREFOX_ON_WINDOWS
    )

    const response = await client.get('/settings/sessions').usingSession(mine.sessionId)

    assert.notInclude(response.text(), 'Firefox · Windows')
  })

  test('logging out one other device ends that session only', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const here = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })
    const phone = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
      remember: true,
    })
    const tablet = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })
    assert.equal(await countRows('remember_me_tokens', { tokenable_id: user.id }), 1)

    const response = await client
      .post(`/settings/sessions/${phone.sessionId}/revoke`)
      .usingSession(here.sessionId)
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/settings/sessions')
    response.assertFlashMessage('success', en('settings.sessions.revoked'))
    assert.isFalse(await isSignedIn(client, { sessionId: phone.sessionId }))
    // its remember-me token goes too, so it cannot come back
    assert.equal(await countRows('remember_me_tokens', { tokenable_id: user.id }), 0)
    assert.isFalse(await isSignedIn(client, { rememberToken: phone.rememberToken }))
    assert.isTrue(await isSignedIn(client, { sessionId: here.sessionId }))
    assert.isTrue(await isSignedIn(client, { sessionId: tablet.sessionId }))
  })

  test('"log out everywhere else" ends every other session and keeps this one', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const here = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })
    const phone = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })
    const tablet = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
      remember: true,
    })

    const response = await client
      .post('/settings/sessions/revoke-others')
      .usingSession(here.sessionId)
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/settings/sessions')
    response.assertFlashMessage('success', en('settings.sessions.revoked_others', { count: 2 }))
    assert.isTrue(await isSignedIn(client, { sessionId: here.sessionId }))
    assert.isFalse(await isSignedIn(client, { sessionId: phone.sessionId }))
    assert.isFalse(await isSignedIn(client, { sessionId: tablet.sessionId }))
    assert.isFalse(await isSignedIn(client, { rememberToken: tablet.rememberToken }))
  })

  test('a revoked session loses its sockets (4001); the others keep theirs', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const credentials = { email: user.email, password: DEFAULT_PASSWORD }
    const here = await logInThroughForm(client, credentials)
    const phone = await logInThroughForm(client, credentials)
    const tablet = await logInThroughForm(client, credentials)
    const [hereSocket, phoneSocket, tabletSocket] = [
      await TestSocket.ofSession(client, here.sessionId),
      await TestSocket.ofSession(client, phone.sessionId),
      await TestSocket.ofSession(client, tablet.sessionId),
    ]

    const revoke = await client
      .post(`/settings/sessions/${phone.sessionId}/revoke`)
      .usingSession(here.sessionId)
      .withCsrfToken()
      .redirects(0)
    revoke.assertStatus(302)
    assert.deepEqual(await phoneSocket.closed, { code: 4001, reason: 'session ended' })
    assert.isTrue(await tabletSocket.answersPing())

    const others = await client
      .post('/settings/sessions/revoke-others')
      .usingSession(here.sessionId)
      .withCsrfToken()
      .redirects(0)
    others.assertStatus(302)
    assert.deepEqual(await tabletSocket.closed, { code: 4001, reason: 'session ended' })
    assert.isTrue(await hereSocket.answersPing())
    await hereSocket.close()
  })

  test('a user cannot log out another user’s session', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const stranger = await UserFactory.create()
    const mine = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })
    const theirs = await logInThroughForm(client, {
      email: stranger.email,
      password: DEFAULT_PASSWORD,
    })

    const response = await client
      .post(`/settings/sessions/${theirs.sessionId}/revoke`)
      .usingSession(mine.sessionId)
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(404)
    assert.isTrue(await isSignedIn(client, { sessionId: theirs.sessionId }))
  })

  test('this session cannot be revoked from the list, and an unknown id is a 404', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const here = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })

    const current = await client
      .post(`/settings/sessions/${here.sessionId}/revoke`)
      .usingSession(here.sessionId)
      .withCsrfToken()
      .redirects(0)
    current.assertStatus(404)
    assert.isTrue(await isSignedIn(client, { sessionId: here.sessionId }))

    const unknown = await client
      .post('/settings/sessions/no-such-session/revoke')
      .usingSession(here.sessionId)
      .withCsrfToken()
      .redirects(0)
    unknown.assertStatus(404)
  })

  test('revoking without the CSRF token is refused', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const here = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })
    const phone = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })

    const response = await client
      .post('/settings/sessions/revoke-others')
      .usingSession(here.sessionId)
      .redirects(0)

    response.assertStatus(419)
    assert.isTrue(await isSignedIn(client, { sessionId: phone.sessionId }))
  })

  test('a session signed in through loginAs is listed too', async ({ client }) => {
    const user = await UserFactory.create()

    const response = await client.get('/settings/sessions').loginAs(user)

    response.assertStatus(200)
    response.assertTextIncludes(en('settings.sessions.current'))
  })
})
