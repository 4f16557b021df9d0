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
 * One browser keeps making API tokens (each request writes its session: a
 * flash) while the owner, in another, changes the password, which ends every
 * other session and every token.
 */
async function changePasswordWhileMakingTokens(client: ApiClient) {
  const user = await UserFactory.create()
  const credentials = { email: user.email, password: DEFAULT_PASSWORD }
  const attacker = await logInThroughForm(client, credentials)
  const owner = await logInThroughForm(client, credentials)
  // one request through the test client puts the CSRF secret in the session
  await client.get('/settings/tokens').usingSession(attacker.sessionId).withCsrfToken()
  const token = await csrfTokenOf(client, attacker.sessionId)

  let running = true
  const makeTokens = async () => {
    while (running) {
      await client
        .post('/settings/tokens')
        .usingSession(attacker.sessionId)
        .form({ _csrf: token, name: 'kept', scopes: 'profile:read', expiry: 'never' })
        .redirects(0)
    }
  }
  const browsers = Array.from({ length: 6 }, makeTokens)
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
  running = false
  await Promise.all(browsers)
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
      await client.get('/settings/tokens').usingSession(browser.sessionId).withCsrfToken()
      const token = await csrfTokenOf(client, browser.sessionId)
      let running = true
      const writeSession = async () => {
        while (running) {
          await client
            .post('/settings/tokens')
            .usingSession(browser.sessionId)
            .form({ _csrf: token, name: 'tab', scopes: 'profile:read', expiry: 'never' })
            .redirects(0)
        }
      }
      const tabs = Array.from({ length: 6 }, writeSession)
      const loggedOut = await client
        .post('/logout')
        .usingSession(browser.sessionId)
        .form({ _csrf: token })
        .redirects(0)
      loggedOut.assertStatus(302)
      running = false
      await Promise.all(tabs)
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
