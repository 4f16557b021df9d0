import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import type User from '#identity/models/user'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { notificationService } from '#realtime/index'
import { isolateEachTest } from '#tests/helpers'
import { browserOf, SseStream, subscribe, type Browser } from '#tests/realtime/sse_client'

const channelOf = (user: User) => `users/${user.id}/notifications`

function unsubscribe(browser: Browser, uid: string, channel: string) {
  return fetch(`${browser.base}/__transmit/unsubscribe`, {
    method: 'POST',
    headers: {
      'cookie': browser.cookie,
      'content-type': 'application/json',
      'x-csrf-token': browser.csrf,
    },
    body: JSON.stringify({ uid, channel }),
  })
}

function notify(user: User, reason: string) {
  return notificationService.notify(user.id, 'certification.rejected', {
    fieldNameZh: '陶艺',
    fieldNameEn: 'Ceramics',
    reason,
  })
}

/** The status a stream open answers (the stream is closed at once when it opens). */
async function openStatus(browser: Browser, uid: string) {
  try {
    const stream = await SseStream.open(browser, uid)
    stream.close()
    return 200
  } catch (error) {
    return (error as Error).cause as number
  }
}

test.group('An SSE stream belongs to the user who opened it', (group) => {
  isolateEachTest(group)
  const open: SseStream[] = []
  group.each.teardown(() => {
    for (const stream of open.splice(0)) stream.close()
  })

  test('another user can neither take an open stream’s uid nor (un)subscribe it', async ({
    client,
    assert,
  }) => {
    const victim = await UserFactory.create()
    const attacker = await UserFactory.create()
    const victimBrowser = await browserOf(client, victim.email, DEFAULT_PASSWORD)
    const attackerBrowser = await browserOf(client, attacker.email, DEFAULT_PASSWORD)
    const stream = await SseStream.open(victimBrowser)
    open.push(stream)
    const own = await subscribe(victimBrowser, stream.uid, channelOf(victim))
    assert.equal(own.status, 204)

    assert.equal(await openStatus(attackerBrowser, stream.uid), 403)
    const attach = await subscribe(attackerBrowser, stream.uid, channelOf(attacker))
    assert.equal(attach.status, 403)
    const detach = await unsubscribe(attackerBrowser, stream.uid, channelOf(victim))
    assert.equal(detach.status, 403)

    // the victim's stream still carries the victim's notifications, and only those
    await notify(attacker, 'for the attacker')
    await notify(victim, 'for the victim')
    const [message] = await stream.received(1)
    assert.include(message.payload.text.en, 'for the victim')
    assert.lengthOf(stream.messages, 1)
  })

  test('a uid opened first by someone else never gets the owner’s private channel', async ({
    client,
    assert,
  }) => {
    const victim = await UserFactory.create()
    const attacker = await UserFactory.create()
    const victimBrowser = await browserOf(client, victim.email, DEFAULT_PASSWORD)
    const attackerBrowser = await browserOf(client, attacker.email, DEFAULT_PASSWORD)
    // the attacker learned (or guessed) the uid the victim's page will use
    const uid = randomUUID()
    const trap = await SseStream.open(attackerBrowser, uid)
    open.push(trap)
    assert.equal(await openStatus(victimBrowser, uid), 403)

    const subscribed = await subscribe(victimBrowser, uid, channelOf(victim))
    assert.equal(subscribed.status, 403)

    // the attacker's own channel still works: a signal that the victim's would have arrived
    const theirs = await subscribe(attackerBrowser, uid, channelOf(attacker))
    assert.equal(theirs.status, 204)
    await notify(victim, 'private to the victim')
    await notify(attacker, 'for the attacker')
    const [message] = await trap.received(1)
    assert.include(message.payload.text.en, 'for the attacker')
    assert.lengthOf(trap.messages, 1)
  })
})
