import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import Identity from '#identity/models/identity'
import CertificationApplication from '#identity/models/certification_application'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { FieldFactory } from '#database/factories/identity_factory'
import {
  en,
  isolateEachTest,
  logInThroughForm,
  SESSION_COOKIE,
  setCookieLine,
} from '#tests/helpers'

/*
| The signed-in user and their identities are cached (app/identity/services/
| account_cache.ts); the session is not: every change shows on the next page,
| and an ended session is never served.
*/

async function signedIn(client: ApiClient, user: User) {
  const { sessionId } = await logInThroughForm(client, {
    email: user.email,
    password: DEFAULT_PASSWORD,
  })
  return sessionId
}

async function dashboard(client: ApiClient, sessionId: string) {
  const page = await client.get('/dashboard').usingSession(sessionId).redirects(0)
  return { status: page.status(), html: page.text(), page }
}

const dashboardHtml = (client: ApiClient, sessionId: string) =>
  dashboard(client, sessionId).then((page) => page.html)
const dashboardStatus = (client: ApiClient, sessionId: string) =>
  dashboard(client, sessionId).then((page) => page.status)

const menuName = (html: string) => /<span class="menu-name">([^<]*)<\/span>/.exec(html)?.[1]
const switcher = (html: string) =>
  [...html.matchAll(/<option value="\d+"[^>]*>([^<]+)<\/option>/g)].map((match) => match[1])

test.group('Account cache: the user and identities follow every change', (group) => {
  isolateEachTest(group)

  test('a profile edit shows in the header on the next page', async ({ client, assert }) => {
    const user = await UserFactory.merge({ displayName: 'Before' }).create()
    const session = await signedIn(client, user)
    assert.equal(menuName(await dashboardHtml(client, session)), 'Before')

    const saved = await client
      .post('/settings/profile')
      .usingSession(session)
      .form({ displayName: 'After', bio: '', locale: 'en', timeZone: 'Asia/Tokyo' })
      .withCsrfToken()
      .redirects(0)
    saved.assertStatus(302)
    assert.equal(menuName(await dashboardHtml(client, session)), 'After')
  })

  test('a staff role given or taken away counts from the next request', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const session = await signedIn(client, user)
    assert.notInclude(await dashboardHtml(client, session), 'href="/admin/fields"')

    // as `node ace identity:make-admin` does it
    user.staffRole = 'admin'
    await user.save()
    assert.include(await dashboardHtml(client, session), 'href="/admin/fields"')
    const allowed = await client.get('/admin/fields').usingSession(session)
    allowed.assertStatus(200)

    user.staffRole = null
    await user.save()
    assert.notInclude(await dashboardHtml(client, session), 'href="/admin/fields"')
    const refused = await client.get('/admin/fields').usingSession(session)
    refused.assertStatus(403)
  })

  test('a certification decision and a renamed field show in the switcher on the next page', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const field = await FieldFactory.merge({ nameEn: 'Lacquer' }).create()
    const identity = await Identity.create({
      userId: user.id,
      fieldId: field.id,
      role: 'master',
      status: 'pending',
    })
    const application = await CertificationApplication.create({
      identityId: identity.id,
      userId: user.id,
      fieldId: field.id,
      statement: 'Thirty years of lacquer work, taught by my father in Fuzhou.',
      yearsOfPractice: 30,
      lineage: null,
      links: [],
      status: 'pending',
      submittedAt: DateTime.now(),
    })
    const session = await signedIn(client, user)
    const pending = await dashboardHtml(client, session)
    assert.deepEqual(switcher(pending), [`Lacquer · ${en('identity.status.pending')}`])
    // the master dashboard links to the application (its id is cached with the identity)
    assert.include(pending, `href="/certification/applications/${application.id}"`)

    const admin = await UserFactory.merge({ staffRole: 'admin' }).create()
    const decided = await client
      .post(`/admin/certifications/${application.id}/decision`)
      .form({ decision: 'approve' })
      .loginAs(admin)
      .withCsrfToken()
      .redirects(0)
    decided.assertStatus(302)
    assert.deepEqual(switcher(await dashboardHtml(client, session)), [
      `Lacquer · ${en('identity.status.certified')}`,
    ])

    field.nameEn = 'Lacquerware'
    await field.save()
    assert.deepEqual(switcher(await dashboardHtml(client, session)), [
      `Lacquerware · ${en('identity.status.certified')}`,
    ])
  })

  test('becoming an apprentice adds the identity to the switcher at once', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const field = await FieldFactory.merge({ nameEn: 'Kites' }).create()
    const session = await signedIn(client, user)
    assert.deepEqual(switcher(await dashboardHtml(client, session)), [])

    const joined = await client
      .post(`/fields/${field.slug}/apprentice`)
      .usingSession(session)
      .withCsrfToken()
      .redirects(0)
    joined.assertStatus(302)
    assert.deepEqual(switcher(await dashboardHtml(client, session)), [
      `Kites · ${en('identity.status.active')}`,
    ])
  })
})

