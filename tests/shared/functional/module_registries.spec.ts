import { test } from '@japa/runner'
import { layoutData } from '#shared/http/layout_data'
import { fieldPageSections, profileActions, profileSections } from '#identity/index'
import { notificationKinds, notificationService } from '#realtime/index'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import { en, isolateEachTest } from '#tests/helpers'

/*
| The registries higher modules plug into at boot (docs/decisions/004):
| layout data, page sections, notification kinds. Each test registers its own
| entry and unregisters it (registrations return their unregister function).
*/

test.group('Layout data', (group) => {
  isolateEachTest(group)

  test('a module header part loads when the full layout renders, once per request', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    let loads = 0
    const off = layoutData.register({
      name: 'probe',
      order: 99,
      headerComponent: 'components/badge',
      load: async (viewer) => {
        loads++
        return { text: `probe-for-${viewer.id}` }
      },
    })
    try {
      const page = await client.get('/dashboard').loginAs(user)
      page.assertStatus(200)
      page.assertTextIncludes(`probe-for-${user.id}`)
      assert.equal(loads, 1)
    } finally {
      off()
    }
  })

  test('redirects, JSON, guests and pageless routes never run the loaders', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    let loads = 0
    const off = layoutData.register({
      name: 'probe',
      order: 99,
      load: async () => {
        loads++
        return {}
      },
    })
    try {
      const home = await client.get('/')
      home.assertStatus(200)
      const feed = await client.get('/notifications/feed?after=0').loginAs(user)
      feed.assertStatus(200)
      const redirected = await client.get('/login').loginAs(user).redirects(0)
      redirected.assertStatus(302)
      assert.equal(loads, 0)
    } finally {
      off()
    }
  })

  test('a second slot with the same name is refused; unregistering frees it', ({ assert }) => {
    const slot = { name: 'probe', order: 1, load: async () => ({}) }
    const off = layoutData.register(slot)
    assert.throws(() => layoutData.register({ ...slot }), /already registered/)
    off()
    layoutData.register(slot)()
  })
})

test.group('Page sections of identity', (group) => {
  isolateEachTest(group)

  test('the field page lists its certified masters, not pending ones nor other fields', async ({
    client,
    assert,
  }) => {
    const field = await FieldFactory.create()
    const other = await FieldFactory.create()
    const master = await UserFactory.merge({ displayName: 'Certified Potter' }).create()
    const pending = await UserFactory.merge({ displayName: 'Pending Potter' }).create()
    const elsewhere = await UserFactory.merge({ displayName: 'Other Field Master' }).create()
    await IdentityFactory.apply('certifiedMaster')
      .merge({ userId: master.id, fieldId: field.id, headline: 'Thirty years at the wheel' })
      .create()
    await IdentityFactory.apply('pendingMaster')
      .merge({ userId: pending.id, fieldId: field.id })
      .create()
    await IdentityFactory.apply('certifiedMaster')
      .merge({ userId: elsewhere.id, fieldId: other.id })
      .create()

    const page = await client.get(`/fields/${field.slug}`).header('accept-language', 'en')
    page.assertStatus(200)
    page.assertTextIncludes('Certified Potter')
    page.assertTextIncludes('Thirty years at the wheel')
    page.assertTextIncludes(`href="/users/${master.id}"`)
    assert.notInclude(page.text(), 'Pending Potter')
    assert.notInclude(page.text(), 'Other Field Master')

    const empty = await client.get(`/fields/${other.slug}`).header('accept-language', 'en')
    assert.notInclude(empty.text(), en('identity.no_masters'))
    const none = await FieldFactory.create()
    const bare = await client.get(`/fields/${none.slug}`).header('accept-language', 'en')
    bare.assertTextIncludes(en('identity.no_masters'))
  })

  test('chat adds "send a message" to someone else’s profile, for signed-in visitors only', async ({
    client,
    assert,
  }) => {
    const person = await UserFactory.create()
    const visitor = await UserFactory.create()
    const action = `action="/users/${person.id}/message"`
    const asVisitor = await client.get(`/users/${person.id}`).loginAs(visitor)
    asVisitor.assertTextIncludes(action)
    const asThemselves = await client.get(`/users/${person.id}`).loginAs(person)
    assert.notInclude(asThemselves.text(), action)
    const asGuest = await client.get(`/users/${person.id}`)
    assert.notInclude(asGuest.text(), action)
  })

  test('a registered section shows with its props, and hides when it loads null', async ({
    client,
    assert,
  }) => {
    const person = await UserFactory.create()
    const field = await FieldFactory.create()
    const offProfile = profileSections.register({
      name: 'probe',
      order: 1,
      component: 'components/empty_state',
      load: async ({ profile }) => (profile.id === person.id ? { text: 'probe section' } : null),
    })
    const offAction = profileActions.register({
      name: 'probe',
      order: 99,
      component: 'components/badge',
      load: async () => ({ text: 'probe action' }),
    })
    const offField = fieldPageSections.register({
      name: 'probe',
      order: 1,
      component: 'components/empty_state',
      load: async (subject) => ({ text: `probe on ${subject.field.slug}` }),
    })
    try {
      const profile = await client.get(`/users/${person.id}`)
      profile.assertTextIncludes('probe section')
      profile.assertTextIncludes('probe action')
      const someoneElse = await UserFactory.create()
      const other = await client.get(`/users/${someoneElse.id}`)
      assert.notInclude(other.text(), 'probe section')
      const fieldPage = await client.get(`/fields/${field.slug}`)
      fieldPage.assertTextIncludes(`probe on ${field.slug}`)
    } finally {
      offProfile()
      offAction()
      offField()
    }
  })
})

