import { test } from '@japa/runner'
import { apiTokenService } from '#identity/services/api_token_service'
import { ACTIVE_IDENTITY_KEY } from '#identity/middleware/current_user_middleware'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import { en, isolateEachTest, pngFile, sessionIdOf } from '#tests/helpers'

/*
| What a new user hit (issue 10, item 18): the way to one's own public
| profile, a staff dashboard that is not the learner onboarding, applying
| that leaves the active identity alone, a master dashboard that promises
| only what exists, and tokens revoked only after a confirmation.
*/

test.group('New user findings', (group) => {
  isolateEachTest(group)

  test('the account menu links to my own public profile', async ({ client }) => {
    const user = await UserFactory.create()
    const page = await client.get('/dashboard').loginAs(user).header('accept-language', 'en')
    page.assertStatus(200)
    page.assertTextIncludes(`<a href="/users/${user.id}">${en('nav.public_profile')}</a>`)
  })

  test('staff ({role}) with no identity get the staff dashboard, not the learner onboarding')
    .with([{ role: 'admin' as const }, { role: 'moderator' as const }])
    .run(async ({ client, assert }, { role }) => {
      const staff = await UserFactory.merge({ staffRole: role }).create()
      const page = await client.get('/dashboard').loginAs(staff).header('accept-language', 'en')
      page.assertStatus(200)
      page.assertTextIncludes(`<h1>${en('identity.staff_title')}</h1>`)
      page.assertTextIncludes('href="/admin/certifications"')
      assert.notInclude(page.text(), en('identity.onboarding_title'))
      assert.notInclude(page.text(), 'action="/onboarding"')
      assert.equal(page.text().includes('href="/admin/fields"'), role === 'admin')

      // a learner without identities still gets the onboarding
      const learner = await UserFactory.create()
      const onboarding = await client.get('/dashboard').loginAs(learner)
      onboarding.assertTextIncludes('action="/onboarding"')
    })

  test('applying as a master keeps the identity I was using active', async ({ client }) => {
    const user = await UserFactory.create()
    const apprentice = await IdentityFactory.merge({ userId: user.id }).with('field').create()
    user.defaultIdentityId = apprentice.id
    await user.save()
    const field = await FieldFactory.create()

    const request = client
      .post('/certification/apply')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
      .fields({
        fieldId: field.id,
        statement:
          '我从事陶艺二十年，擅长拉坯与柴烧，作品曾在景德镇陶瓷博览会展出，也带过十几位学徒。',
        yearsOfPractice: 20,
      })
    for (const file of [await pngFile('a.png'), await pngFile('b.png')]) {
      request.file('evidence[]', file)
    }
    const applied = await request
    applied.assertStatus(302)
    applied.assertSessionMissing(ACTIVE_IDENTITY_KEY)

    const dashboard = await client
      .get('/dashboard')
      .usingSession(sessionIdOf(applied))
      .header('accept-language', 'en')
    dashboard.assertTextIncludes(en('identity.apprentice_lead'))
    dashboard.assertTextIncludes(`<option value="${apprentice.id}" selected>`)
  })

  test('the master dashboard says what is coming and offers nothing that does not exist', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    await IdentityFactory.apply('certifiedMaster').merge({ userId: user.id }).with('field').create()
    const page = await client.get('/dashboard').loginAs(user).header('accept-language', 'en')
    page.assertStatus(200)
    page.assertTextIncludes(en('identity.master_coming'))
    for (const promise of [/manage your courses/i, /you can (now )?publish/i, /take bookings\./i]) {
      assert.notMatch(page.text(), promise)
    }
  })

  test('a token is revoked from a confirmation dialog; a new one has a copy button', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const token = await apiTokenService.create(user, {
      name: 'Sync <script>',
      scopes: ['profile:read'],
      expiry: '30',
    })
    const page = await client.get('/settings/tokens').loginAs(user).header('accept-language', 'en')
    const html = page.text()
    const start = html.indexOf('<details class="modal"')
    const dialog = html.slice(start, html.indexOf('</details>', start))
    // the revoke form is inside the dialog, which a first click only opens
    assert.include(dialog, `action="/settings/tokens/${token.identifier}/revoke"`)
    assert.include(dialog, en('tokens.revoke_warning'))
    assert.include(dialog, 'Revoke the token “Sync &lt;script&gt;”?')
    assert.notInclude(html.replace(dialog, ''), '/revoke"')

    const created = await client
      .post('/settings/tokens')
      .loginAs(user)
      .form({ name: 'Copy me', scopes: ['profile:read'], expiry: '30' })
      .withCsrfToken()
      .redirects(0)
    const next = await client.get('/settings/tokens').usingSession(sessionIdOf(created))
    next.assertTextIncludes('x-data="copyButton" data-copy="new-token"')
  })
})
