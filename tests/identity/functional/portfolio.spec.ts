import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import drive from '@adonisjs/drive/services/main'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import type Identity from '#identity/models/identity'
import PortfolioItem from '#identity/models/portfolio_item'
import { PORTFOLIO_LIMIT } from '#identity/services/portfolio_service'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import {
  countRows,
  en,
  fieldErrors,
  fileWith,
  isolateEachTest,
  pngFile,
  removeUploads,
} from '#tests/helpers'

/** A user who is a certified ceramics master and a calligraphy apprentice. */
async function dualUser() {
  const [ceramics, calligraphy] = await FieldFactory.createMany(2)
  const user = await UserFactory.create()
  const master = await IdentityFactory.apply('certifiedMaster')
    .merge({ userId: user.id, fieldId: ceramics.id })
    .create()
  const apprentice = await IdentityFactory.merge({
    userId: user.id,
    fieldId: calligraphy.id,
  }).create()
  return { user, master, apprentice }
}

async function addWork(
  client: ApiClient,
  user: User,
  as: Identity,
  title = '青瓷茶盏',
  image?: string
) {
  return client
    .post('/portfolio')
    .loginAs(user)
    .withSession({ identity_id: as.id })
    .fields({ title, description: '龙泉青瓷，还原焰烧成' })
    .file('image', image ?? (await pngFile('work.png')))
    .withCsrfToken()
    .redirects(0)
}

/** Tries to rename and then delete a work, as `user` acting as the identity in `session`. */
async function tamper(client: ApiClient, user: User, workId: number, session = {}) {
  const post = (url: string) =>
    client.post(url).loginAs(user).withSession(session).withCsrfToken().redirects(0)
  const update = await post(`/portfolio/${workId}`).fields({ title: '改名' })
  const remove = await post(`/portfolio/${workId}/delete`)
  return [update.status(), remove.status()]
}

const disk = () => drive.use('fs') as ReturnType<typeof drive.fake>