test.group('Notification kinds', (group) => {
  isolateEachTest(group)

  const probeTopic = {
    topic: 'probe_topic',
    nameKey: 'identity.masters',
    hintKey: 'identity.no_masters',
    defaults: { inApp: true, email: false },
    mail: 'digest' as const,
    kinds: { 'probe.done': { textKey: 'certification.notifications.approved', values: ['field'] } },
  }

  test('a registered kind reads its own text; an unknown kind reads as the generic one', async ({
    client,
  }) => {
    const user = await UserFactory.merge({ locale: 'en' }).create()
    const off = notificationKinds.register(probeTopic)
    try {
      await notificationService.notify(user.id, 'probe.done', {
        fieldNameZh: '陶艺',
        fieldNameEn: 'Ceramics',
      })
      await notificationService.notify(user.id, 'nobody.registered', {})
      const page = await client.get('/notifications').loginAs(user)
      page.assertTextIncludes(en('certification.notifications.approved', { field: 'Ceramics' }))
      page.assertTextIncludes(en('notifications.kinds.generic'))
    } finally {
      off()
    }
  })

  test('its topic is offered on the preferences page with its defaults, and saved', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ locale: 'en' }).create()
    const off = notificationKinds.register(probeTopic)
    try {
      const page = await client.get('/settings/notifications').loginAs(user)
      page.assertTextIncludes(en('identity.masters'))
      page.assertTextIncludes('name="topics[probe_topic][inApp]"')
      const saved = await client
        .post('/settings/notifications')
        .form({ 'topics[probe_topic][email]': 'on', 'topics[made_up][email]': 'on' })
        .loginAs(user)
        .withCsrfToken()
        .redirects(0)
      saved.assertStatus(302)
      const { notificationPreferences } = await import('#realtime/index')
      const chosen = await notificationPreferences.forUser(user.id)
      assert.deepEqual(chosen.probe_topic, { inApp: false, email: true })
      assert.notProperty(chosen, 'made_up')
    } finally {
      off()
    }
  })

  test('a kind or topic registered twice is refused', ({ assert }) => {
    const off = notificationKinds.register(probeTopic)
    try {
      assert.throws(() => notificationKinds.register(probeTopic), /already registered/)
      assert.throws(
        () => notificationKinds.register({ ...probeTopic, topic: 'probe_other' }),
        /kind "probe.done" is already registered/
      )
      assert.throws(() => notificationKinds.register({ ...probeTopic, topic: 'other' }))
    } finally {
      off()
    }
  })
})
