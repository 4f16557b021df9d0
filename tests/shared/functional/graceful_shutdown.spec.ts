import { test } from '@japa/runner'
import { request } from 'node:http'
import { startProductionServer } from '#tests/helpers/production_server'
import env from '#start/env'

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
  }).timeout(180_000)
})
