import { test } from '@japa/runner'
import WebSocket from 'ws'
import app from '@adonisjs/core/services/app'
import { RedisConnection } from '@adonisjs/redis'
import type { RedisConnectionConfig } from '@adonisjs/redis/types'
import type User from '#identity/models/user'
import { UserFactory } from '#database/factories/user_factory'
import { wsHub, wsRooms } from '#realtime/ws/index'
import { Connection, type SocketLike } from '#realtime/ws/connection'
import { WsHub } from '#realtime/ws/hub'
import { LocalConnections } from '#realtime/ws/local_connections'
import { hubChannel, redisTransport } from '#realtime/ws/redis_transport'
import { isolateEachTest, logInThroughForm } from '#tests/helpers'
import { DEFAULT_PASSWORD } from '#database/factories/user_factory'
import { SESSIONS_END } from '#realtime/ws/ws_server'
import { eventually, TestSocket, type ServerEvent } from '#tests/realtime/ws_client'

const OFFER = { kind: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n' }
const ANSWER = { kind: 'answer', sdp: 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\ns=-\r\n' }
const ICE = {
  kind: 'ice',
  candidate: {
    candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host',
    sdpMid: '0',
    sdpMLineIndex: 0,
  },
}

const isSignal = (event: ServerEvent) => event.type === 'signal'

/** A test room type `call:<n>` whose members are listed by the test (the list may change). */
function callRooms(members: Record<string, User[]>) {
  return wsRooms.register('call', {
    authorize: (userId, id) => (members[id] ?? []).some((user) => user.id === userId),
    calls: true,
  })
}

async function joined(client: Parameters<typeof TestSocket.of>[0], user: User, room: string) {
  const socket = await TestSocket.of(client, user)
  const reply = await socket.request({ type: 'join', room })
  if (reply.type !== 'joined') throw new Error(`join refused: ${JSON.stringify(reply)}`)
  return socket
}

test.group('WebSocket: call signalling', (group) => {
  isolateEachTest(group)

  test('offer, answer and ICE are relayed between the two members of a room', async ({
    client,
    assert,
    cleanup,
  }) => {
    const [caller, callee] = await UserFactory.createMany(2)
    cleanup(callRooms({ 1: [caller, callee] }))
    const a = await joined(client, caller, 'call:1')
    const b = await joined(client, callee, 'call:1')

    a.send({ type: 'signal', room: 'call:1', data: OFFER })
    assert.deepEqual(await b.next(isSignal), {
      type: 'signal',
      room: 'call:1',
      from: caller.id,
      data: OFFER,
    })
    b.send({ type: 'signal', room: 'call:1', to: caller.id, data: ANSWER })
    assert.deepInclude(await a.next(isSignal), { from: callee.id, data: ANSWER })
    a.send({ type: 'signal', room: 'call:1', to: callee.id, data: ICE })
    assert.deepInclude(await b.next(isSignal), { from: caller.id, data: ICE })
    b.send({ type: 'signal', room: 'call:1', data: { kind: 'bye' } })
    assert.deepInclude(await a.next(isSignal), { data: { kind: 'bye' } })

    assert.isTrue(await a.staysQuiet(isSignal, 100), 'the sender never gets its own signals')
    await Promise.all([a.close(), b.close()])
  })

  test('only a member of the room may signal into it', async ({ client, assert, cleanup }) => {
    const [caller, callee, outsider] = await UserFactory.createMany(3)
    cleanup(callRooms({ 1: [caller, callee] }))
    const b = await joined(client, callee, 'call:1')
    const notJoined = await TestSocket.of(client, caller)
    const intruder = await TestSocket.of(client, outsider)

    for (const socket of [notJoined, intruder]) {
      const reply = await socket.request({ type: 'signal', room: 'call:1', data: OFFER })
      assert.deepInclude(reply, { type: 'error', code: 'forbidden' })
    }
    assert.deepInclude(await intruder.request({ type: 'join', room: 'call:1' }), {
      code: 'forbidden',
    })
    assert.isTrue(await b.staysQuiet(isSignal))
    await Promise.all([b.close(), notJoined.close(), intruder.close()])
  })

  test('a room type without calls relays no signal, even between its members', async ({
    client,
    assert,
    cleanup,
  }) => {
    const [caller, callee] = await UserFactory.createMany(2)
    const members = [caller, callee]
    cleanup(
      wsRooms.register('talk', {
        authorize: (userId) => members.some((user) => user.id === userId),
      })
    )
    const a = await joined(client, caller, 'talk:1')
    const b = await joined(client, callee, 'talk:1')
    const reply = await a.request({ type: 'signal', room: 'talk:1', data: OFFER })
    assert.deepInclude(reply, { type: 'error', code: 'forbidden' })
    assert.isTrue(await b.staysQuiet(isSignal))
    await Promise.all([a.close(), b.close()])
  })

  test('a member the policy no longer admits may not signal (checked on each signal)', async ({
    client,
    assert,
    cleanup,
  }) => {
    const [caller, callee] = await UserFactory.createMany(2)
    const members = { 1: [caller, callee] }
    cleanup(callRooms(members))
    const a = await joined(client, caller, 'call:1')
    const b = await joined(client, callee, 'call:1')
    a.send({ type: 'signal', room: 'call:1', data: OFFER })
    assert.deepInclude(await b.next(isSignal), { from: caller.id })

    members[1] = [callee] // e.g. blocked, or removed from the appointment, since the join
    const reply = await a.request({ type: 'signal', room: 'call:1', data: OFFER })
    assert.deepInclude(reply, { type: 'error', code: 'forbidden' })
    assert.isTrue(await b.staysQuiet(isSignal))
    await Promise.all([a.close(), b.close()])
  })

  test('a signal addressed to one member reaches only that member', async ({
    client,
    assert,
    cleanup,
  }) => {
    const [host, guest, third] = await UserFactory.createMany(3)
    cleanup(callRooms({ 2: [host, guest, third] }))
    // one after another: the test's database transaction is a single connection
    const a = await joined(client, host, 'call:2')
    const b = await joined(client, guest, 'call:2')
    const c = await joined(client, third, 'call:2')
    a.send({ type: 'signal', room: 'call:2', to: guest.id, data: OFFER })
    assert.deepInclude(await b.next(isSignal), { from: host.id })
    assert.isTrue(await c.staysQuiet(isSignal))
    await Promise.all([a.close(), b.close(), c.close()])
  })

  test('a malformed signal is refused with the field errors', async ({
    client,
    assert,
    cleanup,
  }) => {
    const [caller, callee] = await UserFactory.createMany(2)
    cleanup(callRooms({ 1: [caller, callee] }))
    const a = await joined(client, caller, 'call:1')
    const b = await joined(client, callee, 'call:1')

    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'offer' }, 'data.sdp'],
      [{ kind: 'ice' }, 'data.candidate'],
      [{ kind: 'hangup' }, 'data.kind'],
      [{ kind: 'ice', candidate: { candidate: 42 } }, 'data.candidate.candidate'],
    ]
    for (const [data, field] of cases) {
      const reply = await a.request({ type: 'signal', room: 'call:1', data })
      assert.equal(reply.code, 'invalid', JSON.stringify(data))
      assert.include(
        reply.errors.map((error: { field: string }) => error.field),
        field,
        JSON.stringify(data)
      )
    }
    assert.isTrue(await b.staysQuiet(isSignal, 100))
    await Promise.all([a.close(), b.close()])
  })
})

