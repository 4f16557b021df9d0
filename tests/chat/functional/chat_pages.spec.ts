import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import { UserFactory } from '#database/factories/user_factory'
import { chatService } from '#chat/index'
import { countRows, en, fieldErrors, isolateEachTest, zh } from '#tests/helpers'
import { conversationPair, unreadIn, unreadTotal } from '#tests/chat/chat_helpers'
import { eventually, TestSocket } from '#tests/realtime/ws_client'

/** The conversation page as this user sees it. */
async function pageText(client: ApiClient, conversationId: number, user: User) {
  const response = await client.get(`/messages/${conversationId}`).loginAs(user)
  return response.text()
}

/** The conversation list as this user sees it. */
async function listText(client: ApiClient, user: User) {
  const response = await client.get('/messages').loginAs(user)
  return response.text()
}

/** The send form posted without JavaScript (a fresh client id unless given); redirects not followed. */
function postMessage(
  client: ApiClient,
  conversationId: number,
  user: User,
  body: string,
  clientId: string = randomUUID()
) {
  return client
    .post(`/messages/${conversationId}`)
    .form({ body, clientId })
    .withCsrfToken()
    .loginAs(user)
    .redirects(0)
}

const say = (conversationId: number, senderId: number, body: string) =>
  chatService.send(conversationId, senderId, randomUUID(), body).then(({ message }) => message)

/** The clientId the page rendered into its send form. */
const clientIdIn = (html: string) => html.match(/name="clientId" value="([^"]+)"/)![1]

test.group('Chat pages: the conversation list', (group) => {
  isolateEachTest(group)

  test('lists my conversations with the other person, the last message, unread counts and presence', async ({
    client,
    assert,
  }) => {
    const { a, b, id } = await conversationPair()
    await say(id, b.id, '你好，林师傅')
    await say(id, b.id, '明天有空吗？')
    const response = await client.get('/messages').loginAs(a)
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, b.displayName)
    assert.include(html, '明天有空吗？')
    assert.include(html, zh('chat.unread', { count: 2 }))
    assert.include(html, zh('chat.offline'))
    assert.include(html, `href="/messages/${id}"`)
    // the header counts unread messages
    assert.include(html, zh('chat.nav_unread', { count: 2 }))
  })

  test('no conversations: an empty state saying how to start one', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const response = await client.get('/messages').loginAs(user)
    response.assertStatus(200)
    assert.include(response.text(), en('chat.empty'))
    assert.include(response.text(), en('chat.nav'))
  })
})

