import { test } from '@japa/runner'
import sharp from 'sharp'
import drive from '@adonisjs/drive/services/main'
import type { ApiClient } from '@japa/api-client'
import Field from '#identity/models/field'
import type User from '#identity/models/user'
import { fieldCatalogue } from '#identity/services/field_catalogue'
import { pageCache } from '#shared/http/page_cache'
import { startCachedServer } from '#tests/helpers/cached_server'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory } from '#database/factories/identity_factory'
import {
  countRows,
  en,
  fieldErrors,
  fileWith,
  pngFile,
  removeUploads,
  zh,
  isolateEachTest,
} from '#tests/helpers'

const admin = (locale: 'en' | 'zh-CN' = 'en') =>
  UserFactory.merge({ staffRole: 'admin', locale }).create()

const form = (changes: Record<string, string> = {}) => ({
  slug: 'tea-ceremony',
  nameZh: '茶道',
  nameEn: 'Tea ceremony',
  descriptionZh: '一期一会',
  descriptionEn: 'One time, one meeting',
  sortOrder: '5',
  ...changes,
})

function post(client: ApiClient, user: User | null, url: string, fields: Record<string, string>) {
  const request = client.post(url).fields(fields).withCsrfToken().redirects(0)
  if (user) request.loginAs(user)
  return request
}

/** What a field looks like in the database, to show that nothing changed. */
async function snapshot(field: Field) {
  const row = await Field.findOrFail(field.id)
  return row.serialize()
}