test.group('Account cache: ended sessions are never served', (group) => {
  isolateEachTest(group)

  test('a revoked session is signed out on its next request, cached account or not', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const here = await signedIn(client, user)
    const phone = await signedIn(client, user)
    assert.equal(await dashboardStatus(client, phone), 200)
    assert.equal(await dashboardStatus(client, here), 200)

    const revoked = await client
      .post(`/settings/sessions/${phone}/revoke`)
      .usingSession(here)
      .withCsrfToken()
      .redirects(0)
    revoked.assertStatus(302)

    const after = await dashboard(client, phone)
    assert.equal(after.status, 302)
    assert.equal(after.page.header('location'), '/login')
    assert.equal(await dashboardStatus(client, here), 200)
  })

  test('a deleted account is signed out everywhere on the next request', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const session = await signedIn(client, user)
    assert.equal(await dashboardStatus(client, session), 200)

    await user.delete()
    const after = await dashboard(client, session)
    assert.equal(after.status, 302)
    assert.equal(after.page.header('location'), '/login')
  })
})

test.group('Session writes', (group) => {
  isolateEachTest(group)

  test('a session seen within the minute is not written back unless the request changes it', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const session = await signedIn(client, user)
    // the first page after the login shows (and so removes) its flash message
    assert.equal(await dashboardStatus(client, session), 200)

    const quiet = await dashboard(client, session)
    assert.equal(quiet.status, 200)
    assert.isUndefined(setCookieLine(quiet.page, SESSION_COOKIE))

    // a flash message changes the session: written, cookie renewed
    const flashed = await client
      .post('/notifications/read-all')
      .usingSession(session)
      .form({})
      .withCsrfToken()
      .redirects(0)
    flashed.assertStatus(302)
    assert.isDefined(setCookieLine(flashed, SESSION_COOKIE))
    const shown = await dashboard(client, session)
    assert.include(shown.html, en('notifications.all_marked_read'))
    // reading the flash message changed it again
    assert.isDefined(setCookieLine(shown.page, SESSION_COOKIE))
    const again = await dashboard(client, session)
    assert.isUndefined(setCookieLine(again.page, SESSION_COOKIE))
  })

  test('a minute later "last seen" is written, with the cookie', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const session = await signedIn(client, user)
    const listed = await client.get('/settings/sessions').usingSession(session)
    listed.assertStatus(200)

    const minuteAgo = Date.now() - 61_000
    const stale = await client
      .get('/dashboard')
      .usingSession(session)
      .withSession({
        mg_meta: {
          userAgent: 'test',
          ip: '127.0.0.1',
          createdAt: minuteAgo,
          lastSeenAt: minuteAgo,
          rememberTokenId: null,
        },
      })
    stale.assertStatus(200)
    assert.isDefined(setCookieLine(stale, SESSION_COOKIE))
    const meta = (await stale.session('mg_meta')) as { lastSeenAt: number } | undefined
    assert.isAbove(meta?.lastSeenAt ?? 0, minuteAgo)
  })
})