test.group('Chat pages: a conversation', (group) => {
  isolateEachTest(group)

  test('a member sees the history, newest at the bottom; opening it reads it', async ({
    client,
    assert,
  }) => {
    const { a, b, id } = await conversationPair()
    await say(id, b.id, 'first message')
    await say(id, a.id, 'second message')
    await say(id, b.id, 'third message')
    // sending reads what came before: only the third is unread
    assert.equal(await unreadTotal(a.id), 1)

    const response = await client.get(`/messages/${id}`).loginAs(a)
    response.assertStatus(200)
    const html = response.text()
    assert.isBelow(html.indexOf('first message'), html.indexOf('second message'))
    assert.isBelow(html.indexOf('second message'), html.indexOf('third message'))
    assert.include(html, 'x-data="chat"')
    assert.match(clientIdIn(html), /^[0-9a-f-]{36}$/)
    assert.equal(await unreadTotal(a.id), 0)
  })

  test('the page’s WebSocket ticket counts against the 30 a minute of the ticket endpoint; past them the page comes without one', async ({
    client,
    assert,
  }) => {
    const { a, id } = await conversationPair()
    const ticketIn = (html: string) => html.match(/data-ticket="([^"]*)"/)![1]
    const mint = () => client.post('/realtime/ws-ticket').loginAs(a).withCsrfToken()

    const first = await client.get(`/messages/${id}`).loginAs(a)
    first.assertStatus(200)
    assert.isNotEmpty(ticketIn(first.text()))
    for (let index = 1; index < 30; index++) {
      const minted = await mint()
      minted.assertStatus(200)
    }
    const refused = await mint()
    refused.assertStatus(429)

    const over = await client.get(`/messages/${id}`).loginAs(a)
    over.assertStatus(200)
    assert.equal(ticketIn(over.text()), '', 'no ticket past the limit')
    assert.include(over.text(), 'x-data="chat"')
  })

  test('"已读" shows on my last message once the other person has read it', async ({
    client,
    assert,
  }) => {
    const { a, b, id } = await conversationPair()
    const mine = await say(id, a.id, '请看我的作品')
    let html = await pageText(client, id, a)
    assert.notInclude(html, `<span class="chat-read">${zh('chat.read')}</span>`)
    await chatService.markRead(id, b.id, mine.id)
    html = await pageText(client, id, a)
    assert.include(html, `<span class="chat-read">${zh('chat.read')}</span>`)
  })

  test('someone else’s conversation: 403 with the reason; no such conversation: 404', async ({
    client,
    assert,
  }) => {
    const { id } = await conversationPair()
    const stranger = await UserFactory.apply('chinese').create()
    const response = await client.get(`/messages/${id}`).loginAs(stranger)
    response.assertStatus(403)
    assert.include(response.text(), zh('chat.errors.not_member'))

    const post = await postMessage(client, id, stranger, 'let me in')
    post.assertStatus(403)
    assert.equal(await countRows('messages', { conversation_id: id }), 0)

    const missing = await client.get('/messages/99999999').loginAs(stranger)
    missing.assertStatus(404)
  })

  test('links in messages become safe links; markup stays text', async ({ client, assert }) => {
    const { a, b, id } = await conversationPair()
    await say(id, b.id, '看这个 https://example.com/pots?a=1&b=2。<script>alert(1)</script>')
    const html = await pageText(client, id, a)
    assert.include(
      html,
      '<a href="https://example.com/pots?a=1&amp;b=2" rel="noopener nofollow ugc" target="_blank">https://example.com/pots?a=1&amp;b=2</a>'
    )
    // exactly the text: no stray whitespace (the bubble keeps line breaks)
    assert.include(
      html,
      '<p class="chat-bubble">看这个 <a href="https://example.com/pots?a=1&amp;b=2" rel="noopener nofollow ugc" target="_blank">https://example.com/pots?a=1&amp;b=2</a>。&lt;script&gt;alert(1)&lt;/script&gt;</p>'
    )
    assert.notInclude(html, '<script>alert(1)')
  })

  test('"load earlier" pages back by id, as a page and as an htmx fragment', async ({
    client,
    assert,
  }) => {
    const { a, b, id } = await conversationPair()
    const sent = []
    for (let index = 1; index <= 35; index++) {
      sent.push(await say(id, index % 2 ? a.id : b.id, `message-${String(index).padStart(2, '0')}`))
    }
    const latest = await pageText(client, id, a)
    assert.include(latest, 'message-35')
    assert.include(latest, 'message-06')
    assert.notInclude(latest, 'message-05')
    assert.include(latest, `?before=${sent[5].id}`)

    const earlier = await client.get(`/messages/${id}?before=${sent[5].id}`).loginAs(a)
    earlier.assertStatus(200)
    assert.include(earlier.text(), 'message-01')
    assert.include(earlier.text(), 'message-05')
    assert.notInclude(earlier.text(), 'message-06')
    assert.notInclude(earlier.text(), 'id="chat-earlier"')

    const fragment = await client
      .get(`/messages/${id}?before=${sent[5].id}`)
      .header('HX-Request', 'true')
      .loginAs(a)
    fragment.assertStatus(200)
    assert.notInclude(fragment.text(), '<html')
    assert.include(fragment.text(), 'message-01')
    assert.include(fragment.text(), 'id="m')
    assert.include(String(fragment.header('vary')), 'HX-Request')

    // a boosted navigation (htmx 4: HX-Request-Type full) wants the whole page
    const boosted = await client
      .get(`/messages/${id}?before=${sent[5].id}`)
      .header('HX-Request', 'true')
      .header('HX-Request-Type', 'full')
      .loginAs(a)
    assert.include(boosted.text(), '<html')
    assert.include(boosted.text(), 'message-01')
  })
})

