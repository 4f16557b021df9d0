import { test } from '@japa/runner'

test.group('Health', () => {
  test('live answers ok', async ({ client }) => {
    const response = await client.get('/health/live')
    response.assertStatus(200)
    response.assertBody({ status: 'ok' })
  })

  test('ready checks that the start finished, PostgreSQL and Redis', async ({ client, assert }) => {
    const response = await client.get('/health/ready')
    assert.isTrue(response.body().checks.started.ok)
    response.assertStatus(200)
    assert.isTrue(response.body().checks.postgres.ok)
    assert.isTrue(response.body().checks.redis.ok)
  })
})
