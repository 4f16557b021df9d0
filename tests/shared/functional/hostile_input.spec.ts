import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { countRows, en, fieldErrors, isolateEachTest } from '#tests/helpers'
import { conversationPair, sendOver } from '#tests/chat/chat_helpers'
import { TestSocket } from '#tests/realtime/ws_client'

/*
| Input that once reached PostgreSQL and failed there (a 500): a NUL
| character in any text, and row ids beyond bigint. Refused before any query.
*/
test.group('Hostile input: NUL characters', (group) => {
  isolateEachTest(group)

  test('a NUL in a form field is a 422 on that field and nothing is written', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ displayName: 'Before', locale: 'en' }).create()
    const response = await client
      .post('/settings/profile')
      .form({ displayName: 'a\u0000b', locale: 'en', timeZone: 'UTC' })
      .header('referer', '/settings/profile')
      .header('accept-language', 'en')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    assert.deepEqual(fieldErrors(response), { displayName: [en('errors.nul_character')] })
    const row = await db.from('users').where('id', user.id).first()
    assert.equal(row.display_name, 'Before')
  })

  test('a JSON caller gets a 422 and nothing is stored', async ({ client, assert }) => {
    const { a, id } = await conversationPair('en', 'en')
    const response = await client
      .post(`/messages/${id}`)
      .form({ body: 'hello\u0000', clientId: randomUUID() })
      .header('accept', 'application/json')
      .header('accept-language', 'en')
      .loginAs(a)
      .withCsrfToken()
    response.assertStatus(422)
    assert.equal(await countRows('messages', { conversation_id: id }), 0)
  })

  test('a NUL in a WebSocket message is refused as invalid; nothing is stored', async ({
    client,
    assert,
  }) => {
    const { a, id } = await conversationPair('en', 'en')
    const socket = await TestSocket.of(client, a)
    try {
      const reply = await sendOver(socket, id, 'hi\u0000there')
      assert.equal(reply.type, 'error')
      assert.equal(reply.code, 'invalid')
      assert.deepInclude(reply.errors[0], { field: 'body', rule: 'nul_character' })
      assert.equal(await countRows('messages', { conversation_id: id }), 0)
    } finally {
      socket.close()
    }
  })
})

test.group('Hostile input: ids beyond bigint', (group) => {
  isolateEachTest(group)

  test('an id too large for the database is a 404 on every route that takes one', async ({
    client,
  }) => {
    const user = await UserFactory.create()
    const huge = '99999999999999999999'
    for (const path of [
      `/users/${huge}`,
      `/portfolio/${huge}/edit`,
      `/certification/evidence/9223372036854775807`,
      `/messages/${huge}`,
    ]) {
      const response = await client.get(path).loginAs(user)
      response.assertStatus(404)
    }
    for (const path of [`/portfolio/${huge}`, `/portfolio/${huge}/delete`]) {
      const response = await client.post(path).loginAs(user).withCsrfToken()
      response.assertStatus(404)
    }
  })
})
