import { test } from '@japa/runner'
import transmit from '@adonisjs/transmit/services/main'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { randomUUID } from 'node:crypto'
import { queryObjects } from 'node:v8'
import { HttpContext } from '@adonisjs/core/http'
import { chatService } from '#chat/index'
import { notificationService } from '#realtime/index'
import { CATCH_UP_LIMIT } from '#realtime/services/notification_reads'
import { streamLimits } from '#realtime/controllers/event_stream_controller'
import { en, isolateEachTest, logInThroughForm } from '#tests/helpers'
import { browserOf, feed, SseStream, subscribe, type Browser } from '#tests/realtime/sse_client'
import { eventually } from '#tests/realtime/ws_client'

const channelOf = (user: User) => `users/${user.id}/notifications`

function notify(user: User, reason: string) {
  return notificationService.notify(user.id, 'certification.rejected', {
    fieldNameZh: '陶艺',
    fieldNameEn: 'Ceramics',
    reason,
  })
}

let streams: SseStream[] = []

/** Opens a stream subscribed to the user's own notifications; closed after each test. */
async function listening(browser: Browser, user: User) {
  const stream = await SseStream.open(browser)
  streams.push(stream)
  const response = await subscribe(browser, stream.uid, channelOf(user))
  if (response.status !== 204) throw new Error(`subscribe answered ${response.status}`)
  return stream
}

/** A new user signed in through the form, listening to their notifications. */
async function listeningUser(client: ApiClient) {
  const user = await UserFactory.create()
  const browser = await browserOf(client, user.email, DEFAULT_PASSWORD)
  return { user, browser, stream: await listening(browser, user) }
}

