import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import type { Browser } from 'playwright-core'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { localConnections } from '#realtime/ws/local_connections'
import { startProductionServer } from '#tests/helpers/production_server'
import { BUDGET_BYTES, BUDGET_REQUESTS, measure, signedInState } from '#tests/helpers/page_weight'
import { chatService } from '#chat/index'
import env from '#start/env'
import { baseUrl, screenshotPath, uiText } from '#tests/helpers/browser'

const zh = (file: string, path: string) => uiText('zh-CN', file, path)

async function signedIn(browser: Browser, email: string, width: number) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width, height: 800 } })
  const page = await context.newPage()
  await page.goto(`${baseUrl}/login`)
  await page.getByLabel(zh('auth', 'email'), { exact: true }).fill(email)
  await page.getByLabel(zh('auth', 'password'), { exact: true }).fill(DEFAULT_PASSWORD)
  await page.getByRole('button', { name: zh('auth', 'login') }).click()
  await page.waitForURL('**/dashboard')
  return { context, page }
}

/**
 * Two people chat live: 小周 (a phone, 360 px) opens a conversation from
 * 林师傅's profile; 林师傅 (a laptop, 1280 px) sees the message arrive, sees
 * 小周 typing, answers, and gets the read receipt.
 */
test.group('Chat journey', (group) => {
  group.each.setup(() => limiter.clear())

  test('two users chat live, with typing, read receipts and a catch-up after a dropped connection', async ({
    browser,
    assert,
    cleanup,
  }) => {
    const apprentice = await UserFactory.merge({ locale: 'zh-CN', displayName: '小周' }).create()
    const master = await UserFactory.merge({ locale: 'zh-CN', displayName: '林师傅' }).create()
    cleanup(async () => {
      await db.from('conversations').where('direct_key', `${apprentice.id}:${master.id}`).delete()
      await db.from('users').whereIn('id', [apprentice.id, master.id]).delete()
    })

    const phone = await signedIn(browser, apprentice.email, 360)
    const laptop = await signedIn(browser, master.email, 1280)
    const a = phone.page
    const b = laptop.page

    // 小周 starts the conversation from the profile
    await a.goto(`${baseUrl}/users/${master.id}`)
    await a.getByRole('button', { name: zh('chat', 'message_button') }).click()
    await a.waitForURL(/\/messages\/\d+$/)
    const conversationUrl = a.url()
    await a.locator('.chat[data-live]').waitFor()

    await b.goto(conversationUrl)
    await b.locator('.chat[data-live]').waitFor()

    // a message, sent over the socket, arrives live on the other side
    const input = a.getByLabel(zh('chat', 'body'), { exact: true })
    await input.fill('林师傅您好！我的作品在这里 https://example.com/works/1 请指点')
    await a.getByRole('button', { name: zh('chat', 'send') }).click()
    await a.locator('.chat-msg-mine[data-id]').waitFor()
    const arrived = b.locator('.chat-msg:not(.chat-msg-mine)').last()
    await arrived.waitFor()
    assert.include(await arrived.textContent(), '林师傅您好')
    const link = arrived.locator('a')
    assert.equal(await link.getAttribute('href'), 'https://example.com/works/1')
    assert.equal(await link.getAttribute('rel'), 'noopener nofollow ugc')

    // b has the page open: the message is read at once, a sees "已读"
    await a.locator('.chat-read', { hasText: zh('chat', 'read') }).waitFor()

    // typing
    await a.getByLabel(zh('chat', 'body'), { exact: true }).pressSequentially('还有', { delay: 30 })
    await b.locator('.chat-typing').waitFor({ state: 'visible' })
    assert.equal(await b.locator('.chat-typing').textContent(), zh('chat', 'typing'))
    await b.screenshot({ path: screenshotPath('chat-1-typing-1280') })

    // the answer, with Enter
    const answer = b.getByLabel(zh('chat', 'body'), { exact: true })
    await answer.fill('收到，釉色很好。明天上午十点视频聊？')
    await answer.press('Enter')
    await a.locator('.chat-msg:not(.chat-msg-mine)', { hasText: '明天上午十点' }).waitFor()
    await b.locator('.chat-msg-mine .chat-read').waitFor()
    await a.locator('.chat-typing').waitFor({ state: 'hidden' })
    await a.getByLabel(zh('chat', 'body'), { exact: true }).fill('')

    // nothing was sent twice
    const rows = await db
      .from('messages')
      .whereIn('sender_id', [apprentice.id, master.id])
      .count('* as total')
    assert.equal(Number(rows[0].total), 2)

    await a.screenshot({ path: screenshotPath('chat-2-conversation-360'), fullPage: true })
    await b.screenshot({ path: screenshotPath('chat-3-conversation-1280'), fullPage: true })

    // the laptop's connection drops and cannot come back for a while; two messages meanwhile
    await b.route('**/realtime/ws-ticket', (route) => route.abort())
    for (const connection of localConnections.ofUser(master.id)) connection.close(1001, 'test')
    await b.locator('.chat:not([data-live])').waitFor()
    for (const text of ['错过的第一条', '错过的第二条']) {
      await input.fill(text)
      await a.getByRole('button', { name: zh('chat', 'send') }).click()
      await a.locator('.chat-msg-mine[data-id]', { hasText: text }).waitFor()
    }
    await b.unroute('**/realtime/ws-ticket')
    await b.locator('.chat[data-live]').waitFor()
    await b.locator('.chat-msg', { hasText: '错过的第二条' }).waitFor()
    const texts = await b.locator('.chat-bubble').allTextContents()
    assert.deepEqual(texts.slice(-2), ['错过的第一条', '错过的第二条'])
    assert.lengthOf(texts, 4)

    await a.goto(`${baseUrl}/messages`)
    await a.locator('.chat-item').first().waitFor()
    await a.screenshot({ path: screenshotPath('chat-4-list-360'), fullPage: true })
    await laptop.context.close()
    await phone.context.close()
  }).timeout(90_000)
})

