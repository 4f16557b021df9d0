import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { FieldFactory } from '#database/factories/identity_factory'
import { notificationService } from '#realtime/index'
import { chatService } from '#chat/index'
import { startProductionServer } from '#tests/helpers/production_server'
import { type Browser, browserOf } from '#tests/realtime/sse_client'
import { eventually } from '#tests/realtime/ws_client'
import env from '#start/env'

/*
| Two production servers (A and B) and this test process share PostgreSQL
| and Redis. What one of them changes purges the others' anonymous pages
| (Redis pub/sub) and their cached header data and accounts (the cache bus).
| Rows are committed here (no test transaction) and deleted at the end.
*/

const anonymous = (base: string, path: string) =>
  fetch(`${base}${path}`, { headers: { 'accept-language': 'en' } })

/** Visits until the page comes from the cache (the second visit at the latest). */
async function cachedOn(base: string, path: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const page = await anonymous(base, path)
    if (page.headers.get('x-page-cache') === 'hit') return page.text()
  }
  throw new Error(`${base}${path} is not served from the page cache`)
}

/** A signed-in page as this browser gets it. */
async function signedInPage(browser: Browser, path = '/dashboard') {
  const page = await fetch(`${browser.base}${path}`, { headers: { cookie: browser.cookie } })
  return page.text()
}

/** Whether the page (anonymous, or as this browser) shows the text. */
async function shows(where: string | Browser, path: string, text: string) {
  const page =
    typeof where === 'string'
      ? await anonymous(where, path)
      : await fetch(`${where.base}${path}`, { headers: { cookie: where.cookie } })
  const html = await page.text()
  return html.includes(text)
}

function postForm(browser: Browser, path: string, fields: Record<string, string>) {
  return fetch(`${browser.base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'cookie': browser.cookie,
      'x-csrf-token': browser.csrf,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(fields),
  })
}

const count = (html: string, badge: 'bell' | 'chat-nav') =>
  Number(
    new RegExp(`<a class="${badge}[^"]*"[\\s\\S]*?class="bell-count[^"]*"[^>]*>\\s*(\\d+)`).exec(
      html
    )?.[1] ?? 0
  )

test.group('Caches across instances', () => {
  test('a purge or an invalidation made on one instance is seen on the other', async ({
    client,
    assert,
    cleanup,
  }) => {
    const port = env.get('PORT', 3334)
    const [a, b] = await Promise.all([
      startProductionServer(port + 100),
      startProductionServer(port + 101),
    ])
    const admin = await UserFactory.merge({ staffRole: 'admin', locale: 'en' }).create()
    const user = await UserFactory.merge({ displayName: 'Weaver Lu', locale: 'en' }).create()
    const friend = await UserFactory.create()
    const field = await FieldFactory.merge({ nameEn: 'Weaving' }).create()
    cleanup(async () => {
      await Promise.all([a.stop(), b.stop()])
      for (const row of [admin, user, friend, field]) await row.delete()
    })

    // an admin's edit on A: B's cached field page is purged
    assert.include(await cachedOn(b.url, `/fields/${field.slug}`), 'Weaving')
    const adminOnA = await browserOf(client, admin.email, DEFAULT_PASSWORD, a.url)
    const edited = await postForm(adminOnA, `/admin/fields/${field.id}`, {
      slug: field.slug,
      nameZh: field.nameZh,
      nameEn: 'Handweaving',
      descriptionZh: field.descriptionZh,
      descriptionEn: field.descriptionEn,
      sortOrder: String(field.sortOrder),
    })
    assert.equal(edited.status, 302)
    assert.equal(edited.headers.get('location'), '/admin/fields')
    await eventually(() => shows(b.url, `/fields/${field.slug}`, 'Handweaving'))

    // a profile edit on A: B's cached profile is purged, B's header (account cache) follows
    const userOnA = await browserOf(client, user.email, DEFAULT_PASSWORD, a.url)
    const userOnB = await browserOf(client, user.email, DEFAULT_PASSWORD, b.url)
    assert.include(await cachedOn(b.url, `/users/${user.id}`), 'Weaver Lu')
    assert.include(await signedInPage(userOnB), '<span class="menu-name">Weaver Lu</span>')
    const renamed = await postForm(userOnA, '/settings/profile', {
      displayName: 'Master Weaver Lu',
      bio: '',
      locale: 'en',
      timeZone: 'Asia/Shanghai',
    })
    assert.equal(renamed.status, 302)
    await eventually(() => shows(b.url, `/users/${user.id}`, 'Master Weaver Lu'))
    await eventually(() =>
      shows(userOnB, '/dashboard', '<span class="menu-name">Master Weaver Lu</span>')
    )

    // a notification stored here, a message sent on A: B's header counts (layout cache) follow
    assert.equal(count(await signedInPage(userOnB), 'bell'), 0)
    assert.equal(count(await signedInPage(userOnB), 'chat-nav'), 0)
    await notificationService.notify(user.id, 'certification.approved', {
      fieldNameZh: '织造',
      fieldNameEn: 'Handweaving',
    })
    await eventually(async () => count(await signedInPage(userOnB), 'bell') === 1)

    const { id } = await chatService.directConversation(user.id, friend.id)
    const friendOnA = await browserOf(client, friend.email, DEFAULT_PASSWORD, a.url)
    const sent = await postForm(friendOnA, `/messages/${id}`, {
      body: 'Shall we weave together?',
      clientId: randomUUID(),
    })
    assert.equal(sent.status, 302)
    await eventually(async () => count(await signedInPage(userOnB), 'chat-nav') === 1)
  }).timeout(240_000)
})
