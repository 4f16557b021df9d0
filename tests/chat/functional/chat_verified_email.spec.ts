import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { chatService } from '#chat/index'
import { countRows, en, isolateEachTest } from '#tests/helpers'

test.group('Chat: writing first needs a verified address', (group) => {
  isolateEachTest(group)

  test('an unverified account cannot message a stranger; the page prompts to verify', async ({
    client,
    assert,
  }) => {
    const newcomer = await UserFactory.apply('unverified').create()
    const stranger = await UserFactory.create()
    const response = await client
      .post(`/users/${stranger.id}/message`)
      .loginAs(newcomer)
      .withCsrfToken()
      .redirects(0)
      .header('accept-language', 'en')
    response.assertStatus(403)
    response.assertTextIncludes(en('auth.verify_first.chat_start'))
    response.assertTextIncludes(en('auth.verify_first.prompt', { email: newcomer.email }))
    response.assertTextIncludes('action="/verify-email/resend"')
    assert.equal(await countRows('conversation_members', { user_id: newcomer.id }), 0)

    // htmx and scripts get the reason as the message
    const json = await client
      .post(`/users/${stranger.id}/message`)
      .loginAs(newcomer)
      .withCsrfToken()
      .header('accept', 'application/json')
    json.assertStatus(403)
    assert.equal(json.body().message, en('auth.verify_first.chat_start'))
  })

  test('an unverified account still answers someone who wrote first', async ({
    client,
    assert,
  }) => {
    const newcomer = await UserFactory.apply('unverified').create()
    const master = await UserFactory.create()
    const { id } = await chatService.directConversation(master.id, newcomer.id)
    const opened = await client
      .post(`/users/${master.id}/message`)
      .loginAs(newcomer)
      .withCsrfToken()
      .redirects(0)
    opened.assertHeader('location', `/messages/${id}`)
    const reply = await client
      .post(`/messages/${id}`)
      .form({ body: '谢谢老师', clientId: crypto.randomUUID() })
      .loginAs(newcomer)
      .withCsrfToken()
      .redirects(0)
    reply.assertStatus(302)
    assert.equal(await countRows('messages', { conversation_id: id, sender_id: newcomer.id }), 1)
  })

  test('a verified account messages anyone', async ({ client }) => {
    const member = await UserFactory.create()
    const stranger = await UserFactory.create()
    const response = await client
      .post(`/users/${stranger.id}/message`)
      .loginAs(member)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
  })
})