test.group('Chat page weight (production build, first visit)', (group) => {
  group.each.setup(() => limiter.clear())

  test('a conversation page stays within 60 KB and 8 requests, socket included, with no console error', async ({
    browser,
    assert,
    cleanup,
  }) => {
    const server = await startProductionServer(env.get('PORT', 3334) + 104)
    const [me, other] = await UserFactory.merge({ locale: 'zh-CN' }).createMany(2)
    const { id } = await chatService.directConversation(me.id, other.id)
    for (let index = 1; index <= 35; index++) {
      await chatService.send(
        id,
        index % 2 ? me.id : other.id,
        crypto.randomUUID(),
        `第 ${index} 条消息`
      )
    }
    cleanup(async () => {
      await db.from('conversations').where('id', id).delete()
      await db.from('users').whereIn('id', [me.id, other.id]).delete()
      await server.stop()
    })
    const storageState = await signedInState(browser, server.url, me.email)
    const context = await browser.newContext({ locale: 'zh-CN', storageState })
    const page = await context.newPage()
    const { requests, bytes, problems } = await measure(
      page,
      `${server.url}/messages/${id}`,
      (opened) => opened.locator('.chat[data-live]').waitFor()
    )
    console.info(`  /messages/:id: ${requests} requests, ${(bytes / 1024).toFixed(1)} KB`)
    assert.isAtMost(requests, BUDGET_REQUESTS)
    assert.isAtMost(bytes, BUDGET_BYTES)
    assert.deepEqual(problems, [])

    // "load earlier" (htmx): the earlier messages come in above, in place
    await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }))
    await page.getByRole('link', { name: zh('chat', 'earlier') }).click()
    await page.locator('.chat-bubble', { hasText: /^第 1 条消息$/ }).waitFor()
    assert.isTrue(await page.evaluate(() => 'sameDocument' in globalThis))
    assert.lengthOf(await page.locator('.chat-msg').all(), 35)
    assert.equal(await page.locator('#chat-earlier').count(), 0)
    await page.screenshot({ path: screenshotPath('chat-5-earlier-1280') })
    await context.close()
  }).timeout(180_000)
})

/** A user's conversation page, live. */
async function liveChat(browser: Browser, email: string, conversationId: number) {
  const session = await signedIn(browser, email, 1280)
  await session.page.goto(`${baseUrl}/messages/${conversationId}`)
  await session.page.locator('.chat[data-live]').waitFor()
  return session
}

async function sendFromPage(page: Awaited<ReturnType<typeof liveChat>>['page'], text: string) {
  await page.getByLabel(zh('chat', 'body'), { exact: true }).fill(text)
  await page.getByRole('button', { name: zh('chat', 'send') }).click()
}

