import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { chatService } from '#chat/index'
import { countRows, resetThrottles } from '#tests/helpers'

/**
 * Races, on committed rows (no test transaction: each attempt takes its own
 * pool connection, as two requests would). Everything made is deleted after.
 */
test.group('Chat under concurrency', (group) => {
  group.each.setup(() => resetThrottles())

  test('the same message sent twice at once is stored once', async ({ assert, cleanup }) => {
    const [a, b] = await UserFactory.createMany(2)
    const { id } = await chatService.directConversation(a.id, b.id)
    cleanup(async () => {
      await db.from('conversations').where('id', id).delete()
      await db.from('users').whereIn('id', [a.id, b.id]).delete()
    })

    for (let round = 0; round < 5; round++) {
      const clientId = randomUUID()
      const results = await Promise.all(
        Array.from({ length: 4 }, () => chatService.send(id, a.id, clientId, `round ${round}`))
      )
      assert.lengthOf(new Set(results.map(({ message }) => message.id)), 1)
      assert.equal(results.filter(({ created }) => created).length, 1)
    }
    assert.equal(await countRows('messages', { conversation_id: id }), 5)
  })

  test('two people starting the same conversation at once get one conversation', async ({
    assert,
    cleanup,
  }) => {
    const [a, b] = await UserFactory.createMany(2)
    cleanup(async () => {
      await db.from('conversations').where('direct_key', `${a.id}:${b.id}`).delete()
      await db.from('users').whereIn('id', [a.id, b.id]).delete()
    })
    const results = await Promise.all([
      chatService.directConversation(a.id, b.id),
      chatService.directConversation(b.id, a.id),
      chatService.directConversation(a.id, b.id),
      chatService.directConversation(b.id, a.id),
    ])
    assert.lengthOf(new Set(results.map(({ id }) => id)), 1)
    assert.equal(await countRows('conversations', { direct_key: `${a.id}:${b.id}` }), 1)
    assert.equal(await countRows('conversation_members', { conversation_id: results[0].id }), 2)
  })

  test('a subject conversation is one per subject, however often it is asked for', async ({
    assert,
    cleanup,
  }) => {
    const [a, b] = await UserFactory.createMany(2)
    const subjectId = Math.floor(Math.random() * 1e9)
    cleanup(async () => {
      await db
        .from('conversations')
        .where({ subject_type: 'test_subject', subject_id: subjectId })
        .delete()
      await db.from('users').whereIn('id', [a.id, b.id]).delete()
    })
    const results = await Promise.all(
      Array.from({ length: 3 }, () =>
        chatService.subjectConversation('test_subject', subjectId, [a.id, b.id])
      )
    )
    assert.lengthOf(new Set(results.map(({ id }) => id)), 1)
    assert.isNotNull(await chatService.access(results[0].id, b.id))
  })
})
