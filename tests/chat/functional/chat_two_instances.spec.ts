import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { chatService } from '#chat/index'
import { startProductionServer } from '#tests/helpers/production_server'
import { sendOver } from '#tests/chat/chat_helpers'
import { browserOf } from '#tests/realtime/sse_client'
import { TestSocket } from '#tests/realtime/ws_client'
import env from '#start/env'

/**
 * Two app instances sharing PostgreSQL and Redis: this test process (A) and a
 * production server (B). Rows are committed here (no test transaction), so B
 * sees them; the users and their conversation are deleted at the end.
 */
test.group('Chat on two instances', () => {
  test('a message sent through instance A reaches a WebSocket client on instance B', async ({
    client,
    assert,
    cleanup,
  }) => {
    const b = await startProductionServer(env.get('PORT', 3334) + 103)
    const [sender, receiver] = await UserFactory.createMany(2)
    const { id } = await chatService.directConversation(sender.id, receiver.id)
    cleanup(async () => {
      await db.from('conversations').where('id', id).delete()
      await db.from('user_blocks').where('blocker_id', sender.id).delete()
      await db.from('users').whereIn('id', [sender.id, receiver.id]).delete()
      await b.stop()
    })

    // the receiver's browser is on B: ticket from B, socket on B
    const browser = await browserOf(client, receiver.email, DEFAULT_PASSWORD, b.url)
    const issued = await fetch(`${b.url}/realtime/ws-ticket`, {
      method: 'POST',
      headers: {
        'cookie': browser.cookie,
        'x-csrf-token': browser.csrf,
        'accept': 'application/json',
      },
    })
    assert.equal(issued.status, 200)
    const { ticket } = (await issued.json()) as { ticket: string }
    const onB = await TestSocket.open(
      `${b.url.replace('http', 'ws')}/ws?ticket=${encodeURIComponent(ticket)}`,
      { origin: b.url }
    )
    assert.deepInclude(await onB.request({ type: 'join', room: `conversation:${id}` }), {
      type: 'joined',
    })

    // the sender is on A (this process)
    const onA = await TestSocket.of(client, sender)
    const ack = await sendOver(onA, id, '从 A 发到 B')
    assert.equal(ack.type, 'chat.sent')

    const delivered = await onB.nextOfType('chat.message', 5000)
    assert.deepEqual(delivered.message, ack.message)
    assert.deepInclude(await onB.nextOfType('chat.unread', 5000), { conversationId: id, unread: 1 })

    // and typing crosses too
    await onA.request({ type: 'join', room: `conversation:${id}` })
    onA.send({ type: 'chat.typing', conversationId: id })
    assert.deepInclude(await onB.nextOfType('chat.typing', 5000), { userId: sender.id })

    // a block made on A takes the receiver's socket on B out of the room
    await chatService.block(sender.id, receiver.id)
    assert.deepEqual(await onB.nextOfType('chat.blocked', 5000), {
      type: 'chat.blocked',
      conversationId: id,
    })
    assert.deepEqual(await onA.nextOfType('chat.blocked', 5000), {
      type: 'chat.blocked',
      conversationId: id,
    })
    assert.deepInclude(await onB.request({ type: 'chat.typing', conversationId: id }), {
      code: 'forbidden',
    })
    await Promise.all([onA.close(), onB.close()])
  }).timeout(180_000)
})