test.group('Admin: the field catalogue', (group) => {
  isolateEachTest(group)
  group.each.setup(() => {
    fieldCatalogue.forget()
    drive.fake('fs')
    return () => drive.restore('fs')
  })
  group.teardown(() => removeUploads())

  test('a guest is sent to the login page', async ({ client, assert }) => {
    const field = await FieldFactory.create()
    for (const url of ['/admin/fields', '/admin/fields/new', `/admin/fields/${field.id}/edit`]) {
      const response = await client.get(url).redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', '/login')
    }
    const before = await countRows('fields')
    const store = await post(client, null, '/admin/fields', form())
    store.assertStatus(302)
    store.assertHeader('location', '/login')
    assert.equal(await countRows('fields'), before)
  })

  test('moderators and other users get 403 and change nothing', async ({ client, assert }) => {
    const moderator = await UserFactory.merge({ staffRole: 'moderator' }).create()
    const member = await UserFactory.create()
    const field = await FieldFactory.create()
    const before = await snapshot(field)
    const rows = await countRows('fields')

    for (const user of [moderator, member]) {
      for (const url of ['/admin/fields', '/admin/fields/new', `/admin/fields/${field.id}/edit`]) {
        const page = await client.get(url).loginAs(user).redirects(0)
        page.assertStatus(403)
        page.assertTextIncludes(en('errors.403.title'))
      }
      const attempts = [
        await post(client, user, '/admin/fields', form()),
        await post(client, user, `/admin/fields/${field.id}`, form({ nameEn: 'Taken over' })),
        await post(client, user, `/admin/fields/${field.id}/toggle`, {}),
      ]
      attempts.forEach((response) => response.assertStatus(403))
    }

    assert.deepEqual(await snapshot(field), before)
    assert.equal(await countRows('fields'), rows)
  })

  test('the header menu links to the admin screens for admins only', async ({ client, assert }) => {
    const adminPage = await client.get('/dashboard').loginAs(await admin())
    adminPage.assertTextIncludes('href="/admin/fields"')
    const moderator = await UserFactory.merge({ staffRole: 'moderator' }).create()
    const moderatorPage = await client.get('/dashboard').loginAs(moderator)
    moderatorPage.assertStatus(200)
    assert.notInclude(moderatorPage.text(), 'href="/admin/fields"')
  })

  test('an admin sees every field, inactive ones included, in their order', async ({
    client,
    assert,
  }) => {
    await FieldFactory.merge({ nameEn: 'Zither', sortOrder: 9 }).create()
    await FieldFactory.merge({ nameEn: 'Lacquer', sortOrder: 2 }).apply('inactive').create()

    const page = await client.get('/admin/fields').loginAs(await admin())

    page.assertStatus(200)
    const html = page.text()
    assert.isBelow(html.indexOf('Lacquer'), html.indexOf('Zither'))
    page.assertTextIncludes(en('admin.fields.inactive'))
    page.assertTextIncludes(en('admin.fields.activate'))
  })

  test('an admin creates a field, which the public sees at once', async ({
    client,
    assert,
    cleanup,
  }) => {
    const user = await admin()
    // an anonymous visitor's home page is in the page cache …
    pageCache.clear()
    const server = await startCachedServer()
    cleanup(() => server.close())
    const anonymousHome = () => server.get('/', { 'accept-language': 'en' })
    await anonymousHome()
    const before = await anonymousHome()
    assert.equal(before.headers['x-page-cache'], 'hit')
    assert.notInclude(before.text, 'Tea ceremony')

    const response = await post(client, user, '/admin/fields', form())

    response.assertStatus(302)
    response.assertHeader('location', '/admin/fields')
    response.assertFlashMessage('success', en('admin.fields.created', { name: 'Tea ceremony' }))
    const field = await Field.findByOrFail('slug', 'tea-ceremony')
    assert.include(field.serialize(), {
      nameZh: '茶道',
      nameEn: 'Tea ceremony',
      descriptionZh: '一期一会',
      descriptionEn: 'One time, one meeting',
      sortOrder: 5,
      active: true,
      coverKey: null,
    })
    // … and purged by the change: the next anonymous visitor sees the new field and its page
    const after = await anonymousHome()
    assert.equal(after.headers['x-page-cache'], 'miss')
    assert.include(after.text, 'Tea ceremony')
    const page = await server.get('/fields/tea-ceremony', { 'accept-language': 'en' })
    assert.equal(page.status, 200)
    assert.include(page.text, 'Tea ceremony')
  })

  test('an admin edits a field and may keep its slug', async ({ client, assert }) => {
    const field = await FieldFactory.create()

    const response = await post(
      client,
      await admin(),
      `/admin/fields/${field.id}`,
      form({ slug: field.slug, nameEn: 'Ink painting', sortOrder: '0' })
    )

    response.assertStatus(302)
    response.assertHeader('location', '/admin/fields')
    response.assertFlashMessage('success', en('admin.fields.updated', { name: 'Ink painting' }))
    await field.refresh()
    assert.equal(field.nameEn, 'Ink painting')
    assert.equal(field.sortOrder, 0)
  })

  test('the edit form shows the field', async ({ client }) => {
    const field = await FieldFactory.merge({ nameEn: 'Woodblock' }).create()
    const page = await client.get(`/admin/fields/${field.id}/edit`).loginAs(await admin())
    page.assertStatus(200)
    page.assertTextIncludes('value="Woodblock"')
    page.assertTextIncludes(`value="${field.slug}"`)
  })

  test('an unknown field is a 404 for an admin', async ({ client }) => {
    const user = await admin()
    const unknown = await client.get('/admin/fields/999999/edit').loginAs(user)
    unknown.assertStatus(404)
    const notAnId = await client.get('/admin/fields/abc/edit').loginAs(user)
    notAnId.assertStatus(404)
    const toggle = await post(client, user, '/admin/fields/999999/toggle', {})
    toggle.assertStatus(404)
  })

  test('a deactivated field leaves the public pages; activating brings it back', async ({
    client,
    assert,
  }) => {
    const user = await admin()
    const field = await FieldFactory.merge({ nameEn: 'Bookbinding' }).create()
    const home = await client.get('/').loginAs(user)
    home.assertTextIncludes('Bookbinding')

    const off = await post(client, user, `/admin/fields/${field.id}/toggle`, {})
    off.assertStatus(302)
    off.assertFlashMessage('success', en('admin.fields.deactivated', { name: 'Bookbinding' }))
    await field.refresh()
    assert.isFalse(field.active)
    const hidden = await client.get(`/fields/${field.slug}`)
    hidden.assertStatus(404)
    const homeWithout = await client.get('/').loginAs(user)
    assert.notInclude(homeWithout.text(), 'Bookbinding')

    await post(client, user, `/admin/fields/${field.id}/toggle`, {})
    await field.refresh()
    assert.isTrue(field.active)
    const shown = await client.get(`/fields/${field.slug}`)
    shown.assertStatus(200)
    const homeWith = await client.get('/').loginAs(user)
    homeWith.assertTextIncludes('Bookbinding')
  })

  test('bad input is refused with clear messages and nothing is written', async ({
    client,
    assert,
  }) => {
    const user = await admin()
    const taken = await FieldFactory.create()
    const rows = await countRows('fields')
    const cases: [Record<string, string>, string, string][] = [
      [{ slug: taken.slug }, 'slug', en('validator.shared.messages.slug.database.unique')],
      [{ slug: 'Tea Ceremony!' }, 'slug', en('validator.shared.messages.slug.regex')],
      [{ slug: '-tea' }, 'slug', en('validator.shared.messages.slug.regex')],
      [{ slug: 'x' }, 'slug', 'The URL name needs at least 2 characters'],
      [{ nameZh: '' }, 'nameZh', en('validator.shared.messages.nameZh.required')],
      [{ nameEn: 'n'.repeat(61) }, 'nameEn', 'The English name can have at most 60 characters'],
      [{ nameZh: '茶'.repeat(61) }, 'nameZh', 'The Chinese name can have at most 60 characters'],
      [
        { descriptionEn: 'd'.repeat(301) },
        'descriptionEn',
        'The English description can have at most 300 characters',
      ],
      [{ sortOrder: '10000' }, 'sortOrder', en('validator.shared.messages.sortOrder.range')],
      [{ sortOrder: '-1' }, 'sortOrder', en('validator.shared.messages.sortOrder.range')],
      [{ sortOrder: '1.5' }, 'sortOrder', en('validator.shared.messages.sortOrder.range')],
      [{ sortOrder: 'first' }, 'sortOrder', en('validator.shared.messages.sortOrder.number')],
    ]
    for (const [changes, name, message] of cases) {
      const response = await post(client, user, '/admin/fields', form(changes))
      response.assertStatus(302)
      assert.deepEqual(fieldErrors(response)[name], [message], JSON.stringify(changes))
    }
    assert.equal(await countRows('fields'), rows)
  })

  test('messages follow the admin language', async ({ client, assert }) => {
    const user = await admin('zh-CN')
    const taken = await FieldFactory.create()
    const response = await post(
      client,
      user,
      '/admin/fields',
      form({ slug: taken.slug, nameEn: 'n'.repeat(61), sortOrder: '10000' })
    )
    const errors = fieldErrors(response)
    assert.deepEqual(errors.slug, [zh('validator.shared.messages.slug.database.unique')])
    assert.deepEqual(errors.nameEn, ['英文名称不能超过 60 个字符'])
    assert.deepEqual(errors.sortOrder, [zh('validator.shared.messages.sortOrder.range')])
  })

  test('a slug taken by another field is refused on update too', async ({ client, assert }) => {
    const field = await FieldFactory.create()
    const other = await FieldFactory.create()
    const before = await snapshot(field)

    const response = await post(
      client,
      await admin(),
      `/admin/fields/${field.id}`,
      form({ slug: other.slug })
    )

    assert.deepEqual(fieldErrors(response).slug, [
      en('validator.shared.messages.slug.database.unique'),
    ])
    assert.deepEqual(await snapshot(field), before)
  })

  test('an uploaded cover is stored as a 1200×600 WebP and shown lazily, with its size', async ({
    client,
    assert,
  }) => {
    const user = await admin()
    const field = await FieldFactory.merge({ nameEn: 'Glass' }).create()

    const response = await post(client, user, `/admin/fields/${field.id}`, {
      ...form({ slug: field.slug, nameEn: 'Glass' }),
    }).file('cover', await pngFile('cover.png'))

    response.assertStatus(302)
    response.assertHeader('location', '/admin/fields')
    await field.refresh()
    assert.match(field.coverKey!, /^[0-9a-f-]{36}$/)
    const disk = drive.use('fs') as ReturnType<typeof drive.fake>
    disk.assertExists(`field-covers/${field.coverKey}.webp`)

    const url = `/fields/${field.slug}/cover?v=${field.coverKey}`
    const cover = await client.get(url)
    cover.assertStatus(200)
    cover.assertHeader('content-type', 'image/webp')
    cover.assertHeader('cache-control', 'public, max-age=31536000, immutable')
    const meta = await sharp(cover.body() as Buffer).metadata()
    assert.include(meta, { format: 'webp', width: 1200, height: 600 })

    const page = await client.get(`/fields/${field.slug}`)
    page.assertTextIncludes(`src="${url}"`)
    // the field page's cover is its largest paint: preloaded and fetched at once, not lazily
    assert.match(page.text(), /<img[^>]+width="1200" height="600"[^>]+fetchpriority="high"/)
    assert.include(
      page.text(),
      `<link rel="preload" as="image" href="${url}" fetchpriority="high" />`
    )
    const home = await client.get('/').loginAs(user)
    assert.match(home.text(), /<img[^>]+cover\?v=[^>]+width="\d+" height="\d+"[^>]+loading="lazy"/)
  })

  test('a new cover replaces the old one, whose link then leads to the new', async ({
    client,
    assert,
  }) => {
    const user = await admin()
    const field = await FieldFactory.create()
    const update = () => post(client, user, `/admin/fields/${field.id}`, form({ slug: field.slug }))
    await update().file('cover', await pngFile())
    await field.refresh()
    const first = field.coverKey!

    await update().file('cover', await pngFile())
    await field.refresh()
    const disk = drive.use('fs') as ReturnType<typeof drive.fake>
    assert.notEqual(field.coverKey, first)
    disk.assertMissing(`field-covers/${first}.webp`)
    const old = await client.get(`/fields/${field.slug}/cover?v=${first}`).redirects(0)
    old.assertStatus(302)
    old.assertHeader('location', `/fields/${field.slug}/cover?v=${field.coverKey}`)

    await update().field('removeCover', 'true')
    await field.refresh()
    assert.isNull(field.coverKey)
    const gone = await client.get(`/fields/${field.slug}/cover`)
    gone.assertStatus(404)
  })

  test('a text file renamed .png is refused and nothing changes', async ({ client, assert }) => {
    const user = await admin()
    const field = await FieldFactory.create()
    const before = await snapshot(field)
    const rows = await countRows('fields')
    const fake = () => fileWith('cover.png', 'just some text, not an image')
    const message = 'validator.shared.messages.cover.file.extname'

    const updated = await post(
      client,
      user,
      `/admin/fields/${field.id}`,
      form({ slug: field.slug, nameEn: 'Changed' })
    ).file('cover', await fake())
    assert.deepEqual(fieldErrors(updated).cover, [en(message)])
    assert.deepEqual(await snapshot(field), before)

    const created = await post(client, user, '/admin/fields', form()).file('cover', await fake())
    assert.deepEqual(fieldErrors(created).cover, [en(message)])
    assert.equal(await countRows('fields'), rows)

    const chinese = await admin('zh-CN')
    const refused = await post(client, chinese, '/admin/fields', form()).file('cover', await fake())
    assert.deepEqual(fieldErrors(refused).cover, [zh(message)])
    assert.equal(await countRows('fields'), rows)
  })

  test('a broken image that looks like a PNG is refused and nothing changes', async ({
    client,
    assert,
  }) => {
    const user = await admin()
    const field = await FieldFactory.create()
    const before = await snapshot(field)
    const rows = await countRows('fields')
    const png = await sharp({
      create: { width: 40, height: 40, channels: 3, background: '#0a0' },
    })
      .png()
      .toBuffer()
    // the PNG signature and header, then nothing an image decoder can use
    const broken = Buffer.concat([png.subarray(0, 33), Buffer.alloc(200, 7)])

    const updated = await post(
      client,
      user,
      `/admin/fields/${field.id}`,
      form({ slug: field.slug, nameEn: 'Changed' })
    ).file('cover', await fileWith('broken.png', broken))
    assert.deepEqual(fieldErrors(updated).cover, [en('admin.fields.cover_invalid')])
    assert.deepEqual(await snapshot(field), before)

    const chinese = await admin('zh-CN')
    const created = await post(client, chinese, '/admin/fields', form()).file(
      'cover',
      await fileWith('broken.png', broken)
    )
    assert.deepEqual(fieldErrors(created).cover, [zh('admin.fields.cover_invalid')])
    assert.equal(await countRows('fields'), rows)
    const disk = drive.use('fs') as ReturnType<typeof drive.fake>
    assert.deepEqual(await disk.listAll('field-covers').then((list) => [...list.objects]), [])
  })

  test('a file of another type is refused by its name too', async ({ client, assert }) => {
    const response = await post(client, await admin(), '/admin/fields', form()).file(
      'cover',
      await fileWith('cover.gif', 'GIF89a')
    )
    assert.deepEqual(fieldErrors(response).cover, [
      en('validator.shared.messages.cover.file.extname'),
    ])
    assert.equal(await countRows('fields', { slug: 'tea-ceremony' }), 0)
  })
})
