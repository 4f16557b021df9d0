import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import type User from '#identity/models/user'
import { UserFactory } from '#database/factories/user_factory'
import { chatService } from '#chat/index'
import { wsHub } from '#realtime/index'
import { countRows, en, isolateEachTest, zh } from '#tests/helpers'
import { conversationPair, sendOver, unreadIn, unreadTotal } from '#tests/chat/chat_helpers'
import { eventually, TestSocket } from '#tests/realtime/ws_client'

/** A Chinese member `a` and an English member `b` of a direct conversation. */
const pair = () => conversationPair('zh-CN', 'en')

/** A socket of the user that joined the conversation's room. */
async function joined(client: ApiClient, user: User, conversationId: number) {
  const socket = await TestSocket.of(client, user)
  const reply = await socket.request({ type: 'join', room: `conversation:${conversationId}` })
  if (reply.type !== 'joined') throw new Error(`join refused: ${JSON.stringify(reply)}`)
  return socket
}

/** A `pair()` whose members both have a socket in the conversation's room. */
async function joinedPair(client: ApiClient) {
  const { a, b, id } = await pair()
  return { a, b, id, aSocket: await joined(client, a, id), bSocket: await joined(client, b, id) }
}

/** The local time a message item shows. */
const timeIn = (html: string) => html.match(/<time [^>]*>([^<]*)<\/time>/)?.[1]

const readUpTo = (socket: TestSocket, conversationId: number, upToId: number) =>
  socket.request({ type: 'chat.read', conversationId, upToId })