test.group('Chat pages: sending without JavaScript', (group) => {
  isolateEachTest(group)

  test('the form stores the message and goes back to the conversation; a double submit stores it once', async ({
    client,
    assert,
  }) => {
    const { a, b, id } = await conversationPair()
    const clientId = clientIdIn(await pageText(client, id, a))
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await postMessage(client, id, a, '  明天上午十点见  ', clientId)
      response.assertStatus(302)
      assert.match(String(response.header('location')), new RegExp(`^/messages/${id}#m\\d+$`))
    }
    const rows = await db.from('messages').where('conversation_id', id)
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].body, '明天上午十点见')
    assert.equal(await unreadIn(b.id, id), 1)
  })

  test('too long or empty: the form says why in my language and nothing is stored', async ({
    client,
    assert,
  }) => {
    const { a, id } = await conversationPair('zh-CN', 'en')
    const tooLong = await postMessage(client, id, a, '长'.repeat(2001))
    tooLong.assertStatus(302)
    assert.deepEqual(fieldErrors(tooLong).body, [
      zh('validator.shared.messages.body.maxLength', { max: 2000 }),
    ])

    const empty = await postMessage(client, id, a, '   ')
    assert.isDefined(fieldErrors(empty).body)
    assert.equal(await countRows('messages', { conversation_id: id }), 0)

    // and the page shows the error on the form
    const page = await client
      .get(`/messages/${id}`)
      .loginAs(a)
      .withFlashMessages({
        inputErrorsBag: { body: [zh('validator.shared.messages.body.maxLength', { max: 2000 })] },
      })
    assert.include(page.text(), zh('validator.shared.messages.body.maxLength', { max: 2000 }))
  })

  test('more than 30 form posts a minute: 429, nothing more stored', async ({ client, assert }) => {
    const { a, id } = await conversationPair()
    const post = () => postMessage(client, id, a, 'again')
    for (let index = 0; index < 30; index++) {
      const accepted = await post()
      accepted.assertStatus(302)
    }
    const refused = await post()
    refused.assertStatus(429)
    assert.equal(await countRows('messages', { conversation_id: id }), 30)
  })

  test('exactly 2000 characters is fine', async ({ client, assert }) => {
    const { a, id } = await conversationPair()
    const response = await postMessage(client, id, a, '长'.repeat(2000))
    response.assertStatus(302)
    assert.equal(await countRows('messages', { conversation_id: id }), 1)
  })
})

