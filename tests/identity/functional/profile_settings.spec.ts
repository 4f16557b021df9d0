import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { en, fieldErrors, zh, isolateEachTest } from '#tests/helpers'

const profile = (changes: Record<string, unknown> = {}) => ({
  displayName: 'Master Lin',
  bio: 'Potter for thirty years.',
  locale: 'en',
  timeZone: 'Asia/Tokyo',
  ...changes,
})

test.group('Profile settings', (group) => {
  isolateEachTest(group)

  test('a guest is sent to the login page', async ({ client }) => {
    const page = await client.get('/settings/profile').redirects(0)
    page.assertStatus(302)
    page.assertHeader('location', '/login')

    const update = await client
      .post('/settings/profile')
      .form(profile())
      .withCsrfToken()
      .redirects(0)
    update.assertStatus(302)
    update.assertHeader('location', '/login')
  })

  test('a signed-in user sees the profile form filled with their profile', async ({ client }) => {
    const user = await UserFactory.merge({
      displayName: 'Master Lin',
      bio: 'Clay and fire',
    }).create()

    const response = await client.get('/settings/profile').loginAs(user)

    response.assertStatus(200)
    response.assertTextIncludes(en('settings.profile.title'))
    response.assertTextIncludes('value="Master Lin"')
    response.assertTextIncludes('Clay and fire')
  })

  test("the time-zone list offers every zone once, the user's own selected", async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ timeZone: 'America/Buenos_Aires' }).create()
    const response = await client.get('/settings/profile').loginAs(user)
    response.assertStatus(200)
    const select = /<select id="field-timeZone"[^>]*>([\s\S]*?)<\/select>/.exec(response.text())!
    const options = [...select[1].matchAll(/<option( selected)?>([^<]+)<\/option>/g)]
    assert.deepEqual(
      options.map((option) => option[2]),
      [...Intl.supportedValuesOf('timeZone'), 'UTC']
    )
    assert.deepEqual(
      options.filter((option) => option[1]).map((option) => option[2]),
      ['America/Buenos_Aires']
    )
  })

  test('saving the profile updates it and confirms in the chosen language', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.apply('chinese').create()

    const response = await client
      .post('/settings/profile')
      .loginAs(user)
      .form(profile())
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/settings/profile')
    // the user switched to English in this very form
    response.assertFlashMessage('success', en('settings.profile.saved'))
    await user.refresh()
    assert.equal(user.displayName, 'Master Lin')
    assert.equal(user.bio, 'Potter for thirty years.')
    assert.equal(user.locale, 'en')
    assert.equal(user.timeZone, 'Asia/Tokyo')
  })

  test('data saver is turned on with its box ticked and off with it unticked; the form shows it', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const form = await client.get('/settings/profile').loginAs(user)
    assert.match(
      form.text(),
      /<input id="field-dataSaver" name="dataSaver" type="checkbox" value="true"\s+\/>/
    )
    assert.include(
      form.text(),
      `<label for="field-dataSaver">${en('settings.profile.data_saver')}</label>`
    )

    await client
      .post('/settings/profile')
      .loginAs(user)
      .form(profile({ dataSaver: 'true' }))
      .withCsrfToken()
    await user.refresh()
    assert.isTrue(user.dataSaver)
    const ticked = await client.get('/settings/profile').loginAs(user)
    assert.match(ticked.text(), /name="dataSaver" type="checkbox" value="true" checked/)

    await client.post('/settings/profile').loginAs(user).form(profile()).withCsrfToken()
    await user.refresh()
    assert.isFalse(user.dataSaver)
  })

  test('a data saver value that is not a yes or no is refused', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const response = await client
      .post('/settings/profile')
      .loginAs(user)
      .form(profile({ dataSaver: 'maybe' }))
      .withCsrfToken()
      .redirects(0)
    assert.property(fieldErrors(response), 'dataSaver')
    await user.refresh()
    assert.isFalse(user.dataSaver)
  })

  test('an empty bio is saved as no bio', async ({ client, assert }) => {
    const user = await UserFactory.merge({ bio: 'Old bio' }).create()

    await client
      .post('/settings/profile')
      .loginAs(user)
      .form(profile({ bio: '' }))
      .withCsrfToken()
      .redirects(0)

    await user.refresh()
    assert.isNull(user.bio)
  })

  test("a UTC account's settings show UTC selected: saving them does not change the zone", async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ timeZone: 'UTC' }).create()
    const response = await client.get('/settings/profile').loginAs(user)
    response.assertStatus(200)
    assert.include(response.text(), '<option selected>UTC</option>')
  })

  test('UTC is an accepted time zone', async ({ client, assert }) => {
    const user = await UserFactory.create()

    const response = await client
      .post('/settings/profile')
      .loginAs(user)
      .form(profile({ timeZone: 'UTC' }))
      .withCsrfToken()
      .redirects(0)

    response.assertFlashMissing('inputErrorsBag')
    await user.refresh()
    assert.equal(user.timeZone, 'UTC')
  })

  test('a display name that is empty, blank or longer than 50 characters is refused', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ displayName: 'Before' }).create()

    for (const displayName of ['', '   ', 'x'.repeat(51)]) {
      const response = await client
        .post('/settings/profile')
        .loginAs(user)
        .form(profile({ displayName }))
        .withCsrfToken()
        .redirects(0)

      response.assertStatus(302)
      assert.deepEqual(Object.keys(fieldErrors(response)), ['displayName'])
    }
    await user.refresh()
    assert.equal(user.displayName, 'Before')
    assert.equal(user.timeZone, 'Europe/Paris')
  })

  test('a display name of exactly 50 characters is accepted', async ({ client, assert }) => {
    const user = await UserFactory.create()

    await client
      .post('/settings/profile')
      .loginAs(user)
      .form(profile({ displayName: '林'.repeat(50) }))
      .withCsrfToken()
      .redirects(0)

    await user.refresh()
    assert.equal(user.displayName, '林'.repeat(50))
  })

  test('the too-long display name message names the limit in the user language', async ({
    client,
  }) => {
    const user = await UserFactory.create()

    const response = await client
      .post('/settings/profile')
      .loginAs(user)
      .form(profile({ displayName: 'x'.repeat(51) }))
      .withCsrfToken()
      .redirects(0)

    response.assertFlashMessage('inputErrorsBag', {
      displayName: [en('validator.shared.messages.maxLength', { field: 'display name', max: 50 })],
    })
  })

  test('a bio longer than 500 characters is refused', async ({ client, assert }) => {
    const user = await UserFactory.create()

    const response = await client
      .post('/settings/profile')
      .loginAs(user)
      .form(profile({ bio: 'b'.repeat(501) }))
      .withCsrfToken()
      .redirects(0)

    assert.deepEqual(Object.keys(fieldErrors(response)), ['bio'])
    await user.refresh()
    assert.isNull(user.bio)
  })

  test('a language other than Chinese or English is refused', async ({ client, assert }) => {
    const user = await UserFactory.apply('chinese').create()

    for (const locale of ['fr', '', 'EN']) {
      const response = await client
        .post('/settings/profile')
        .loginAs(user)
        .form(profile({ locale }))
        .withCsrfToken()
        .redirects(0)
      assert.deepEqual(Object.keys(fieldErrors(response)), ['locale'])
    }
    await user.refresh()
    assert.equal(user.locale, 'zh-CN')
  })

  test('an unknown time zone is refused', async ({ client, assert }) => {
    const user = await UserFactory.create()

    for (const timeZone of ['Mars/Olympus_Mons', '', '+08:00']) {
      const response = await client
        .post('/settings/profile')
        .loginAs(user)
        .form(profile({ timeZone }))
        .withCsrfToken()
        .redirects(0)
      assert.deepEqual(Object.keys(fieldErrors(response)), ['timeZone'])
    }
    await user.refresh()
    assert.equal(user.timeZone, 'Europe/Paris')
  })

  test('one bad field saves nothing of the rest', async ({ client, assert }) => {
    const user = await UserFactory.merge({ displayName: 'Before', bio: null }).create()

    await client
      .post('/settings/profile')
      .loginAs(user)
      .form(profile({ displayName: 'After', bio: 'New bio', timeZone: 'Nowhere/Town' }))
      .withCsrfToken()
      .redirects(0)

    await user.refresh()
    assert.equal(user.displayName, 'Before')
    assert.isNull(user.bio)
    assert.equal(user.locale, 'en')
  })

  test('the rejected values are kept for the form to show again', async ({ client }) => {
    const user = await UserFactory.create()

    const response = await client
      .post('/settings/profile')
      .loginAs(user)
      .form(profile({ displayName: 'x'.repeat(51) }))
      .withCsrfToken()
      .redirects(0)

    response.assertFlashMessage('bio', 'Potter for thirty years.')
  })

  test('a profile update without the CSRF token is refused', async ({ client, assert }) => {
    const user = await UserFactory.merge({ displayName: 'Before' }).create()

    const response = await client
      .post('/settings/profile')
      .loginAs(user)
      .form(profile())
      .redirects(0)

    response.assertStatus(419)
    await user.refresh()
    assert.equal(user.displayName, 'Before')
  })

  test('the page language follows the saved profile', async ({ client, assert }) => {
    const user = await UserFactory.apply('chinese').create()
    await client
      .post('/settings/profile')
      .loginAs(user)
      .form(profile({ locale: 'en' }))
      .withCsrfToken()
      .redirects(0)
    await user.refresh()

    const home = await client.get('/').loginAs(user)

    home.assertTextIncludes('<html lang="en">')
    home.assertTextIncludes(en('home.title'))
    assert.notInclude(home.text(), zh('home.title'))
  })
})
