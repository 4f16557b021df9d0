import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { isSignedIn, isolateEachTest, logInThroughForm } from '#tests/helpers'

const NEW_PASSWORD = 'a new password, long enough'

/** The CSRF token of a page of this session (the session already holds its secret). */
async function csrfTokenOf(client: ApiClient, sessionId: string) {
  const page = await client.get('/settings/tokens').usingSession(sessionId)
  return page.text().match(/name=['"]_csrf['"] value=['"]([^'"]+)['"]/)![1]
}

test.group('Ending a session while its requests are running', (group) => {
  isolateEachTest(group)

  test('a request still running when its session ends does not sign it in again', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const credentials = { email: user.email, password: DEFAULT_PASSWORD }
    const attacker = await logInThroughForm(client, credentials)
    const owner = await logInThroughForm(client, credentials)
    // one request through the test client puts the CSRF secret in each session
    await client.get('/settings/tokens').usingSession(attacker.sessionId).withCsrfToken()
    const token = await csrfTokenOf(client, attacker.sessionId)

    // the other browser keeps sending requests that write its session (a flash) ...
    let running = true
    const writeSession = async () => {
      while (running) {
        await client
          .post('/settings/tokens')
          .usingSession(attacker.sessionId)
          .form({ _csrf: token, name: 'kept', scopes: 'profile:read', expiry: 'never' })
          .redirects(0)
      }
    }
    const browsers = Array.from({ length: 6 }, writeSession)
    // ... while the owner changes the password, which ends every other session
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

    assert.isFalse(await isSignedIn(client, { sessionId: attacker.sessionId }))
    assert.isTrue(await isSignedIn(client, { sessionId: owner.sessionId }))
  })
})
