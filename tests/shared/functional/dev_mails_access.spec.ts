import { test } from '@japa/runner'
import { networkInterfaces } from 'node:os'
import { startProductionServer } from '#tests/helpers/production_server'
import { applyLocalDefaults } from '#shared/embedded/local_defaults'
import env from '#start/env'

/** An address of this machine that is not loopback: a request to it comes from "the network". */
function externalAddress() {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((candidate) => candidate && candidate.family === 'IPv4' && !candidate.internal)?.address
  if (!address) throw new Error('this test needs a non-loopback IPv4 interface')
  return address
}

test.group('The mail preview is never served to another machine', () => {
  test('a production server (DATABASE_URL set) has no /dev/mails, even for loopback', async ({
    assert,
    cleanup,
  }) => {
    const server = await startProductionServer(env.get('PORT', 3334) + 105)
    cleanup(() => server.stop())

    for (const path of ['/dev/mails', '/dev/mails/any-mail-id']) {
      const response = await fetch(`${server.url}${path}`)
      assert.equal(response.status, 404, path)
      assert.notInclude(await response.text(), 'reset-password')
    }
  }).timeout(120_000)

  test('a local run listening on every interface shows it to this machine only', async ({
    assert,
    cleanup,
  }) => {
    const port = env.get('PORT', 3334) + 106
    // what `npm start` without DATABASE_URL is, opened to the network with HOST=0.0.0.0
    const server = await startProductionServer(port, {
      HOST: '0.0.0.0',
      DATABASE_EMBEDDED: 'true',
    })
    cleanup(() => server.stop())

    const local = await fetch(`http://127.0.0.1:${port}/dev/mails`)
    assert.equal(local.status, 200)

    const remote = await fetch(`http://${externalAddress()}:${port}/dev/mails`)
    assert.equal(remote.status, 404)
    const remoteMail = await fetch(`http://${externalAddress()}:${port}/dev/mails/any-mail-id`)
    assert.equal(remoteMail.status, 404)

    // a proxy on this machine forwarding someone else's request is not this machine
    const forwarded = await fetch(`http://127.0.0.1:${port}/dev/mails`, {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    })
    assert.equal(forwarded.status, 404)
  }).timeout(120_000)

  test('the embedded local run listens on loopback unless HOST is set', ({ assert }) => {
    const saved = { HOST: process.env.HOST, NODE_ENV: process.env.NODE_ENV }
    try {
      delete process.env.HOST
      applyLocalDefaults(new URL(`file://${process.cwd()}/tmp/`))
      assert.equal(process.env.HOST, '127.0.0.1')

      process.env.HOST = '0.0.0.0'
      applyLocalDefaults(new URL(`file://${process.cwd()}/tmp/`))
      assert.equal(process.env.HOST, '0.0.0.0')
    } finally {
      process.env.HOST = saved.HOST
      process.env.NODE_ENV = saved.NODE_ENV
    }
  })
})