/** A socket on the "other instance": it records what that instance would send it. */
function remoteSocket(userId: number) {
  const sent: ServerEvent[] = []
  const stub: SocketLike = {
    readyState: WebSocket.OPEN,
    bufferedAmount: 0,
    send: (text: any) => void sent.push(JSON.parse(text)),
    close: () => {},
    terminate: () => {},
  }
  return { connection: new Connection(stub, userId, 'en'), sent }
}

test.group('WebSocket: fan-out across instances', (group) => {
  isolateEachTest(group)

  /**
   * A second instance: its own hub, its own sockets and its own Redis
   * connections (publisher and subscriber), on the same Redis.
   */
  async function secondInstance() {
    const config = app.config.get<RedisConnectionConfig>('redis.connections.main')
    const redis = new RedisConnection('second_instance', { ...config })
    const local = new LocalConnections()
    const hub = new WsHub(
      local,
      redisTransport(() => redis, hubChannel())
    )
    await hub.start()
    return {
      hub,
      local,
      async stop() {
        await hub.stop()
        await redis.quit()
      },
    }
  }

  test('events published on another instance reach the sockets here, and the other way', async ({
    client,
    assert,
    cleanup,
  }) => {
    const [here, there] = await UserFactory.createMany(2)
    cleanup(callRooms({ 3: [here, there] }))
    const other = await secondInstance()
    cleanup(() => other.stop())
    const socket = await joined(client, here, 'call:3')

    await other.hub.publishToRoom('call:3', { type: 'test.room', n: 1 })
    assert.deepEqual(await socket.nextOfType('test.room'), { type: 'test.room', n: 1 })
    await other.hub.publishToUser(here.id, { type: 'test.user', n: 2 })
    assert.deepEqual(await socket.nextOfType('test.user'), { type: 'test.user', n: 2 })

    const remote = remoteSocket(there.id)
    other.local.add(remote.connection)
    other.local.join(remote.connection, 'call:3')
    await wsHub.publishToUser(there.id, { type: 'test.user', n: 3 })
    socket.send({ type: 'signal', room: 'call:3', data: OFFER })
    await eventually(() => remote.sent.length >= 2)
    assert.deepEqual(remote.sent, [
      { type: 'test.user', n: 3 },
      { type: 'signal', room: 'call:3', from: here.id, data: OFFER },
    ])
    await socket.close()
  })

  test('a session ended on another instance closes its sockets here (4001)', async ({
    client,
    assert,
    cleanup,
  }) => {
    const user = await UserFactory.create()
    const { sessionId } = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
    })
    const socket = await TestSocket.ofSession(client, sessionId)
    const keeps = await TestSocket.of(client, user)
    const other = await secondInstance()
    cleanup(() => other.stop())

    await other.hub.publishControl({ kind: SESSIONS_END, sessionIds: [sessionId] })
    assert.deepEqual(await socket.closed, { code: 4001, reason: 'session ended' })
    assert.isTrue(await keeps.answersPing())
    await keeps.close()
  })

  test('subscribing to an unreachable Redis fails after a while instead of hanging', async ({
    assert,
  }) => {
    const silent = { publish: async () => 0, subscribe: () => {}, unsubscribe: () => {} } as any
    const transport = redisTransport(() => silent, 'ws:test-unreachable', 50)
    await assert.rejects(() => transport.subscribe(() => {}), /could not subscribe/)
  })

  test('without Redis the hub delivers on its own instance', async ({ assert }) => {
    const local = new LocalConnections()
    const hub = new WsHub(local, null)
    const member = remoteSocket(7)
    local.add(member.connection)
    local.join(member.connection, 'call:9')
    local.add(remoteSocket(8).connection)

    await hub.publishToRoom('call:9', { type: 'test.room' })
    await hub.publishToRoom('call:9', { type: 'test.not_for_you' }, { exceptUserId: 7 })
    await hub.publishToUser(7, { type: 'test.user' })
    assert.deepEqual(member.sent, [{ type: 'test.room' }, { type: 'test.user' }])
  })
})