test.group('Live notifications (Transmit SSE)', (group) => {
  isolateEachTest(group)
  group.each.teardown(() => {
    for (const stream of streams) stream.close()
    streams = []
  })

  test('a stored notification reaches its owner live, in both languages, with the unread count', async ({
    client,
    assert,
  }) => {
    const { user, stream } = await listeningUser(client)
    const other = await UserFactory.create()

    const record = await notify(user, 'glaze too thin')
    await notify(other, 'not for this user')

    const [message] = await stream.received(1)
    assert.equal(message.channel, channelOf(user))
    assert.equal(message.payload.id, record.id)
    assert.include(message.payload.text['zh-CN'], 'glaze too thin')
    assert.include(message.payload.text.en, 'Ceramics')
    assert.equal(message.payload.bell.unread, 1)
    // a later one of the user's own arrives next: the other user's, sent before it, never did
    const sentinel = await notify(user, 'sentinel')
    await stream.received(2)
    assert.deepEqual(
      stream.messages.map(({ payload }) => payload.id),
      [record.id, sentinel.id],
      "another user's notification never arrives"
    )
  })

  test('logging out ends the streams of that browser, not those of another one', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const laptop = await browserOf(client, user.email, DEFAULT_PASSWORD)
    const phone = await browserOf(client, user.email, DEFAULT_PASSWORD)
    const laptopStream = await listening(laptop, user)
    const phoneStream = await listening(phone, user)

    const logout = await fetch(`${laptop.base}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'cookie': laptop.cookie, 'x-csrf-token': laptop.csrf },
    })
    assert.equal(logout.status, 302)
    const ended = await Promise.race([
      laptopStream.ended.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 2000)),
    ])
    assert.isTrue(ended, 'the logged-out browser’s stream is ended')

    await notify(user, 'after the logout')
    const [message] = await phoneStream.received(1)
    assert.include(message.payload.text.en, 'Ceramics')
    assert.lengthOf(laptopStream.messages, 0)
  })

  test('only the owner subscribes to a channel; unknown channels and bad requests are refused', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const other = await UserFactory.create()
    const browser = await browserOf(client, user.email, DEFAULT_PASSWORD)
    const stream = await SseStream.open(browser)
    streams.push(stream)

    const statusOf = (uid: string, channel: string) =>
      subscribe(browser, uid, channel).then((response) => response.status)
    assert.equal(await statusOf(stream.uid, channelOf(other)), 403)
    assert.equal(await statusOf(stream.uid, 'chat/1'), 403)
    assert.equal(await statusOf('not-a-uid', channelOf(user)), 400)
    const noUid = await fetch(`${browser.base}/__transmit/events`, {
      headers: { cookie: browser.cookie },
    })
    assert.equal(noUid.status, 400)
    await notify(other, 'private')
    // once the user's own channel is subscribed, theirs arrives first: the other's never did
    assert.equal(await statusOf(stream.uid, channelOf(user)), 204)
    const sentinel = await notify(user, 'sentinel')
    await stream.received(1)
    assert.deepEqual(
      stream.messages.map(({ payload }) => payload.id),
      [sentinel.id]
    )
  })

  test('a subscriber drops, five are created, it reconnects and gets all five exactly once, in order', async ({
    client,
    assert,
  }) => {
    const { user, browser, stream: first } = await listeningUser(client)
    await notify(user, 'before the drop')
    const [seen] = await first.received(1)
    let lastId = seen.payload.id as number

    // another page of the user stays open: it shows when the five have been announced
    const otherPage = await listening(browser, user)
    first.close()
    await first.ended
    const missed = []
    for (let index = 1; index <= 5; index++) missed.push(await notify(user, `missed-${index}`))
    await otherPage.received(5)

    // what the browser's client does on every (re)connect: subscribe, then catch up by id
    const second = await listening(browser, user)
    const shown: number[] = []
    const show = (id: number) => !shown.includes(id) && shown.push(id)
    const catchUp = await feed(browser, lastId)
    catchUp.items.forEach((item) => show(item.id))
    lastId = shown.at(-1)!
    const after = await notify(user, 'after the reconnect')
    const [live] = await second.received(1)
    show(live.payload.id)

    assert.deepEqual(shown, [...missed.map((record) => record.id), after.id])
    assert.deepEqual(
      catchUp.items.map((item) => item.text.en.includes('missed-')),
      [true, true, true, true, true]
    )
    assert.equal(catchUp.bell.unread, 6)
    assert.lengthOf(second.messages, 1, 'the missed ones are not pushed again')
    assert.lengthOf(first.messages, 1)
  })

  test('a notification stored in a transaction is announced after the commit, never after a rollback', async ({
    client,
    assert,
  }) => {
    const { user, stream } = await listeningUser(client)

    await db
      .transaction(async (trx) => {
        await notificationService.notify(user.id, 'certification.approved', {}, trx)
        throw new Error('the cause failed')
      })
      .catch(() => {})
    const committed = await db.transaction(async (trx) => {
      const record = await notificationService.notify(user.id, 'certification.approved', {}, trx)
      // one stored outside the transaction, after it, arrives while this one is not announced
      const outside = await notify(user, 'outside the transaction')
      await stream.received(1)
      assert.deepEqual(
        stream.messages.map(({ payload }) => payload.id),
        [outside.id],
        'nothing is announced before the commit'
      )
      return record
    })

    await stream.received(2)
    assert.equal(stream.messages[1].payload.id, committed.id)
    // and only once: a later one arrives next
    const sentinel = await notify(user, 'sentinel')
    await stream.received(3)
    assert.deepEqual(stream.messages.map(({ payload }) => payload.id).slice(1), [
      committed.id,
      sentinel.id,
    ])
  })

  test("a chat message updates the reader's header count over the same stream", async ({
    client,
    assert,
  }) => {
    const { user, stream } = await listeningUser(client)
    const sender = await UserFactory.create()
    const conversation = await chatService.directConversation(sender.id, user.id)

    await chatService.send(conversation.id, sender.id, randomUUID(), '明天上午十点视频聊？')

    const [message] = await stream.received(1)
    assert.equal(message.payload.type, 'chat.unread')
    assert.equal(message.payload.total, 1)
    assert.include(message.payload.label.en, '1')
  })

  test('one user may hold only so many streams at once; a closed one frees its place', async ({
    client,
    assert,
    cleanup,
  }) => {
    streamLimits.perUser = 2
    cleanup(() => {
      streamLimits.perUser = 20
    })
    const user = await UserFactory.create()
    const browser = await browserOf(client, user.email, DEFAULT_PASSWORD)
    const first = await listening(browser, user)
    await listening(browser, user)

    await assert.rejects(() => SseStream.open(browser), /429/)

    first.close()
    await first.ended
    await listening(browser, user)
  })

  test("an open stream does not keep its request's HttpContext (session, user, view…) alive", async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const browser = await browserOf(client, user.email, DEFAULT_PASSWORD)
    const open = []
    for (let i = 0; i < 10; i++) open.push(await listening(browser, user))
    await notify(user, 'delivered to every stream')
    await Promise.all(open.map((stream) => stream.received(1)))

    // counted after a full garbage collection, with the streams open and once they closed
    const whileOpen = queryObjects(HttpContext, { format: 'count' })
    for (const stream of open) stream.close()
    // the server has let go of all ten (Transmit drops a stream when its response closes)
    const uids = new Set<string>(open.map((stream) => stream.uid))
    const subscribers = () => [...transmit.getManager().getAllSubscribers()]
    await eventually(() => !subscribers().some(([stream]) => uids.has(stream.getUid())))
    const kept = whileOpen - queryObjects(HttpContext, { format: 'count' })
    assert.isBelow(kept, 5, `10 open streams kept ${kept} request contexts`)
  })

  test("an event stream carries the headers of any response, not a page's", async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const browser = await browserOf(client, user.email, DEFAULT_PASSWORD)
    const abort = new AbortController()
    const response = await fetch(`${browser.base}/__transmit/events?uid=${randomUUID()}`, {
      headers: { cookie: browser.cookie, accept: 'text/event-stream' },
      signal: abort.signal,
    })
    abort.abort()
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('content-type'), 'text/event-stream')
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff')
    assert.isNull(response.headers.get('content-encoding'))
    // kept in memory for the stream's life, and meaningless for it
    assert.isNull(response.headers.get('content-security-policy'))
    assert.isNull(response.headers.get('set-cookie'))
  })

  test('the feed answers a page at a time and says when there is more', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    for (let index = 0; index <= CATCH_UP_LIMIT; index++) await notify(user, `第${index}条`)

    const first = await client.get('/notifications/feed?after=0').loginAs(user)
    assert.lengthOf(first.body().items, CATCH_UP_LIMIT)
    assert.isTrue(first.body().more)
    const lastId = first.body().items.at(-1).id
    const rest = await client.get(`/notifications/feed?after=${lastId}`).loginAs(user)
    assert.lengthOf(rest.body().items, 1)
    assert.isFalse(rest.body().more)
  })

  test("the bell's own requests do not eat the flash message meant for the next page", async ({
    client,
  }) => {
    const user = await UserFactory.create()
    const { sessionId } = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
    })
    await client
      .post('/settings/profile')
      .usingSession(sessionId)
      .form({ displayName: 'Tao', locale: 'en', timeZone: 'Asia/Shanghai' })
      .withCsrfToken()
      .redirects(0)

    // the live bell catches up while the browser follows the redirect
    await client.get('/notifications/feed?after=0').usingSession(sessionId)
    const page = await client.get('/settings/profile').usingSession(sessionId)

    page.assertTextIncludes(en('settings.profile.saved'))
  })

  test('the feed is private and tolerates a bad cursor', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const other = await UserFactory.create()
    await notify(other, 'private')
    const mine = await notify(user, 'mine')

    const response = await client.get('/notifications/feed?after=abc').loginAs(user)
    response.assertStatus(200)
    assert.deepEqual(
      response.body().items.map((item: { id: number }) => item.id),
      [mine.id]
    )
    const guest = await client.get('/notifications/feed').redirects(0)
    guest.assertHeader('location', '/login')
  })
})
