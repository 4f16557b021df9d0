import { test } from '@japa/runner'
import { randomUUID } from 'node:crypto'
import router from '@adonisjs/core/services/router'
import type { ApiClient, ApiResponse } from '@japa/api-client'
import type User from '#identity/models/user'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import { isolateEachTest } from '#tests/helpers'

/**
 * Every route × every kind of actor → the expected outcome. The route list
 * comes from the router itself: a new route without a row here fails the
 * first test, so no route ships without a decision on who may use it.
 *
 * Outcomes:
 * - public      anyone may use it
 * - guests      guests only; a signed-in actor is sent home
 * - signed-in   any signed-in actor; a guest is sent to the login page
 * - token       anyone holding a mailed link (the token decides; a bad one leads to the login page)
 * - logout      signed-in actors are logged out (and sent to the login page), guests too
 * - api         bearer-token JSON API: a session (or nothing) gets 401
 * - staff       moderators and admins; other signed-in actors get 403
 * - admin       admins only: a guest is sent to the login page, any other signed-in actor gets 403
 */
type Outcome = 'public' | 'guests' | 'signed-in' | 'token' | 'logout' | 'api' | 'admin' | 'staff'

const MATRIX: Record<string, Outcome> = {
  'home': 'public',
  'health.live': 'public',
  'health.ready': 'public',
  'locale.update': 'public',
  'robots': 'public',
  'sitemap': 'public',
  'dev.mails.index': 'public',
  'dev.mails.show': 'public',
  'not_found': 'public',
  'fields.show': 'public',
  'profiles.show': 'public',
  'avatars.show': 'public',
  'portfolio.image': 'public',
  'portfolio.index': 'signed-in',
  'portfolio.store': 'signed-in',
  'portfolio.edit': 'signed-in',
  'portfolio.update': 'signed-in',
  'portfolio.destroy': 'signed-in',
  'signup.create': 'guests',
  'signup.store': 'guests',
  'signup.sent': 'guests',
  'session.create': 'guests',
  'session.store': 'guests',
  'password.forgot': 'guests',
  'password.send': 'guests',
  'verify.show': 'token',
  'password.reset': 'token',
  'password.update': 'token',
  'session.destroy': 'logout',
  'dashboard': 'signed-in',
  'onboarding.store': 'signed-in',
  'identity.switch': 'signed-in',
  'fields.apprentice': 'signed-in',
  'verify.resend': 'signed-in',
  'settings.profile': 'signed-in',
  'settings.profile.update': 'signed-in',
  'settings.account': 'signed-in',
  'settings.password.update': 'signed-in',
  'settings.email.update': 'signed-in',
  'settings.destroy': 'signed-in',
  'settings.sessions': 'signed-in',
  'settings.sessions.revoke_others': 'signed-in',
  'settings.sessions.revoke': 'signed-in',
  'fields.cover': 'public',
  'admin.fields.index': 'admin',
  'admin.fields.create': 'admin',
  'admin.fields.store': 'admin',
  'admin.fields.edit': 'admin',
  'admin.fields.update': 'admin',
  'admin.fields.toggle': 'admin',
  'certification.create': 'signed-in',
  'certification.store': 'signed-in',
  'certification.show': 'signed-in',
  'certification.resubmit': 'signed-in',
  'certification.evidence': 'signed-in',
  'admin.certifications.index': 'staff',
  'admin.certifications.show': 'staff',
  'admin.certifications.decide': 'staff',
  'notifications.index': 'signed-in',
  'notifications.read_all': 'signed-in',
  'notifications.read': 'signed-in',
  'realtime.ws_ticket': 'signed-in',
  'realtime.events': 'signed-in',
  'realtime.subscribe': 'signed-in',
  'realtime.unsubscribe': 'signed-in',
  'notifications.feed': 'signed-in',
  'notifications.seen': 'signed-in',
  'settings.notifications': 'signed-in',
  'settings.notifications.update': 'signed-in',
  'chat.index': 'signed-in',
  'chat.show': 'signed-in',
  'chat.send': 'signed-in',
  'chat.start': 'signed-in',
  'chat.block': 'signed-in',
  'chat.unblock': 'signed-in',
  'settings.tokens': 'signed-in',
  'settings.tokens.store': 'signed-in',
  'settings.tokens.revoke': 'signed-in',
  'api.v1.me': 'api',
  'api.v1.fields': 'api',
  'api.not_found': 'public',
}

type Actor = { name: string; user: User | null }