test.group('Portfolio', (group) => {
  isolateEachTest(group)
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })
  group.teardown(() => removeUploads())

  test('a work is added under the active identity, stored as WebP in two sizes and listed', async ({
    client,
    assert,
  }) => {
    const { user, master } = await dualUser()

    const response = await addWork(client, user, master)

    response.assertStatus(302)
    response.assertHeader('location', '/portfolio')
    response.assertFlashMessage('success', en('portfolio.added'))
    const work = await PortfolioItem.findByOrFail('identity_id', master.id)
    assert.equal(work.title, '青瓷茶盏')
    disk().assertExists([
      `portfolio/${work.imageKey}-thumb.webp`,
      `portfolio/${work.imageKey}-full.webp`,
    ])
    const page = await client
      .get('/portfolio')
      .loginAs(user)
      .withSession({ identity_id: master.id })
    page.assertStatus(200)
    page.assertTextIncludes('青瓷茶盏')
    const image = await client.get(`/portfolio/images/${work.imageKey}`)
    image.assertStatus(200)
    image.assertHeader('content-type', 'image/webp')
    image.assertHeader('cache-control', 'public, max-age=31536000, immutable')
  })

  test("what one identity made is neither listed nor editable under the user's other identity", async ({
    client,
    assert,
  }) => {
    const { user, master, apprentice } = await dualUser()
    await addWork(client, user, master, '柴烧大罐')
    const work = await PortfolioItem.findByOrFail('identity_id', master.id)
    const asApprentice = { identity_id: apprentice.id }

    const list = await client.get('/portfolio').loginAs(user).withSession(asApprentice)
    list.assertStatus(200)
    assert.notInclude(list.text(), '柴烧大罐')
    list.assertTextIncludes(en('portfolio.empty'))

    const edit = await client
      .get(`/portfolio/${work.id}/edit`)
      .loginAs(user)
      .withSession(asApprentice)
    edit.assertStatus(403)
    assert.deepEqual(await tamper(client, user, work.id, asApprentice), [403, 403])
    await work.refresh()
    assert.equal(work.title, '柴烧大罐')

    // back as the master, it is theirs again
    const asMaster = await client
      .get(`/portfolio/${work.id}/edit`)
      .loginAs(user)
      .withSession({ identity_id: master.id })
    asMaster.assertStatus(200)
  })

  test("another user cannot edit or delete someone's work", async ({ client, assert }) => {
    const { user, master } = await dualUser()
    await addWork(client, user, master)
    const work = await PortfolioItem.findByOrFail('identity_id', master.id)
    const stranger = await UserFactory.create()

    assert.deepEqual(await tamper(client, stranger, work.id), [403, 403])
    assert.equal(await countRows('portfolio_items', { id: work.id }), 1)
  })

  test('the owner edits the text, replaces the image and deletes the work', async ({
    client,
    assert,
  }) => {
    const { user, master } = await dualUser()
    await addWork(client, user, master)
    const work = await PortfolioItem.findByOrFail('identity_id', master.id)
    const oldKey = work.imageKey

    const update = await client
      .post(`/portfolio/${work.id}`)
      .loginAs(user)
      .withSession({ identity_id: master.id })
      .fields({ title: '天青釉茶盏', description: '' })
      .file('image', await pngFile('new.png'))
      .withCsrfToken()
      .redirects(0)
    update.assertStatus(302)
    update.assertFlashMessage('success', en('portfolio.saved'))
    await work.refresh()
    assert.equal(work.title, '天青釉茶盏')
    assert.notEqual(work.imageKey, oldKey)
    disk().assertMissing(`portfolio/${oldKey}-thumb.webp`)

    const remove = await client
      .post(`/portfolio/${work.id}/delete`)
      .loginAs(user)
      .withSession({ identity_id: master.id })
      .withCsrfToken()
      .redirects(0)
    remove.assertStatus(302)
    assert.equal(await countRows('portfolio_items', { id: work.id }), 0)
    disk().assertMissing(`portfolio/${work.imageKey}-full.webp`)
  })

  test('a renamed non-image, an empty title or no image is refused and nothing is written', async ({
    client,
    assert,
  }) => {
    const { user, master } = await dualUser()
    const exe = await fileWith('work.jpg', Buffer.from('MZ\x90\x00this is not an image'))

    const renamed = await addWork(client, user, master, '假图片', exe)
    renamed.assertStatus(302)
    assert.deepEqual(fieldErrors(renamed).image, [
      en('validator.shared.messages.image.file.extname'),
    ])

    // a real PNG cut short passes the type check, then fails decoding
    const png = await readFile(await pngFile())
    const broken = await fileWith('broken.png', png.subarray(0, 40))
    const undecodable = await addWork(client, user, master, '坏图片', broken)
    assert.deepEqual(fieldErrors(undecodable).image, [en('portfolio.image_invalid')])

    const untitled = await addWork(client, user, master, '   ')
    assert.property(fieldErrors(untitled), 'title')

    const noImage = await client
      .post('/portfolio')
      .loginAs(user)
      .withSession({ identity_id: master.id })
      .header('accept-language', 'en')
      .fields({ title: 'No image' })
      .withCsrfToken()
      .redirects(0)
    assert.property(fieldErrors(noImage), 'image')
    assert.equal(await countRows('portfolio_items'), 0)
    assert.deepEqual(
      await disk()
        .listAll('portfolio')
        .then((list) => [...list.objects]),
      []
    )
  })

  test('an identity shows at most the limit; one more is refused with a clear message', async ({
    client,
    assert,
  }) => {
    const { user, master } = await dualUser()
    await PortfolioItem.createMany(
      Array.from({ length: PORTFOLIO_LIMIT }, (_, index) => ({
        identityId: master.id,
        title: `作品 ${index}`,
        imageKey: `key-${index}`,
        imageWidth: 100,
        imageHeight: 100,
      }))
    )

    const response = await addWork(client, user, master)

    assert.deepEqual(fieldErrors(response).image, [
      en('portfolio.full', { limit: PORTFOLIO_LIMIT }),
    ])
    assert.equal(await countRows('portfolio_items'), PORTFOLIO_LIMIT)
  })

  test("the public profile shows each public identity's works, not a pending master's", async ({
    client,
    assert,
  }) => {
    const { user, master, apprentice } = await dualUser()
    const field = await FieldFactory.create()
    const pending = await IdentityFactory.apply('pendingMaster')
      .merge({ userId: user.id, fieldId: field.id })
      .create()
    await addWork(client, user, master, '柴烧大罐')
    await addWork(client, user, apprentice, '临《多宝塔》')
    await addWork(client, user, pending, '未公开的作品')

    const profile = await client.get(`/users/${user.id}`).header('accept-language', 'en')

    profile.assertStatus(200)
    profile.assertTextIncludes('柴烧大罐')
    profile.assertTextIncludes('临《多宝塔》')
    assert.notInclude(profile.text(), '未公开的作品')
    profile.assertTextIncludes(en('portfolio.on_profile'))
  })

  test('a title with markup is escaped in text and in attributes (the delete button label)', async ({
    client,
    assert,
  }) => {
    const { user, master } = await dualUser()
    await addWork(client, user, master, '"><script>alert(1)</script>')

    const page = await client
      .get('/portfolio')
      .loginAs(user)
      .withSession({ identity_id: master.id })

    assert.notInclude(page.text(), '<script>alert(1)</script>')
    assert.include(page.text(), '&lt;script&gt;alert(1)&lt;/script&gt;')
    assert.notInclude(page.text(), '""><')
  })

  test('an unknown work is a 404 and a user without identities is sent to the dashboard', async ({
    client,
  }) => {
    const { user } = await dualUser()
    const loner = await UserFactory.create()

    const unknown = await client.get('/portfolio/999999/edit').loginAs(user)
    unknown.assertStatus(404)
    const page = await client.get('/portfolio').loginAs(loner).redirects(0)
    page.assertStatus(302)
    page.assertHeader('location', '/dashboard')
  })
})