test.group('Chat pages: starting a conversation and blocking', (group) => {
  isolateEachTest(group)

  test('from a profile: the message button opens the one conversation of the two', async ({
    client,
    assert,
  }) => {
    const me = await UserFactory.apply('chinese').create()
    const master = await UserFactory.apply('chinese').create()
    const profile = await client.get(`/users/${master.id}`).loginAs(me)
    assert.include(profile.text(), `action="/users/${master.id}/message"`)
    const own = await client.get(`/users/${master.id}`).loginAs(master)
    assert.notInclude(own.text(), `action="/users/${master.id}/message"`)
    const guest = await client.get(`/users/${master.id}`)
    assert.notInclude(guest.text(), `/message"`)

    const first = await client
      .post(`/users/${master.id}/message`)
      .withCsrfToken()
      .loginAs(me)
      .redirects(0)
    first.assertStatus(302)
    const location = String(first.header('location'))
    assert.match(location, /^\/messages\/\d+$/)
    const again = await client
      .post(`/users/${me.id}/message`)
      .withCsrfToken()
      .loginAs(master)
      .redirects(0)
    assert.equal(again.header('location'), location)
    assert.equal(await countRows('conversations', { kind: 'direct' }), 1)
  })

  test('myself or nobody: a clear refusal', async ({ client, assert }) => {
    const me = await UserFactory.apply('chinese').create()
    const self = await client.post(`/users/${me.id}/message`).withCsrfToken().loginAs(me)
    self.assertStatus(422)
    assert.include(self.text(), zh('chat.errors.self'))
    const nobody = await client.post('/users/99999999/message').withCsrfToken().loginAs(me)
    nobody.assertStatus(404)
    const blockSelf = await client.post(`/users/${me.id}/block`).withCsrfToken().loginAs(me)
    blockSelf.assertStatus(422)
  })

  test('across a block the page does not tell whether the other person is online', async ({
    client,
    assert,
  }) => {
    const { a, b, id } = await conversationPair()
    const theirs = await TestSocket.of(client, b)
    const onlineMark = 'class="chat-online"'
    await eventually(async () => {
      const html = await pageText(client, id, a)
      return html.includes(onlineMark)
    })
    assert.include(await listText(client, a), onlineMark)

    await chatService.block(b.id, a.id)
    for (const viewer of [a, b]) {
      assert.notInclude(await pageText(client, id, viewer), onlineMark)
      assert.notInclude(await listText(client, viewer), onlineMark)
    }
    await theirs.close()
  })

  test('the list shows my last message with a translated "me" prefix', async ({
    client,
    assert,
  }) => {
    const { a, b, id } = await conversationPair('en', 'zh-CN')
    await say(id, a.id, 'see you')
    const english = await client.get('/messages').loginAs(a)
    assert.include(english.text(), en('chat.you_said', { body: 'see you' }))
    assert.notInclude(english.text(), '：')
    await say(id, b.id, '好的')
    await say(id, b.id, '明天见')
    const last = await say(id, b.id, '我来')
    await chatService.markRead(id, b.id, last.id)
    const chinese = await client.get('/messages').loginAs(b)
    assert.include(chinese.text(), zh('chat.you_said', { body: '我来' }))
  })

  test('a block stops messages both ways and new conversations; unblocking allows them again', async ({
    client,
    assert,
  }) => {
    const { a, b, id } = await conversationPair()
    const blocked = await client
      .post(`/users/${b.id}/block`)
      .form({ back: `/messages/${id}` })
      .withCsrfToken()
      .loginAs(a)
      .redirects(0)
    blocked.assertStatus(302)
    assert.equal(blocked.header('location'), `/messages/${id}`)

    const mine = await client.get(`/messages/${id}`).loginAs(a)
    assert.include(mine.text(), zh('chat.you_blocked'))
    assert.include(mine.text(), `action="/users/${b.id}/unblock"`)
    assert.notInclude(mine.text(), 'name="clientId"')
    const theirs = await client.get(`/messages/${id}`).loginAs(b)
    assert.include(theirs.text(), zh('chat.blocked_you'))

    for (const sender of [a, b]) {
      const response = await postMessage(client, id, sender, 'hello?')
      response.assertStatus(403)
      assert.include(response.text(), zh('chat.errors.blocked'))
    }
    await db.from('conversation_members').where('conversation_id', id).delete()
    await db.from('conversations').where('id', id).delete()
    const start = await client.post(`/users/${a.id}/message`).withCsrfToken().loginAs(b)
    start.assertStatus(403)
    assert.include(start.text(), zh('chat.errors.blocked'))
    assert.equal(await countRows('messages'), 0)

    const unblocked = await client
      .post(`/users/${b.id}/unblock`)
      .withCsrfToken()
      .loginAs(a)
      .redirects(0)
    unblocked.assertStatus(302)
    const restarted = await client
      .post(`/users/${a.id}/message`)
      .withCsrfToken()
      .loginAs(b)
      .redirects(0)
    restarted.assertStatus(302)
  })
})

test.group('Chat demo data', (group) => {
  isolateEachTest(group)

  test('林师傅 and 小周 have one conversation with a few messages, however often it is seeded', async ({
    assert,
  }) => {
    const { seedDemoChat } = await import('#database/demo/demo_chat')
    const master = await UserFactory.merge({ email: 'master@example.com' }).create()
    const apprentice = await UserFactory.merge({ email: 'apprentice@example.com' }).create()
    await seedDemoChat(db.connection())
    await seedDemoChat(db.connection())
    const conversations = await chatService.conversationsOf(master.id)
    assert.lengthOf(conversations, 1)
    assert.deepEqual(conversations[0].otherIds, [apprentice.id])
    assert.equal(await countRows('messages', { conversation_id: conversations[0].id }), 5)
    assert.equal(conversations[0].unread, 1)
  })
})