async function actors(): Promise<{ list: Actor[]; fieldSlug: string; someUserId: number }> {
  const [same, other] = await FieldFactory.createMany(2)
  const withIdentity = async (
    state: 'certifiedMaster' | 'pendingMaster' | null,
    fieldId: number
  ) => {
    const user = await UserFactory.create()
    const factory = state ? IdentityFactory.apply(state) : IdentityFactory
    const identity = await factory.merge({ userId: user.id, fieldId }).create()
    user.defaultIdentityId = identity.id
    await user.save()
    return user
  }
  const staff = async (staffRole: 'moderator' | 'admin') => {
    const user = await withIdentity(null, same.id)
    user.staffRole = staffRole
    await user.save()
    return user
  }
  const list: Actor[] = [
    { name: 'guest', user: null },
    { name: 'apprentice', user: await withIdentity(null, same.id) },
    { name: 'uncertified master', user: await withIdentity('pendingMaster', same.id) },
    { name: 'certified master, same field', user: await withIdentity('certifiedMaster', same.id) },
    {
      name: 'certified master, other field',
      user: await withIdentity('certifiedMaster', other.id),
    },
    { name: 'moderator', user: await staff('moderator') },
    { name: 'admin', user: await staff('admin') },
  ]
  return { list, fieldSlug: same.slug, someUserId: list[1].user!.id }
}

function routes() {
  return Object.values(router.toJSON())
    .flat()
    .map((route) => ({
      name: route.name ?? route.pattern,
      pattern: route.pattern,
      method: route.methods[0],
    }))
}

function urlFor(pattern: string, sample: { fieldSlug: string; someUserId: number }) {
  return (
    pattern
      .replace(':slug', sample.fieldSlug)
      .replace('/users/:id', `/users/${sample.someUserId}`)
      // these ids are numbers (route matcher): an unknown one must still meet the policy
      .replace(
        /^(\/(?:admin\/)?(?:certification|portfolio|messages).*?):id/,
        (_, path) => `${path}999999`
      )
      .replace(':id', 'not-a-real-id')
      .replace(':token', 'not-a-real-token')
      .replace(':key', randomUUID())
      .replace('/*', '/no/such/page')
  )
}

async function send(client: ApiClient, method: string, url: string, user: User | null) {
  const request = method === 'GET' ? client.get(url) : client.post(url).form({}).withCsrfToken()
  if (user) request.loginAs(user)
  return request.redirects(0)
}

const location = (response: ApiResponse) => String(response.header('location') ?? '')
const sentToLogin = (response: ApiResponse) =>
  response.status() === 302 && location(response).startsWith('/login')
const refused = (response: ApiResponse) =>
  [401, 403].includes(response.status()) || sentToLogin(response)

test.group('Authorization matrix', (group) => {
  isolateEachTest(group)

  test('every route has a row in the matrix', ({ assert }) => {
    const missing = routes().filter((route) => !(route.name in MATRIX))
    assert.deepEqual(missing, [], 'add these routes to MATRIX with who may use them')
  })

  test('{name}: who may use it')
    .with(() => routes().filter((route) => route.name in MATRIX))
    .run(async ({ client, assert }, route) => {
      const outcome = MATRIX[route.name]
      const sample = await actors()
      const url = urlFor(route.pattern, sample)
      for (const actor of sample.list) {
        const response = await send(client, route.method, url, actor.user)
        const what = `${route.method} ${url} as ${actor.name} → ${response.status()} ${location(response)}`
        assert.isBelow(response.status(), 500, what)
        if (outcome === 'public') {
          assert.isFalse(refused(response), what)
        } else if (outcome === 'token' || outcome === 'logout') {
          assert.notInclude([401, 403], response.status(), what)
        } else if (outcome === 'guests') {
          if (actor.user) assert.equal(location(response), '/', what)
          else assert.isFalse(refused(response), what)
        } else if (outcome === 'signed-in') {
          if (actor.user) assert.isFalse(refused(response), what)
          else assert.isTrue(sentToLogin(response), what)
        } else if (outcome === 'staff') {
          if (!actor.user) assert.isTrue(sentToLogin(response), what)
          else if (actor.user.staffRole) assert.isFalse(refused(response), what)
          else assert.equal(response.status(), 403, what)
        } else if (outcome === 'admin') {
          if (!actor.user) assert.isTrue(sentToLogin(response), what)
          else if (actor.user.isAdmin) assert.isFalse(refused(response), what)
          else assert.equal(response.status(), 403, what)
        } else {
          assert.equal(response.status(), 401, what)
        }
      }
    })
})
