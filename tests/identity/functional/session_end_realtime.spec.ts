import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import mail from '@adonisjs/mail/services/main'
import type User from '#identity/models/user'
import type AccountMail from '#identity/mails/account_mail'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import {
  accountMail,
  isolateEachTest,
  linkIn,
  logInThroughForm,
  workQueuedJobs,
} from '#tests/helpers'
import { TestSocket } from '#tests/realtime/ws_client'
import { SseStream, TEST_SERVER } from '#tests/realtime/sse_client'

const NEW_PASSWORD = 'a brand new password'

/** One signed-in device: its session, an open SSE stream and an open WebSocket. */
async function device(client: ApiClient, user: User) {
  const { response, sessionId } = await logInThroughForm(client, {
    email: user.email,
    password: DEFAULT_PASSWORD,
  })
  const cookie = ([response.header('set-cookie')].flat() as string[])
    .map((line) => line.split(';')[0])
    .join('; ')
  const stream = await SseStream.open({ base: TEST_SERVER, cookie, csrf: '' })
  const socket = await TestSocket.ofSession(client, sessionId)
  let streamEnded = false
  stream.ended.then(() => (streamEnded = true))
  return { sessionId, stream, socket, streamEnded: () => streamEnded }
}

/** Proves a device is still live: its socket answers, its stream has not ended. */
async function assertLive(assert: any, live: Awaited<ReturnType<typeof device>>) {
  assert.isTrue(await live.socket.answersPing())
  assert.isFalse(live.streamEnded())
}

async function assertEnded(assert: any, ended: Awaited<ReturnType<typeof device>>) {
  assert.deepEqual(await ended.socket.closed, { code: 4001, reason: 'session ended' })
  // resolves only when the server ends the response
  await ended.stream.ended
  assert.isTrue(ended.streamEnded())
}

test.group('Ending a session ends its SSE streams and WebSockets', (group) => {
  isolateEachTest(group)

  test('a revoked session loses its stream and socket; this one keeps both', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const here = await device(client, user)
    const phone = await device(client, user)

    const revoke = await client
      .post(`/settings/sessions/${phone.sessionId}/revoke`)
      .usingSession(here.sessionId)
      .withCsrfToken()
      .redirects(0)
    revoke.assertStatus(302)

    await assertEnded(assert, phone)
    await assertLive(assert, here)
    here.stream.close()
    await here.socket.close()
  })

  test('a password change ends the other sessions’ streams and sockets, not this one’s', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const here = await device(client, user)
    const elsewhere = await device(client, user)

    const change = await client
      .post('/settings/password')
      .usingSession(here.sessionId)
      .form({
        currentPassword: DEFAULT_PASSWORD,
        password: NEW_PASSWORD,
        passwordConfirmation: NEW_PASSWORD,
      })
      .withCsrfToken()
      .redirects(0)
    change.assertStatus(302)

    await assertEnded(assert, elsewhere)
    await assertLive(assert, here)
    here.stream.close()
    await here.socket.close()
  })

  test('a password reset ends every session’s streams and sockets', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const laptop = await device(client, user)
    const phone = await device(client, user)

    const { mails } = mail.fake()
    await client.post('/forgot-password').form({ email: user.email }).withCsrfToken().redirects(0)
    await workQueuedJobs()
    const [sent] = mails.sent(accountMail('reset_password', user.email, user.locale))
    const link = await linkIn(sent as AccountMail)
    const reset = await client
      .post(link)
      .form({ password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    reset.assertStatus(302)

    await assertEnded(assert, laptop)
    await assertEnded(assert, phone)
  })
})
