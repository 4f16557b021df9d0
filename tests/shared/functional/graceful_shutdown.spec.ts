import { test } from '@japa/runner'
import { request } from 'node:http'
import { startProductionServer } from '#tests/helpers/production_server'
import env from '#start/env'

/** What a clean stop looks like: exit code 0, well before the helper's kill fallback. */
const EXIT_WITHIN_MS = 8_000

test.group('Graceful shutdown', () => {
  test('on SIGTERM a request in flight still gets its answer, then the process exits', async ({
    assert,
  }) => {
    const server = await startProductionServer(env.get('PORT', 3334) + 101)
    const { port } = new URL(server.url)

    // a form post whose body arrives slowly: the request is in flight when SIGTERM comes
    const answered = new Promise<number>((resolve, reject) => {
      const slow = request(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/login',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': 38 },
        },
        (response) => {
          response.resume()
          resolve(response.statusCode ?? 0)
        }
      )
      slow.on('error', reject)
      slow.write('email=someone%40example.com')
      setTimeout(() => slow.end('&pass=xxxxx'), 800)
    })

    await new Promise((resolve) => setTimeout(resolve, 200))
    const exited = server.stop()
    const status = await answered
    assert.include([302, 419], status, 'the in-flight request was answered, not cut off')
    await exited
    const { code, ms } = await server.exit
    assert.equal(code, 0)
    assert.isBelow(ms, EXIT_WITHIN_MS)
  }).timeout(180_000)

  test('a SIGTERM as soon as the server listens, before the app is ready, still ends it cleanly', async ({
    assert,
  }) => {
    // the providers' ready hooks (Redis subscriptions, pg-boss, the WebSocket server) are
    // still running: terminating then crashed on a closed Redis connection or never exited
    const server = await startProductionServer(
      env.get('PORT', 3334) + 101,
      {},
      { until: 'listening' }
    )
    await server.stop()
    const { code, ms } = await server.exit
    assert.equal(code, 0, 'exited by itself, without an error')
    assert.isBelow(ms, EXIT_WITHIN_MS)
  }).timeout(180_000)
})
