import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import sharp from 'sharp'
import drive from '@adonisjs/drive/services/main'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import { UserFactory } from '#database/factories/user_factory'
import { en, fieldErrors, fileWith, pngFile, removeUploads, isolateEachTest } from '#tests/helpers'

function upload(client: ApiClient, user: User, path: string, fields: Record<string, string> = {}) {
  return client
    .post('/settings/profile')
    .loginAs(user)
    .fields({
      displayName: user.displayName,
      locale: user.locale,
      timeZone: user.timeZone,
      ...fields,
    })
    .file('avatar', path)
    .withCsrfToken()
    .redirects(0)
}

test.group('Avatars', (group) => {
  isolateEachTest(group)
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })
  group.teardown(() => removeUploads())

  test('an uploaded PNG becomes the avatar, stored as WebP in two sizes', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()

    const response = await upload(client, user, await pngFile())

    response.assertStatus(302)
    response.assertHeader('location', '/settings/profile')
    response.assertFlashMessage('success', en('settings.profile.saved'))
    await user.refresh()
    assert.match(user.avatarKey!, /^[0-9a-f-]{36}$/)
    const disk = drive.use('fs') as ReturnType<typeof drive.fake>
    disk.assertExists([`avatars/${user.avatarKey}-64.webp`, `avatars/${user.avatarKey}-256.webp`])
  })

  test('an avatar is served as WebP with immutable cache headers, in the size asked for', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    await upload(client, user, await pngFile())
    await user.refresh()

    const small = await client.get(`/avatars/${user.avatarKey}?s=64`)
    small.assertStatus(200)
    small.assertHeader('content-type', 'image/webp')
    small.assertHeader('cache-control', 'public, max-age=31536000, immutable')
    const smallImage = await sharp(small.response.body as Buffer).metadata()
    assert.equal(smallImage.format, 'webp')
    assert.equal(smallImage.width, 64)
    assert.equal(smallImage.height, 64)

    const large = await client.get(`/avatars/${user.avatarKey}?s=256`)
    large.assertStatus(200)
    const largeImage = await sharp(large.response.body as Buffer).metadata()
    assert.equal(largeImage.width, 256)
  })

  test('the avatar is shown on pages instead of the initials', async ({ client }) => {
    const user = await UserFactory.create()
    await upload(client, user, await pngFile())
    await user.refresh()

    const home = await client.get('/').loginAs(user)

    home.assertTextIncludes(`/avatars/${user.avatarKey}?s=64`)
  })

  test('a text file renamed .png is refused with a clear message and nothing changes', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ displayName: 'Before' }).create()
    const fake = await fileWith('not-really.png', 'hello, I am plain text, not an image')

    const response = await upload(client, user, fake, { displayName: 'After' })

    response.assertStatus(302)
    response.assertFlashMissing('success')
    const errors = fieldErrors(response)
    assert.deepEqual(Object.keys(errors), ['avatar'])
    assert.lengthOf(errors.avatar, 1)
    // one readable sentence naming what is accepted, not a list of message parts
    assert.isString(errors.avatar[0])
    assert.match(errors.avatar[0], /png/i)
    await user.refresh()
    assert.isNull(user.avatarKey)
    assert.equal(user.displayName, 'Before')
  })

  test('a longer text file renamed .png passes the upload but is refused by its content', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ displayName: 'Before' }).create()
    // past the 4100 bytes the upload parser sniffs, it trusts the file name
    const fake = await fileWith('long-text.png', 'plain text line\n'.repeat(400))

    const response = await upload(client, user, fake, { displayName: 'After' })

    response.assertFlashMessage('inputErrorsBag', {
      avatar: [en('settings.profile.avatar_invalid')],
    })
    response.assertFlashMissing('success')
    await user.refresh()
    assert.isNull(user.avatarKey)
    assert.equal(user.displayName, 'Before')
    const disk = drive.use('fs') as ReturnType<typeof drive.fake>
    const stored = await disk.listAll('avatars')
    assert.lengthOf(await Array.fromAsync(stored.objects), 0)
  })

  test('a file that is not an accepted image type is refused by its extension', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()

    const response = await upload(client, user, await fileWith('notes.txt', 'plain text'))

    assert.deepEqual(Object.keys(fieldErrors(response)), ['avatar'])
    await user.refresh()
    assert.isNull(user.avatarKey)
  })

  test('an image that is a different image type than its name claims is still accepted by content', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const jpeg = await sharp({ create: { width: 30, height: 10, channels: 3, background: '#0c0' } })
      .jpeg()
      .toBuffer()

    const response = await upload(client, user, await fileWith('photo.png', jpeg))

    response.assertFlashMissing('inputErrorsBag')
    await user.refresh()
    assert.isNotNull(user.avatarKey)
  })

  test('a file larger than 2 MB is refused', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const big = await fileWith('big.png', Buffer.alloc(2 * 1024 * 1024 + 1024, 1))

    const response = await upload(client, user, big)

    assert.deepEqual(Object.keys(fieldErrors(response)), ['avatar'])
    await user.refresh()
    assert.isNull(user.avatarKey)
  })

  test('a new avatar replaces the old one, whose files are removed', async ({ client, assert }) => {
    const user = await UserFactory.create()
    await upload(client, user, await pngFile())
    await user.refresh()
    const oldKey = user.avatarKey

    await upload(client, user, await pngFile('second.png'))
    await user.refresh()

    assert.notEqual(user.avatarKey, oldKey)
    const oldAvatar = await client.get(`/avatars/${oldKey}?s=64`)
    oldAvatar.assertStatus(404)
    const newAvatar = await client.get(`/avatars/${user.avatarKey}?s=64`)
    newAvatar.assertStatus(200)
  })

  test('the avatar can be removed', async ({ client, assert }) => {
    const user = await UserFactory.create()
    await upload(client, user, await pngFile())
    await user.refresh()
    const oldKey = user.avatarKey

    const response = await client
      .post('/settings/profile')
      .loginAs(user)
      .form({
        displayName: user.displayName,
        locale: user.locale,
        timeZone: user.timeZone,
        removeAvatar: 'true',
      })
      .withCsrfToken()
      .redirects(0)

    response.assertFlashMessage('success', en('settings.profile.saved'))
    await user.refresh()
    assert.isNull(user.avatarKey)
    const removed = await client.get(`/avatars/${oldKey}?s=256`)
    removed.assertStatus(404)
  })

  test('saving the profile without a new file keeps the avatar', async ({ client, assert }) => {
    const user = await UserFactory.create()
    await upload(client, user, await pngFile())
    await user.refresh()
    const key = user.avatarKey

    await client
      .post('/settings/profile')
      .loginAs(user)
      .form({ displayName: 'New name', locale: user.locale, timeZone: user.timeZone })
      .withCsrfToken()
      .redirects(0)

    await user.refresh()
    assert.equal(user.avatarKey, key)
    assert.equal(user.displayName, 'New name')
  })

  test('an unknown avatar key is a 404, and a key that is not a UUID matches no route', async ({
    client,
  }) => {
    for (const path of [
      `/avatars/${randomUUID()}?s=64`,
      '/avatars/..%2F..%2F.env',
      '/avatars/not-a-uuid',
    ]) {
      const response = await client.get(path)
      response.assertStatus(404)
    }
  })
})
