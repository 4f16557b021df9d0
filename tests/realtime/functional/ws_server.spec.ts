import { test } from '@japa/runner'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import WebSocket from 'ws'
import { UserFactory } from '#database/factories/user_factory'
import { presence, wsHub, wsRooms } from '#realtime/ws/index'
import { Connection, type SocketLike } from '#realtime/ws/connection'
import { localConnections } from '#realtime/ws/local_connections'
import { wsSettings } from '#realtime/ws/settings'
import { wsTickets } from '#realtime/ws/tickets'
import { WsServer, wsServer } from '#realtime/ws/ws_server'
import { en, isolateEachTest, zh } from '#tests/helpers'
import {
  eventually,
  handshakeStatus,
  OWN_ORIGIN,
  TestSocket,
  ticketFor,
  wsUrl,
} from '#tests/realtime/ws_client'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function statusOf(userId: number) {
  const statuses = await presence.status([userId])
  return statuses.get(userId)!
}

async function isOnline(userId: number) {
  const { online } = await statusOf(userId)
  return online
}

test.group('WebSocket: tickets and handshake', (group) => {
  isolateEachTest(group)

  test('a signed-in user gets a ticket that opens one socket, once', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const response = await client.post('/realtime/ws-ticket').loginAs(user).withCsrfToken()
    response.assertStatus(200)
    assert.equal(response.body().expiresIn, 60)
    assert.equal(response.header('cache-control'), 'no-store')
    const { ticket } = response.body()

    const socket = await TestSocket.open(wsUrl(ticket))
    assert.deepInclude(await socket.request({ type: 'ping' }), { type: 'pong' })
    assert.equal(await handshakeStatus(wsUrl(ticket)), 401)
    await socket.close()
  })

  test('a guest gets no ticket: the login page instead', async ({ client, assert }) => {
    const response = await client.post('/realtime/ws-ticket').withCsrfToken().redirects(0)
    response.assertStatus(302)
    assert.match(String(response.header('location')), /^\/login/)
  })

  test('no ticket, a forged one or an expired one: 401', async ({ assert }) => {
    const user = await UserFactory.create()
    assert.equal(await handshakeStatus(wsUrl()), 401)
    assert.equal(await handshakeStatus(wsUrl('not-a-ticket')), 401)
    const { ticket } = await wsTickets.issue(user.id, 'en', 50)
    await sleep(120)
    assert.equal(await handshakeStatus(wsUrl(ticket)), 401)
  })

  test('a handshake from another site: 403, and the ticket is not used up', async ({
    client,
    assert,
  }) => {
    const ticket = await ticketFor(client, await UserFactory.create())
    assert.equal(await handshakeStatus(wsUrl(ticket), { origin: 'https://evil.example' }), 403)
    assert.equal(await handshakeStatus(wsUrl(ticket), { origin: OWN_ORIGIN }), 101)
  })

  test('an upgrade on another path is dropped', async ({ client, assert }) => {
    const ticket = await ticketFor(client, await UserFactory.create())
    await assert.rejects(() => handshakeStatus(wsUrl(ticket, '/elsewhere')))
  })
})

