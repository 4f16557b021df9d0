import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import User from '#identity/models/user'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import { countRows, en, fieldErrors, logInThroughForm, isolateEachTest } from '#tests/helpers'

test.group('Identities: becoming an apprentice', (group) => {
  isolateEachTest(group)

  test('the field page is public and invites a guest to log in', async ({ client }) => {
    const field = await FieldFactory.create()
    const page = await client.get(`/fields/${field.slug}`).header('accept-language', 'en')
    page.assertStatus(200)
    page.assertTextIncludes(field.nameEn)
    page.assertTextIncludes(en('identity.login_to_join'))
  })

  test('an unknown or inactive field is a 404', async ({ client }) => {
    const hidden = await FieldFactory.apply('inactive').create()
    const unknown = await client.get('/fields/no-such-field')
    unknown.assertStatus(404)
    const inactive = await client.get(`/fields/${hidden.slug}`)
    inactive.assertStatus(404)
  })

  test('one click makes a user an apprentice in the field and that identity active', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    const response = await client
      .post(`/fields/${field.slug}/apprentice`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/dashboard')

    const identity = await db
      .from('identities')
      .where({ user_id: user.id, field_id: field.id })
      .first()
    assert.equal(identity.role, 'apprentice')
    assert.equal(identity.status, 'active')
    response.assertSession('identity_id', identity.id)
    await user.refresh()
    assert.equal(user.defaultIdentityId, identity.id)
  })

  test('becoming an apprentice twice keeps a single identity', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    for (let i = 0; i < 2; i++) {
      await client
        .post(`/fields/${field.slug}/apprentice`)
        .loginAs(user)
        .withCsrfToken()
        .redirects(0)
    }
    assert.equal(await countRows('identities', { user_id: user.id }), 1)
  })

  test('a guest cannot become an apprentice', async ({ client, assert }) => {
    const field = await FieldFactory.create()
    const response = await client
      .post(`/fields/${field.slug}/apprentice`)
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', '/login')
    assert.equal(await countRows('identities', { field_id: field.id }), 0)
  })
})

test.group('Identities: switching', (group) => {
  isolateEachTest(group)

  test('a user switches to another of their identities and the dashboard follows', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const apprentice = await IdentityFactory.merge({ userId: user.id }).with('field').create()
    const master = await IdentityFactory.apply('certifiedMaster')
      .merge({ userId: user.id })
      .with('field')
      .create()
    await master.load('field')

    const response = await client
      .post('/identity/switch')
      .form({ identityId: master.id, back: '/dashboard' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', '/dashboard')
    response.assertSession('identity_id', master.id)
    await user.refresh()
    assert.equal(user.defaultIdentityId, master.id)

    const dashboard = await client
      .get('/dashboard')
      .header('accept-language', 'en')
      .loginAs(user)
      .withSession({ identity_id: master.id })
    dashboard.assertTextIncludes(en('identity.master_title', { field: master.field.nameEn }))
    assert.notEqual(apprentice.id, master.id)
  })

  test('the default identity is used at the next login', async ({ client }) => {
    const user = await UserFactory.create()
    await IdentityFactory.merge({ userId: user.id }).with('field').create()
    const master = await IdentityFactory.apply('certifiedMaster')
      .merge({ userId: user.id })
      .with('field')
      .create()
    await master.load('field')
    user.defaultIdentityId = master.id
    await user.save()

    const { sessionId } = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
    })
    const dashboard = await client
      .get('/dashboard')
      .header('accept-language', 'en')
      .usingSession(sessionId)
    dashboard.assertTextIncludes(en('identity.master_title', { field: master.field.nameEn }))
  })

  test("switching to someone else's identity is refused and changes nothing", async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const mine = await IdentityFactory.merge({ userId: user.id }).with('field').create()
    user.defaultIdentityId = mine.id
    await user.save()
    const stranger = await UserFactory.create()
    const theirs = await IdentityFactory.merge({ userId: stranger.id }).with('field').create()

    const response = await client
      .post('/identity/switch')
      .form({ identityId: theirs.id })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(403)
    await user.refresh()
    assert.equal(user.defaultIdentityId, mine.id)
    assert.isUndefined(response.session().identity_id)
  })

  test('a malformed identity id is a validation error, nothing changes', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const response = await client
      .post('/identity/switch')
      .form({ identityId: 'abc' })
      .header('referer', '/dashboard')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    assert.property(fieldErrors(response), 'identityId')
    await user.refresh()
    assert.isNull(user.defaultIdentityId)
  })

  test('switching never redirects to another site', async ({ client }) => {
    const user = await UserFactory.create()
    const mine = await IdentityFactory.merge({ userId: user.id }).with('field').create()
    const response = await client
      .post('/identity/switch')
      .form({ identityId: mine.id, back: '//evil.example/' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', '/dashboard')
  })

  test('a guest cannot switch', async ({ client }) => {
    const response = await client
      .post('/identity/switch')
      .form({ identityId: 1 })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', '/login')
  })
})