test.group('Chat page: blocks, refusals and lost messages', (group) => {
  group.each.setup(() => limiter.clear())

  test('a block made while both pages are open shows the blocked state on both, live', async ({
    browser,
    cleanup,
  }) => {
    const [me, other] = await UserFactory.merge({ locale: 'zh-CN' }).createMany(2)
    const { id } = await chatService.directConversation(me.id, other.id)
    cleanup(async () => {
      await db.from('conversations').where('id', id).delete()
      await db.from('user_blocks').where('blocker_id', me.id).delete()
      await db.from('users').whereIn('id', [me.id, other.id]).delete()
    })
    const mine = await liveChat(browser, me.email, id)
    const theirs = await liveChat(browser, other.email, id)
    await chatService.block(me.id, other.id)
    for (const { page } of [mine, theirs]) {
      await page.locator('.chat-blocked-live', { hasText: zh('chat', 'blocked_live') }).waitFor()
      await page.locator('.chat-form').waitFor({ state: 'hidden' })
    }
    await mine.context.close()
    await theirs.context.close()
  }).timeout(60_000)

  test('over the send limit: failed, with a "重试" button that sends it once allowed; a refusal that cannot succeed offers no retry', async ({
    browser,
    assert,
    cleanup,
  }) => {
    const [me, other] = await UserFactory.merge({ locale: 'zh-CN' }).createMany(2)
    const { id } = await chatService.directConversation(me.id, other.id)
    cleanup(async () => {
      await db.from('conversations').where('id', id).delete()
      await db.from('user_blocks').where('blocker_id', other.id).delete()
      await db.from('users').whereIn('id', [me.id, other.id]).delete()
    })
    const { page, context } = await liveChat(browser, me.email, id)
    for (let index = 0; index < 30; index++) {
      await chatService.send(id, me.id, crypto.randomUUID(), `第 ${index} 条`)
    }
    await sendFromPage(page, '太快了')
    const failed = page.locator('.chat-msg-failed', { hasText: '太快了' })
    await failed.locator('.chat-status', { hasText: zh('chat', 'errors.rate_limited') }).waitFor()
    const retry = failed.getByRole('button', { name: zh('chat', 'retry') })
    await retry.waitFor()

    await limiter.clear()
    await retry.click()
    await page.locator('.chat-msg-mine[data-id]', { hasText: '太快了' }).waitFor()
    assert.equal(await page.locator('.chat-msg-failed').count(), 0)

    // a block (its row only: the page is not told) makes a resend pointless: no retry offered
    await db.table('user_blocks').insert({ blocker_id: other.id, blocked_id: me.id })
    await sendFromPage(page, '被拒绝')
    const refused = page.locator('.chat-msg-failed', { hasText: '被拒绝' })
    await refused.locator('.chat-status', { hasText: zh('chat', 'errors.blocked') }).waitFor()
    assert.equal(await refused.locator('button').count(), 0)
    await context.close()
  }).timeout(60_000)

  test('a message with no acknowledgement within 10 s shows as failed, and retrying sends it', async ({
    browser,
    assert,
    cleanup,
  }) => {
    const [me, other] = await UserFactory.merge({ locale: 'zh-CN' }).createMany(2)
    const { id } = await chatService.directConversation(me.id, other.id)
    cleanup(async () => {
      await db.from('conversations').where('id', id).delete()
      await db.from('users').whereIn('id', [me.id, other.id]).delete()
    })
    const { page, context } = await liveChat(browser, me.email, id)
    // the frame is lost on the way
    await page.evaluate(() => {
      const original = WebSocket.prototype.send
      Object.assign(globalThis, { originalSend: original })
      WebSocket.prototype.send = function (data) {
        if (String(data).includes('"chat.send"')) return
        return original.call(this, data)
      }
    })
    await sendFromPage(page, '丢了')
    const lost = page.locator('.chat-msg-failed', { hasText: '丢了' })
    await lost.waitFor({ timeout: 15_000 })
    assert.equal(await lost.locator('.chat-status').first().textContent(), zh('chat', 'failed'))
    await page.evaluate(() => {
      WebSocket.prototype.send = (globalThis as any).originalSend
    })
    await lost.getByRole('button', { name: zh('chat', 'retry') }).click()
    await page.locator('.chat-msg-mine[data-id]', { hasText: '丢了' }).waitFor()
    assert.equal(await page.locator('.chat-msg', { hasText: '丢了' }).count(), 1)
    await context.close()
  }).timeout(60_000)

  test('in a conversation of three, "已读" shows only once every other member has read', async ({
    browser,
    assert,
    cleanup,
  }) => {
    const [me, second, third] = await UserFactory.merge({ locale: 'zh-CN' }).createMany(3)
    const subjectId = Math.floor(Math.random() * 1e9)
    const { id } = await chatService.subjectConversation('test_subject', subjectId, [
      me.id,
      second.id,
      third.id,
    ])
    cleanup(async () => {
      await db.from('conversations').where('id', id).delete()
      await db.from('users').whereIn('id', [me.id, second.id, third.id]).delete()
    })
    const { page, context } = await liveChat(browser, me.email, id)
    await sendFromPage(page, '大家好')
    const sent = page.locator('.chat-msg-mine[data-id]', { hasText: '大家好' })
    await sent.waitFor()
    const messageId = Number(await sent.getAttribute('data-id'))

    await chatService.markRead(id, second.id, messageId)
    // the second member then writes: once that shows, their receipt (sent before it, in the
    // same room) has been handled too; the third has not read, so nothing says "已读"
    await chatService.send(id, second.id, crypto.randomUUID(), '收到')
    await page.locator('.chat-msg', { hasText: '收到' }).waitFor()
    assert.equal(await page.locator('.chat-read').count(), 0)

    await chatService.markRead(id, third.id, messageId)
    await sent.locator('.chat-read', { hasText: zh('chat', 'read') }).waitFor()
    await context.close()
  }).timeout(60_000)
})
