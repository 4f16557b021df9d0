import { test } from '@japa/runner'
import { Agent, get } from 'node:http'
import WebSocket from 'ws'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { notificationService } from '#realtime/index'
import { startProductionServer } from '#tests/helpers/production_server'
import { browserOf, SseStream, subscribe, type Browser } from '#tests/realtime/sse_client'
import env from '#start/env'

/** A WebSocket of this browser on its instance, through a ticket as the page gets one. */
async function socketOf(browser: Browser) {
  const minted = await fetch(`${browser.base}/realtime/ws-ticket`, {
    method: 'POST',
    headers: { 'cookie': browser.cookie, 'x-csrf-token': browser.csrf },
  })
  const { ticket } = (await minted.json()) as { ticket: string }
  const ws = new WebSocket(`${browser.base.replace('http', 'ws')}/ws?ticket=${ticket}`, {
    origin: browser.base,
  })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const closed = new Promise<number>((resolve) => ws.once('close', resolve))
  ws.on('error', () => {})
  return { ws, closed }
}

/** A page polling on one kept-alive connection, request after request, until `until()`. */
async function poll(browser: Browser, until: () => boolean) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const { hostname, port } = new URL(browser.base)
  while (!until()) {
    const ok = await new Promise<boolean>((resolve) =>
      get({ agent, hostname, port, path: '/notifications', headers: { cookie: browser.cookie } })
        .once('response', (response) => response.resume().once('end', () => resolve(true)))
        .once('error', () => resolve(false))
    )
    if (!ok) break
  }
  agent.destroy()
}

/** A browser that reopens its event stream whenever the server ends it, until `until()`. */
async function reconnecting(browser: Browser, until: () => boolean) {
  while (!until()) {
    try {
      const stream = await SseStream.open(browser)
      await stream.ended
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
}

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

    // Other pages of the browser stay busy while B stops: a socket, a page polling on a
    // kept-alive connection and a tab reopening its stream as soon as it ends. B still
    // exits on SIGTERM by itself, within seconds (not by the helper's kill).
    const socket = await socketOf(browser)
    let stopped = false
    const busy = Promise.all([poll(browser, () => stopped), reconnecting(browser, () => stopped)])
    await new Promise((resolve) => setTimeout(resolve, 300))

    const exited = b.stop()
    await stream.ended
    assert.equal(await socket.closed, 1001)
    await exited
    stopped = true
    await busy
    const { code, ms } = await b.exit
    assert.equal(code, 0)
    assert.isBelow(ms, 8_000)
  }).timeout(180_000)
})
