import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import { UserFactory } from '#database/factories/user_factory'
import { notificationService } from '#realtime/index'
import { chatService } from '#chat/index'
import { isolateEachTest, logInThroughForm } from '#tests/helpers'
import { DEFAULT_PASSWORD } from '#database/factories/user_factory'

/*
| The header's counts are cached per user (app/shared/http/layout_data.ts):
| each change must still show on the very next page.
*/

const CERAMICS = { fieldNameZh: '陶艺', fieldNameEn: 'Ceramics' }

type Counts = { notifications: number; messages: number }

/** The bell's and the messages link's counts on a signed-in page (0 when no badge). */
async function headerCounts(client: ApiClient, sessionId: string): Promise<Counts> {
  const page = await client.get('/dashboard').usingSession(sessionId)
  page.assertStatus(200)
  const html = page.text()
  const bell = /<a class="bell[^"]*"[\s\S]*?<\/a>/.exec(html)![0]
  const chat = /<a class="chat-nav[^"]*"[\s\S]*?<\/a>/.exec(html)![0]
  const count = (part: string) =>
    Number(/class="bell-count[^"]*"[^>]*>\s*(\d+)/.exec(part)?.[1] ?? 0)
  return { notifications: count(bell), messages: count(chat) }
}

const bell = (client: ApiClient, sessionId: string) =>
  headerCounts(client, sessionId).then((counts) => counts.notifications)
const unreadMessages = (client: ApiClient, sessionId: string) =>
  headerCounts(client, sessionId).then((counts) => counts.messages)

async function signedIn(client: ApiClient, user: User) {
  const { sessionId } = await logInThroughForm(client, {
    email: user.email,
    password: DEFAULT_PASSWORD,
  })
  return sessionId
}

test.group('Layout cache: the header counts follow every change', (group) => {
  isolateEachTest(group)

  test('a new notification shows in the bell on the next page, once its cause commits', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const session = await signedIn(client, user)
    assert.deepEqual(await headerCounts(client, session), { notifications: 0, messages: 0 })
    // cached now: the same again without a change
    assert.deepEqual(await headerCounts(client, session), { notifications: 0, messages: 0 })

    await notificationService.notify(user.id, 'certification.approved', CERAMICS)
    assert.equal(await bell(client, session), 1)

    // stored in a transaction: seen once it commits, never if it rolls back
    const rolledBack = await db.transaction()
    await notificationService.notify(user.id, 'certification.approved', CERAMICS, rolledBack)
    await rolledBack.rollback()
    assert.equal(await bell(client, session), 1)
    const committed = await db.transaction()
    await notificationService.notify(user.id, 'certification.approved', CERAMICS, committed)
    await committed.commit()
    assert.equal(await bell(client, session), 2)
  })

  test('reading notifications lowers the bell on the next page', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const first = await notificationService.notify(user.id, 'certification.approved', CERAMICS)
    await notificationService.notify(user.id, 'certification.approved', CERAMICS)
    const session = await signedIn(client, user)
    assert.equal(await bell(client, session), 2)

    const read = await client
      .post(`/notifications/${first.id}/read`)
      .usingSession(session)
      .form({})
      .withCsrfToken()
      .redirects(0)
    read.assertStatus(302)
    assert.equal(await bell(client, session), 1)

    const all = await client
      .post('/notifications/read-all')
      .usingSession(session)
      .form({})
      .withCsrfToken()
      .redirects(0)
    all.assertStatus(302)
    assert.equal(await bell(client, session), 0)
  })

  test('a chat message shows in the unread count on the next page; reading it clears it', async ({
    client,
    assert,
  }) => {
    const reader = await UserFactory.create()
    const writer = await UserFactory.create()
    const { id } = await chatService.directConversation(reader.id, writer.id)
    const session = await signedIn(client, reader)
    assert.equal(await unreadMessages(client, session), 0)

    await chatService.send(id, writer.id, randomUUID(), 'Hello')
    assert.equal(await unreadMessages(client, session), 1)
    await chatService.send(id, writer.id, randomUUID(), 'Are you there?')
    assert.equal(await unreadMessages(client, session), 2)

    // opening the conversation reads it
    const opened = await client.get(`/messages/${id}`).usingSession(session)
    opened.assertStatus(200)
    assert.equal(await unreadMessages(client, session), 0)

    // my own answer never counts; the writer's count follows too
    await chatService.send(id, reader.id, randomUUID(), 'Yes')
    assert.equal(await unreadMessages(client, session), 0)
  })

  test('joining an ongoing conversation brings its messages to read', async ({
    client,
    assert,
  }) => {
    const reader = await UserFactory.create()
    const writer = await UserFactory.create()
    const subject = Math.floor(Math.random() * 1e9)
    const { id } = await chatService.subjectConversation('appointment', subject, [writer.id])
    await chatService.send(id, writer.id, randomUUID(), 'Before you joined')
    const session = await signedIn(client, reader)
    assert.equal(await unreadMessages(client, session), 0)

    await chatService.subjectConversation('appointment', subject, [writer.id, reader.id])
    assert.equal(await unreadMessages(client, session), 1)
  })
})