test.group('WebSocket: messages', (group) => {
  isolateEachTest(group)

  test('a frame over 16 KB closes that socket with 1009; others are still served', async ({
    client,
    assert,
  }) => {
    const big = await TestSocket.of(client, await UserFactory.create())
    const other = await TestSocket.of(client, await UserFactory.create())
    big.ws.send('x'.repeat(wsSettings.maxPayloadBytes + 1))
    assert.equal(await big.closeCode(), 1009)
    assert.isTrue(await other.answersPing())
    await other.close()
  })

  test('bad JSON, an unknown type and an invalid payload get errors in the user language; the socket stays open', async ({
    client,
    assert,
  }) => {
    const chinese = await TestSocket.of(client, await UserFactory.apply('chinese').create())
    chinese.ws.send('{not json')
    assert.deepEqual(await chinese.nextOfType('error'), {
      type: 'error',
      code: 'bad_json',
      message: zh('realtime.ws.bad_json'),
    })

    const english = await TestSocket.of(client, await UserFactory.create())
    english.send({ type: 'no.such.thing', id: 'a1' })
    assert.deepEqual(await english.next((event) => event.re === 'a1'), {
      type: 'error',
      code: 'unknown_type',
      message: en('realtime.ws.unknown_type'),
      for: 'no.such.thing',
      re: 'a1',
    })
    const invalid = await english.request({ type: 'join', room: 'no room here' })
    assert.equal(invalid.code, 'invalid')
    assert.equal(invalid.message, en('realtime.ws.invalid'))
    assert.equal(invalid.errors[0].field, 'room')
    assert.isTrue(await english.answersPing())
    assert.isTrue(await chinese.answersPing())
    await Promise.all([chinese.close(), english.close()])
  })

  test('joining a room: its type policy decides', async ({ client, assert, cleanup }) => {
    // a test room type: a user may join only the room with their own id
    cleanup(wsRooms.register('selfroom', { authorize: (userId, id) => id === String(userId) }))
    const user = await UserFactory.create()
    const someoneElse = await UserFactory.create()
    const socket = await TestSocket.of(client, user)

    assert.deepInclude(await socket.request({ type: 'join', room: `selfroom:${user.id}` }), {
      type: 'joined',
      room: `selfroom:${user.id}`,
    })
    for (const room of [`selfroom:${someoneElse.id}`, `unregistered:${user.id}`]) {
      assert.deepInclude(await socket.request({ type: 'join', room }), {
        type: 'error',
        code: 'forbidden',
      })
    }

    await wsHub.publishToRoom(`selfroom:${someoneElse.id}`, { type: 'test.secret' })
    await wsHub.publishToRoom(`selfroom:${user.id}`, { type: 'test.news', n: 1 })
    assert.deepEqual(await socket.next((event) => event.type.startsWith('test.')), {
      type: 'test.news',
      n: 1,
    })

    assert.deepInclude(await socket.request({ type: 'leave', room: `selfroom:${user.id}` }), {
      type: 'left',
    })
    await wsHub.publishToRoom(`selfroom:${user.id}`, { type: 'test.news', n: 2 })
    assert.isTrue(await socket.staysQuiet((event) => event.type === 'test.news'))
    await socket.close()
  })

  test('a flooding client is told to slow down, then closed with 1008; another is still served', async ({
    client,
    assert,
  }) => {
    const flood = await TestSocket.of(client, await UserFactory.create())
    const other = await TestSocket.of(client, await UserFactory.create())
    for (let index = 0; index < 300; index++) flood.send({ type: 'ping' })
    assert.deepInclude(await flood.nextOfType('error'), {
      code: 'rate_limited',
      message: en('realtime.ws.rate_limited'),
    })
    assert.equal(await flood.closeCode(), 1008)
    assert.isTrue(await other.answersPing())
    await other.close()
  })

  test('a message refused or dropped for the rate comes back as rate_limited with its id', async ({
    client,
    assert,
  }) => {
    const flood = await TestSocket.of(client, await UserFactory.create())
    const ids = new Set<string>()
    for (let index = 0; index < 60; index++) {
      ids.add(`m${index}`)
      flood.send({ type: 'ping', id: `m${index}` })
    }
    const isLimited = (event: { type: string; code?: string }) =>
      event.type === 'error' && event.code === 'rate_limited'
    const first = await flood.next(isLimited)
    const second = await flood.next(isLimited)
    // the first refusal and a later drop both name the message they refuse
    for (const refused of [first, second]) assert.isTrue(ids.has(refused.re), refused.re)
    assert.notEqual(first.re, second.re)
    await flood.close()
  })

  test('a socket whose reader falls behind is closed with 1013', ({ assert }) => {
    const closed: number[] = []
    const stub: SocketLike = {
      readyState: WebSocket.OPEN,
      bufferedAmount: wsSettings.sendQueueCapBytes,
      send: () => assert.fail('nothing may be queued beyond the cap'),
      close: (code?: number) => void closed.push(code!),
      terminate: () => {},
    }
    assert.isFalse(new Connection(stub, 1, 'en').send({ type: 'test.big' }))
    assert.deepEqual(closed, [1013])
  })
})

