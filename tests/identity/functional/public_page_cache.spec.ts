import { test } from '@japa/runner'
import drive from '@adonisjs/drive/services/main'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import type Field from '#identity/models/field'
import Identity from '#identity/models/identity'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory } from '#database/factories/identity_factory'
import { pageCache } from '#shared/http/page_cache'
import { isolateEachTest, pngFile, removeUploads } from '#tests/helpers'
import { startCachedServer } from '#tests/helpers/cached_server'

/*
| Anonymous field pages and profiles come from the page cache
| (app/shared/http/page_cache.ts) and are purged when what they show changes
| (app/identity/services/identity_changes.ts): the next visitor sees it.
*/

let get: Awaited<ReturnType<typeof startCachedServer>>['get']

/** The anonymous page, asserting where it came from; English for readable assertions. */
async function visit(path: string, expected: 'hit' | 'miss') {
  const reply = await get(path, { 'accept-language': 'en' })
  if (reply.headers['x-page-cache'] !== expected) {
    throw new Error(`${path}: expected a cache ${expected}, got ${reply.headers['x-page-cache']}`)
  }
  return reply.text
}

/** The page is in the cache: rendered once, then served from it. */
async function cached(path: string) {
  await get(path, { 'accept-language': 'en' })
  return visit(path, 'hit')
}

const admin = () => UserFactory.merge({ staffRole: 'admin', locale: 'en' }).create()

function editField(client: ApiClient, as: User, field: Field, changes: Record<string, string>) {
  return client
    .post(`/admin/fields/${field.id}`)
    .loginAs(as)
    .fields({
      slug: field.slug,
      nameZh: field.nameZh,
      nameEn: field.nameEn,
      descriptionZh: field.descriptionZh,
      descriptionEn: field.descriptionEn,
      sortOrder: String(field.sortOrder),
      ...changes,
    })
    .withCsrfToken()
    .redirects(0)
}

function editProfile(client: ApiClient, user: User, changes: Record<string, string> = {}) {
  return client
    .post('/settings/profile')
    .loginAs(user)
    .form({
      displayName: user.displayName,
      bio: '',
      locale: 'en',
      timeZone: 'Asia/Tokyo',
      ...changes,
    })
    .withCsrfToken()
    .redirects(0)
}