test.group('Identities: onboarding and profile', (group) => {
  isolateEachTest(group)

  test('a user without identities is asked for fields of interest', async ({ client }) => {
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    const page = await client.get('/dashboard').header('accept-language', 'en').loginAs(user)
    page.assertTextIncludes(en('identity.onboarding_title'))
    page.assertTextIncludes(field.nameEn)
  })

  test('the chosen fields become apprentice identities', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const [a, b] = await FieldFactory.createMany(2)
    const response = await client
      .post('/onboarding')
      .form({ fields: [a.id, b.id] })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', '/dashboard')
    assert.equal(await countRows('identities', { user_id: user.id, role: 'apprentice' }), 2)
  })

  test('choosing nothing, or a forged field id, creates nothing', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const field = await FieldFactory.create()
    const empty = await client
      .post('/onboarding')
      .form({})
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    empty.assertStatus(302)
    assert.property(fieldErrors(empty), 'fields')

    const forged = await client
      .post('/onboarding')
      .form({ fields: [field.id, 999999] })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    forged.assertStatus(302)
    assert.equal(await countRows('identities', { user_id: user.id }), 0)
  })

  test('the public profile shows apprentices and certified masters, not a pending application', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ bio: '喜欢陶艺' }).create()
    const apprentice = await IdentityFactory.merge({ userId: user.id }).with('field').create()
    const certified = await IdentityFactory.apply('certifiedMaster')
      .merge({ userId: user.id })
      .with('field')
      .create()
    const pending = await IdentityFactory.apply('pendingMaster')
      .merge({ userId: user.id })
      .with('field')
      .create()
    for (const identity of [apprentice, certified, pending]) await identity.load('field')

    const page = await client.get(`/users/${user.id}`).header('accept-language', 'en')
    page.assertStatus(200)
    page.assertTextIncludes(user.displayName)
    page.assertTextIncludes(`${apprentice.field.nameEn} · ${en('identity.status.active')}`)
    page.assertTextIncludes(`${certified.field.nameEn} · ${en('identity.status.certified')}`)
    assert.notInclude(page.text(), pending.field.nameEn)
  })

  test('an unknown user profile is a 404', async ({ client }) => {
    const page = await client.get('/users/999999')
    page.assertStatus(404)
  })
})

test.group('Identities: the first admin', () => {
  test('identity:make-admin gives an account the admin role', async ({ assert }) => {
    const { default: ace } = await import('@adonisjs/core/services/ace')
    const { default: MakeAdmin } = await import('#commands/make_admin')
    const user = await UserFactory.create()
    const command = await ace.create(MakeAdmin, [user.email])
    await command.exec()
    command.assertSucceeded()
    const reloaded = await User.findOrFail(user.id)
    assert.equal(reloaded.staffRole, 'admin')
    await reloaded.delete()
  })
})
