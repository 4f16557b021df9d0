import { test } from '@japa/runner'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { notificationService } from '#realtime/index'
import { startProductionServer } from '#tests/helpers/production_server'
import { browserOf, SseStream, subscribe } from '#tests/realtime/sse_client'
import env from '#start/env'

/**
 * Two app instances sharing PostgreSQL and Redis: this test process (A) and a
 * production server (B). Rows are committed here (no test transaction), so B
 * sees them; the user is deleted at the end.
 */
test.group('Two instances', () => {
  test('a notification created on instance A reaches an SSE client on instance B; B ends its streams on SIGTERM', async ({
    client,
    assert,
    cleanup,
  }) => {
    const b = await startProductionServer(env.get('PORT', 3334) + 102)
    const user = await UserFactory.create()
    cleanup(async () => {
      await user.delete()
      await b.stop()
    })
    const browser = await browserOf(client, user.email, DEFAULT_PASSWORD, b.url)
    const stream = await SseStream.open(browser)
    const subscribed = await subscribe(browser, stream.uid, `users/${user.id}/notifications`)
    assert.equal(subscribed.status, 204)

    const record = await notificationService.notify(user.id, 'certification.approved', {
      fieldNameZh: '陶艺',
      fieldNameEn: 'Ceramics',
    })

    const [message] = await stream.received(1, 5000)
    assert.equal(message.payload.id, record.id)
    assert.include(message.payload.text.en, 'Ceramics')

    const exited = b.stop()
    await stream.ended
    await exited
  }).timeout(180_000)
})