test.group('Chat over WebSocket', (group) => {
  isolateEachTest(group)

  test('chat.send stores, acknowledges with the stored message, and reaches the room; the other gets an unread count', async ({
    client,
    assert,
  }) => {
    const { a, id, aSocket: sender, bSocket: receiver } = await joinedPair(client)
    const clientId = randomUUID()

    const ack = await sendOver(sender, id, ' 你好 ', clientId)
    assert.equal(ack.type, 'chat.sent')
    assert.equal(ack.message.body, '你好')
    assert.equal(ack.message.clientId, clientId)
    assert.equal(ack.message.senderId, a.id)

    const { html, ...delivered } = await receiver.nextOfType('chat.message')
    assert.deepEqual(delivered, { type: 'chat.message', conversationId: id, message: ack.message })
    assert.include(html, `id="m${ack.message.id}"`)
    assert.deepInclude(await receiver.nextOfType('chat.unread'), {
      conversationId: id,
      unread: 1,
      total: 1,
    })
    assert.equal(await countRows('messages', { conversation_id: id }), 1)
    await Promise.all([sender.close(), receiver.close()])
  })

  test('each member gets the message as their own page shows it: language, time zone, mine or theirs', async ({
    client,
    assert,
  }) => {
    const { a, b, id, aSocket: sender, bSocket: receiver } = await joinedPair(client)
    const ack = await sendOver(sender, id, '<b>看</b> https://example.com/pots?a=1&b=2 "quoted"')
    const mine = await sender.nextOfType('chat.message')
    const theirs = await receiver.nextOfType('chat.message')

    // a reload shows the same item, for each of them (a first: b opening the page reads it)
    const aPage = await client.get(`/messages/${id}`).loginAs(a)
    const bPage = await client.get(`/messages/${id}`).loginAs(b)
    assert.include(aPage.text(), ack.html.trim())
    assert.equal(mine.html, ack.html)
    assert.include(bPage.text(), theirs.html.trim())
    assert.include(ack.html, 'class="chat-msg chat-msg-mine"')
    assert.include(theirs.html, 'class="chat-msg"')
    // Shanghai and Paris: the same instant, two local times
    assert.notEqual(timeIn(ack.html), timeIn(theirs.html))
    // every text escaped, the link a link
    for (const html of [ack.html, theirs.html]) {
      assert.include(html, '&lt;b&gt;看&lt;/b&gt;')
      assert.notInclude(html, '<b>')
      assert.include(
        html,
        '<a href="https://example.com/pots?a=1&amp;b=2" rel="noopener nofollow ugc"'
      )
    }
    // a reconnecting page catches up with the same HTML
    const synced = await receiver.request({
      type: 'chat.sync',
      conversationId: id,
      afterId: ack.message.id - 1,
    })
    assert.equal(synced.html, theirs.html)
    await Promise.all([sender.close(), receiver.close()])
  })

  test('a resend with the same client id returns the same message and stores no copy', async ({
    client,
    assert,
  }) => {
    const { id, aSocket: sender, bSocket: receiver } = await joinedPair(client)
    const clientId = randomUUID()
    const first = await sendOver(sender, id, 'once', clientId)
    await receiver.nextOfType('chat.message')
    const second = await sendOver(sender, id, 'once', clientId)
    assert.equal(second.message.id, first.message.id)
    assert.equal(await countRows('messages', { conversation_id: id }), 1)
    assert.isTrue(await receiver.staysQuiet((event) => event.type === 'chat.message'))
    await Promise.all([sender.close(), receiver.close()])
  })

  test('a message that is too long or empty is refused in the sender’s language; nothing is stored', async ({
    client,
    assert,
  }) => {
    const { a, b, id } = await pair()
    const chinese = await joined(client, a, id)
    const tooLong = await sendOver(chinese, id, 'x'.repeat(2001))
    assert.equal(tooLong.code, 'invalid')
    assert.deepInclude(tooLong.errors[0], {
      field: 'body',
      message: zh('validator.shared.messages.body.maxLength', { max: 2000 }),
    })
    const english = await joined(client, b, id)
    const empty = await sendOver(english, id, '   ')
    assert.equal(
      empty.errors[0].message,
      en('validator.shared.messages.body.minLength', { min: 1 })
    )
    assert.equal(await countRows('messages', { conversation_id: id }), 0)
    await Promise.all([chinese.close(), english.close()])
  })

  test('someone else’s conversation: joining, sending, syncing and reading are forbidden', async ({
    client,
    assert,
  }) => {
    const { id } = await pair()
    const stranger = await TestSocket.of(client, await UserFactory.create())
    for (const message of [
      { type: 'join', room: `conversation:${id}` },
      { type: 'chat.send', conversationId: id, clientId: randomUUID(), body: 'hi' },
      { type: 'chat.sync', conversationId: id, afterId: 0 },
      { type: 'chat.read', conversationId: id, upToId: 1 },
      { type: 'chat.typing', conversationId: id },
      { type: 'chat.presence', conversationId: id },
    ]) {
      assert.deepInclude(await stranger.request(message), { type: 'error', code: 'forbidden' })
    }
    assert.equal(await countRows('messages', { conversation_id: id }), 0)
    await stranger.close()
  })

  test('typing is relayed to the others in the room, not back to the typist', async ({
    client,
    assert,
  }) => {
    const { a, id, aSocket: typist, bSocket: other } = await joinedPair(client)
    typist.send({ type: 'chat.typing', conversationId: id })
    assert.deepEqual(await other.nextOfType('chat.typing'), {
      type: 'chat.typing',
      conversationId: id,
      userId: a.id,
    })
    assert.isTrue(await typist.staysQuiet((event) => event.type === 'chat.typing'))
    await Promise.all([typist.close(), other.close()])
  })

  test('reading sends a receipt to the room and lowers the reader’s unread count', async ({
    client,
    assert,
  }) => {
    const { b, id, aSocket: writer, bSocket: reader } = await joinedPair(client)
    const first = await sendOver(writer, id, '1')
    const second = await sendOver(writer, id, '2')
    assert.equal(await unreadTotal(b.id), 2)

    const marked = await readUpTo(reader, id, first.message.id)
    assert.deepInclude(marked, { type: 'chat.marked', upToId: first.message.id })
    assert.deepEqual(await writer.nextOfType('chat.read'), {
      type: 'chat.read',
      conversationId: id,
      userId: b.id,
      upToId: first.message.id,
    })
    assert.equal(await unreadIn(b.id, id), 1)

    // beyond the last message: capped; backwards: no change
    await readUpTo(reader, id, second.message.id + 1000)
    assert.equal(await unreadTotal(b.id), 0)
    const back = await readUpTo(reader, id, first.message.id)
    assert.equal(back.upToId, second.message.id)
    await Promise.all([writer.close(), reader.close()])
  })

  test('after a reconnect, chat.sync returns exactly the missed messages, in order', async ({
    client,
    assert,
  }) => {
    const { b, id, aSocket: writer, bSocket: reader } = await joinedPair(client)
    const seen = await sendOver(writer, id, 'seen')
    await reader.nextOfType('chat.message')
    await reader.close()

    const missed = []
    for (const body of ['m1', 'm2', 'm3']) {
      const ack = await sendOver(writer, id, body)
      missed.push(ack.message)
    }
    const reconnected = await joined(client, b, id)
    const synced = await reconnected.request({
      type: 'chat.sync',
      conversationId: id,
      afterId: seen.message.id,
    })
    assert.equal(synced.type, 'chat.synced')
    assert.deepEqual(synced.messages, missed)
    assert.isFalse(synced.hasMore)
    await Promise.all([writer.close(), reconnected.close()])
  })

  test('a block stops messages both ways and closes the room to both', async ({
    client,
    assert,
  }) => {
    const { a, b, id } = await pair()
    const aSocket = await joined(client, a, id)
    await chatService.block(b.id, a.id)
    const bSocket = await TestSocket.of(client, b)
    assert.deepInclude(await bSocket.request({ type: 'join', room: `conversation:${id}` }), {
      code: 'forbidden',
    })
    const fromA = await sendOver(aSocket, id, 'hi')
    assert.deepEqual(fromA, {
      type: 'error',
      code: 'chat.blocked',
      message: zh('chat.errors.blocked'),
      for: 'chat.send',
      re: fromA.re,
    })
    const fromB = await sendOver(bSocket, id, 'hi')
    assert.equal(fromB.code, 'chat.blocked')
    assert.equal(fromB.message, en('chat.errors.blocked'))
    assert.equal(await countRows('messages', { conversation_id: id }), 0)
    await Promise.all([aSocket.close(), bSocket.close()])
  })

  test('a block takes both people already in the room out of it, on the spot', async ({
    client,
    assert,
  }) => {
    const { a, b, id, aSocket, bSocket } = await joinedPair(client)
    await chatService.block(a.id, b.id)

    // both are told, so the page shows the blocked state
    for (const socket of [aSocket, bSocket]) {
      assert.deepEqual(await socket.nextOfType('chat.blocked'), {
        type: 'chat.blocked',
        conversationId: id,
      })
    }
    // and nothing published to the room reaches them any more
    await wsHub.publishToRoom(`conversation:${id}`, { type: 'probe' })
    for (const socket of [aSocket, bSocket]) {
      assert.isTrue(await socket.staysQuiet((event) => event.type === 'probe'))
    }
    // B's open socket can neither type to A nor see whether A is online
    for (const message of [
      { type: 'chat.typing', conversationId: id },
      { type: 'chat.presence', conversationId: id },
    ]) {
      assert.deepInclude(await bSocket.request(message), { type: 'error', code: 'forbidden' })
    }
    assert.isTrue(await aSocket.staysQuiet((event) => event.type === 'chat.typing'))
    await Promise.all([aSocket.close(), bSocket.close()])
  })

  test('typing and presence are refused across a block even for a socket still in the room', async ({
    client,
    assert,
  }) => {
    const { a, b, id, aSocket, bSocket } = await joinedPair(client)
    // the block row alone, without the eviction (e.g. a hub message lost)
    await db.table('user_blocks').insert({ blocker_id: a.id, blocked_id: b.id })
    assert.deepInclude(await bSocket.request({ type: 'chat.typing', conversationId: id }), {
      code: 'forbidden',
    })
    assert.deepInclude(await bSocket.request({ type: 'chat.presence', conversationId: id }), {
      code: 'forbidden',
    })
    assert.isTrue(await aSocket.staysQuiet((event) => event.type === 'chat.typing'))
    await Promise.all([aSocket.close(), bSocket.close()])
  })

  test('across a block, coming online or leaving is not announced to the other', async ({
    client,
    assert,
  }) => {
    const { a, b, id } = await pair()
    assert.include(await chatService.conversationIdsOf(b.id), id)
    await chatService.block(b.id, a.id)
    assert.notInclude(await chatService.conversationIdsOf(b.id), id)
    assert.notInclude(await chatService.conversationIdsOf(a.id), id)

    const mine = await TestSocket.of(client, a)
    const theirs = await TestSocket.of(client, b)
    assert.isTrue(await mine.staysQuiet((event) => event.type === 'chat.presence'))
    await Promise.all([mine.close(), theirs.close()])
  })

  test('sending over the socket shares the per-user allowance of the form: over it, rate_limited and nothing stored', async ({
    client,
    assert,
  }) => {
    const { a, id } = await conversationPair('zh-CN', 'en')
    const socket = await joined(client, a, id)
    const acks = await Promise.all(
      Array.from({ length: 30 }, (_, index) => sendOver(socket, id, `m${index}`))
    )
    assert.isTrue(acks.every((ack) => ack.type === 'chat.sent'))

    const refused = await sendOver(socket, id, 'one too many')
    assert.deepInclude(refused, {
      type: 'error',
      code: 'rate_limited',
      message: zh('chat.errors.rate_limited'),
      for: 'chat.send',
    })
    // the form draws on the same allowance
    const form = await client
      .post(`/messages/${id}`)
      .form({ body: 'by form', clientId: randomUUID() })
      .withCsrfToken()
      .loginAs(a)
      .redirects(0)
    form.assertStatus(429)
    assert.equal(await countRows('messages', { conversation_id: id }), 30)
    await socket.close()
  })

  test('chat.presence tells whether the other person is online', async ({ client, assert }) => {
    const { a, b, id } = await pair()
    const mine = await joined(client, a, id)
    const offline = await mine.request({ type: 'chat.presence', conversationId: id })
    assert.deepEqual(offline.users, [{ userId: b.id, online: false, lastSeenAt: null }])
    const theirs = await joined(client, b, id)
    await eventually(async () => {
      const reply = await mine.request({ type: 'chat.presence', conversationId: id })
      return reply.users[0].online === true
    })
    await Promise.all([mine.close(), theirs.close()])
  })

  test('the other members hear at once when someone comes online and when they leave', async ({
    client,
    assert,
  }) => {
    const { a, b, id } = await pair()
    const mine = await joined(client, a, id)
    const isPresence = (event: { type: string }) => event.type === 'chat.presence'

    const theirs = await TestSocket.of(client, b)
    const cameOnline = await mine.next(isPresence)
    assert.deepEqual(cameOnline.users, [{ userId: b.id, online: true, lastSeenAt: null }])
    assert.isTrue(await theirs.staysQuiet(isPresence), 'nobody is told about themselves')

    await theirs.close()
    const left = await mine.next(isPresence)
    assert.equal(left.users[0].userId, b.id)
    assert.isFalse(left.users[0].online)
    assert.isString(left.users[0].lastSeenAt)
    await mine.close()
  })
})