test.group('Public page cache: field pages and profiles', (group) => {
  group.setup(async () => {
    const server = await startCachedServer()
    get = server.get
    return server.close
  })
  isolateEachTest(group)
  group.each.setup(() => {
    pageCache.clear()
    drive.fake('fs')
    return () => {
      drive.restore('fs')
      pageCache.clear()
    }
  })
  group.teardown(() => removeUploads())

  test("an admin's edit of a field is on its cached page at the next visit", async ({
    client,
    assert,
  }) => {
    const field = await FieldFactory.merge({ nameEn: 'Lacquer' }).create()
    assert.include(await cached(`/fields/${field.slug}`), 'Lacquer')

    const edited = await editField(client, await admin(), field, { nameEn: 'Lacquerware' })
    edited.assertStatus(302)
    const page = await visit(`/fields/${field.slug}`, 'miss')
    assert.include(page, 'Lacquerware')
    assert.include(await visit(`/fields/${field.slug}`, 'hit'), 'Lacquerware')
  })

  test('a new slug: the old page is gone, not served from the cache', async ({
    client,
    assert,
  }) => {
    const field = await FieldFactory.create()
    const oldPath = `/fields/${field.slug}`
    await cached(oldPath)
    const home = await cached('/')
    assert.include(home, oldPath)

    const edited = await editField(client, await admin(), field, { slug: `${field.slug}-new` })
    edited.assertStatus(302)
    const old = await get(oldPath, { 'accept-language': 'en' })
    assert.equal(old.status, 404)
    assert.include(await visit('/', 'miss'), `${oldPath}-new`)
  })

  test('switching a field off takes its cached page down', async ({ client, assert }) => {
    const field = await FieldFactory.create()
    await cached(`/fields/${field.slug}`)
    const toggled = await client
      .post(`/admin/fields/${field.id}/toggle`)
      .loginAs(await admin())
      .withCsrfToken()
      .redirects(0)
    toggled.assertStatus(302)
    const page = await get(`/fields/${field.slug}`, { 'accept-language': 'en' })
    assert.equal(page.status, 404)
  })

  test('a newly certified master appears on the cached field page; their new name too', async ({
    client,
    assert,
  }) => {
    const field = await FieldFactory.create()
    const master = await UserFactory.merge({ displayName: 'Keeper Zhao' }).create()
    const identity = await Identity.create({
      userId: master.id,
      fieldId: field.id,
      role: 'master',
      status: 'pending',
    })
    assert.notInclude(await cached(`/fields/${field.slug}`), 'Keeper Zhao')

    identity.status = 'certified'
    await identity.save()
    assert.include(await visit(`/fields/${field.slug}`, 'miss'), 'Keeper Zhao')
    await visit(`/fields/${field.slug}`, 'hit')

    const renamed = await editProfile(client, master, { displayName: 'Elder Zhao' })
    renamed.assertStatus(302)
    const page = await visit(`/fields/${field.slug}`, 'miss')
    assert.include(page, 'Elder Zhao')
    assert.notInclude(page, '>Keeper Zhao<')
  })

  test('a profile edit, a new avatar and a new identity are on the cached profile at the next visit', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ displayName: 'Potter Wu' }).create()
    const path = `/users/${user.id}`
    assert.include(await cached(path), 'Potter Wu')

    const renamed = await editProfile(client, user, { displayName: 'Potter Wu Jr', bio: 'Kilns' })
    renamed.assertStatus(302)
    const page = await visit(path, 'miss')
    assert.include(page, 'Potter Wu Jr')
    assert.include(page, 'Kilns')

    await visit(path, 'hit')
    const avatar = await client
      .post('/settings/profile')
      .loginAs(user)
      .fields({ displayName: 'Potter Wu Jr', bio: 'Kilns', locale: 'en', timeZone: 'Asia/Tokyo' })
      .file('avatar', await pngFile())
      .withCsrfToken()
      .redirects(0)
    avatar.assertStatus(302)
    assert.include(await visit(path, 'miss'), '/avatars/')

    await visit(path, 'hit')
    const field = await FieldFactory.merge({ nameEn: 'Bonsai' }).create()
    const joined = await client
      .post(`/fields/${field.slug}/apprentice`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    joined.assertStatus(302)
    assert.include(await visit(path, 'miss'), 'Bonsai')

    // a field renamed: every profile naming it
    await visit(path, 'hit')
    await editField(client, await admin(), field, { nameEn: 'Bonsai trees' })
    assert.include(await visit(path, 'miss'), 'Bonsai trees')
  })

  test('a work added to the portfolio is on the cached profile at the next visit', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    const identity = await Identity.create({
      userId: user.id,
      fieldId: field.id,
      role: 'apprentice',
      status: 'active',
    })
    const path = `/users/${user.id}`
    assert.notInclude(await cached(path), 'Celadon bowl')

    const added = await client
      .post('/portfolio')
      .loginAs(user)
      .withSession({ identity_id: identity.id })
      .fields({ title: 'Celadon bowl', description: 'Reduction fired' })
      .file('image', await pngFile('work.png'))
      .withCsrfToken()
      .redirects(0)
    added.assertStatus(302)
    assert.include(await visit(path, 'miss'), 'Celadon bowl')
  })

  test('only the route’s own spelling of a URL is stored (a purge names that one)', async ({
    assert,
  }) => {
    const user = await UserFactory.create()
    for (const path of [`/users/0${user.id}`, `/users/${user.id}/`]) {
      const first = await get(path, { 'accept-language': 'en' })
      const second = await get(path, { 'accept-language': 'en' })
      assert.notEqual(second.headers['x-page-cache'], 'hit', path)
      if (first.status === 200) assert.notEqual(first.headers['x-page-cache'], 'miss', path)
    }
    await cached(`/users/${user.id}`)
  })

  test('a page rendered before a purge is not stored after it', async ({ assert }) => {
    const before = pageCache.generation
    pageCache.purge(['/users/1'])
    const stored = pageCache.store({
      key: '/users/1',
      locale: 'en',
      html: '<html lang="en"><body>old</body></html>',
      headers: { 'content-type': 'text/html; charset=utf-8' },
      generation: before,
    })
    assert.isFalse(stored)
    assert.equal(pageCache.size, 0)
    assert.isTrue(
      pageCache.store({
        key: '/users/1',
        locale: 'en',
        html: '<html lang="en"><body>new</body></html>',
        headers: { 'content-type': 'text/html; charset=utf-8' },
        generation: pageCache.generation,
      })
    )
    // a prefix purge drops every path under it
    assert.equal(pageCache.purge(['/users/']), 1)
    assert.equal(pageCache.size, 0)
  })
})