test.group('WebSocket: liveness and presence', (group) => {
  isolateEachTest(group)

  test('a peer that stops answering pings is cut off; a live one stays', async ({
    client,
    assert,
    cleanup,
  }) => {
    const dead = await TestSocket.of(client, await UserFactory.create(), { autoPong: false })
    const live = await TestSocket.of(client, await UserFactory.create())
    wsServer.configure({ heartbeatMs: 100 })
    cleanup(() => wsServer.configure({ heartbeatMs: 30_000 }))
    assert.equal(await dead.closeCode(), 1006)
    assert.isTrue(await live.answersPing())
    await live.close()
  })

  test('a user is online while any socket is open, then offline with a last-seen time', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const stranger = await UserFactory.create()
    const first = await TestSocket.of(client, user)
    const second = await TestSocket.of(client, user)
    await eventually(() => isOnline(user.id))
    const both = await presence.status([user.id, stranger.id])
    assert.deepEqual(both.get(user.id), { online: true, lastSeenAt: null })
    assert.deepEqual(both.get(stranger.id), { online: false, lastSeenAt: null })

    await first.close()
    // the server has let go of the first socket: the second still keeps the user online
    await eventually(() => localConnections.countOf(user.id) === 1)
    assert.deepEqual(await statusOf(user.id), { online: true, lastSeenAt: null })

    const before = Date.now()
    await second.close()
    await eventually(async () => !(await isOnline(user.id)))
    const { lastSeenAt } = await statusOf(user.id)
    assert.closeTo(lastSeenAt!.getTime(), before, 1000)
  })

  test('at shutdown every socket is closed with 1001', async ({ client, assert }) => {
    // a second server, so that the suite's own keeps running
    const http = createServer()
    const closing = new WsServer()
    closing.attach(http)
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
    const port = (http.address() as AddressInfo).port
    const user = await UserFactory.create()
    const url = `ws://127.0.0.1:${port}/ws?ticket=${encodeURIComponent(await ticketFor(client, user))}`
    const socket = await TestSocket.open(url, { origin: `http://127.0.0.1:${port}` })

    await closing.close()
    assert.deepEqual(await socket.closed, { code: 1001, reason: 'server shutting down' })
    await new Promise((resolve) => http.close(resolve))
  })

  test('a handshake still reading its ticket when shutdown starts is refused 503', async ({
    client,
    assert,
  }) => {
    const http = createServer()
    const closing = new WsServer()
    closing.attach(http)
    // runs right after the server's own upgrade listener, while it awaits the ticket
    http.on('upgrade', () => void closing.close())
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
    const port = (http.address() as AddressInfo).port
    const user = await UserFactory.create()
    const url = `ws://127.0.0.1:${port}/ws?ticket=${encodeURIComponent(await ticketFor(client, user))}`

    await assert.rejects(() => TestSocket.open(url, { origin: `http://127.0.0.1:${port}` }), /503/)
    await closing.close()
    await new Promise((resolve) => http.close(resolve))
  })

  test('concurrent handshakes of one user do not exceed the cap', async ({
    client,
    assert,
    cleanup,
  }) => {
    wsServer.configure({ maxConnectionsPerUser: 2 })
    cleanup(() => wsServer.configure({ maxConnectionsPerUser: 20 }))
    const user = await UserFactory.create()
    const tickets = []
    for (let index = 0; index < 5; index++) tickets.push(await ticketFor(client, user))
    const results = await Promise.allSettled(
      tickets.map((ticket) => TestSocket.open(wsUrl(ticket)))
    )
    const opened = results.flatMap((result) =>
      result.status === 'fulfilled' ? [result.value] : []
    )
    assert.lengthOf(opened, 2)
    await Promise.all(opened.map((socket) => socket.close()))
  })

  test('one user may hold only so many sockets on an instance: one more gets 429', async ({
    client,
    assert,
    cleanup,
  }) => {
    wsServer.configure({ maxConnectionsPerUser: 2 })
    cleanup(() => wsServer.configure({ maxConnectionsPerUser: 20 }))
    const user = await UserFactory.create()
    const first = await TestSocket.of(client, user)
    const second = await TestSocket.of(client, user)

    await assert.rejects(() => TestSocket.of(client, user), /429/)

    await first.close()
    const third = await TestSocket.of(client, user)
    await Promise.all([second.close(), third.close()])
  })
})
