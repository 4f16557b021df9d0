import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { isSignedIn, isolateEachTest, logInThroughForm } from '#tests/helpers'

const NEW_PASSWORD = 'a new password, long enough'

/** The CSRF token of a page of this session (the session already holds its secret). */
async function csrfTokenOf(client: ApiClient, sessionId: string) {
  const page = await client.get('/settings/tokens').usingSession(sessionId)
  return page.text().match(/name=['"]_csrf['"] value=['"]([^'"]+)['"]/)![1]
}

/**
 * Six tabs of a browser keep making API tokens (each request writes the
 * session: a flash) until `stop` is called; it resolves once the last ended.
 */
async function keepWritingSession(client: ApiClient, sessionId: string) {
  // one request through the test client puts the CSRF secret in the session
  await client.get('/settings/tokens').usingSession(sessionId).withCsrfToken()
  const token = await csrfTokenOf(client, sessionId)
  let running = true
  const tab = async () => {
    while (running) {
      await client
        .post('/settings/tokens')
        .usingSession(sessionId)
        .form({ _csrf: token, name: 'kept', scopes: 'profile:read', expiry: 'never' })
        .redirects(0)
    }
  }
  const tabs = Array.from({ length: 6 }, tab)
  return {
    token,
    stop: () => {
      running = false
      return Promise.all(tabs)
    },
  }
}

/**
 * One browser keeps making API tokens (each request writes its session: a
 * flash) while the owner, in another, changes the password, which ends every
 * other session and every token.
 */
async function changePasswordWhileMakingTokens(client: ApiClient) {
  const user = await UserFactory.create()
  const credentials = { email: user.email, password: DEFAULT_PASSWORD }
  const attacker = await logInThroughForm(client, credentials)
  const owner = await logInThroughForm(client, credentials)
  const tabs = await keepWritingSession(client, attacker.sessionId)
  const changed = await client
    .post('/settings/password')
    .usingSession(owner.sessionId)
    .form({
      currentPassword: DEFAULT_PASSWORD,
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    })
    .withCsrfToken()
    .redirects(0)
  changed.assertStatus(302)
  await tabs.stop()
  return { user, attacker, owner }
}

test.group('Ending a session while its requests are running', (group) => {
  isolateEachTest(group)

  test('a request still running when its session ends does not sign it in again', async ({
    client,
    assert,
  }) => {
    const { attacker, owner } = await changePasswordWhileMakingTokens(client)
    assert.isFalse(await isSignedIn(client, { sessionId: attacker.sessionId }))
    assert.isTrue(await isSignedIn(client, { sessionId: owner.sessionId }))
  })

  test('logging out is not undone by a request of the same browser still running', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    // a few rounds: each needs a request that writes the session to land after the logout
    for (let round = 0; round < 5; round++) {
      const browser = await logInThroughForm(client, {
        email: user.email,
        password: DEFAULT_PASSWORD,
      })
      const tabs = await keepWritingSession(client, browser.sessionId)
      const loggedOut = await client
        .post('/logout')
        .usingSession(browser.sessionId)
        .form({ _csrf: tabs.token })
        .redirects(0)
      loggedOut.assertStatus(302)
      await tabs.stop()
      assert.isFalse(await isSignedIn(client, { sessionId: browser.sessionId }), `round ${round}`)
    }
  })

  test('no API token made while the password changes outlives it', async ({ client, assert }) => {
    const { user } = await changePasswordWhileMakingTokens(client)
    const tokens = await db
      .from('auth_access_tokens')
      .where('tokenable_id', user.id)
      .count('* as n')
    assert.equal(Number(tokens[0].n), 0)
  })
})
