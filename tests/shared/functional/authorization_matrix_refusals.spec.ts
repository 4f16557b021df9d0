import { test } from '@japa/runner'
import router from '@adonisjs/core/services/router'
import type { ApiClient, ApiResponse } from '@japa/api-client'
import { http } from '#config/app'
import { LOGIN_LIMITS } from '#identity/limits'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import type User from '#identity/models/user'
import { FieldFactory } from '#database/factories/identity_factory'
import { chatService } from '#chat/index'
import { isolateEachTest, pngFile } from '#tests/helpers'
import { appliedFor, decide, staffMember, STATEMENT } from '#tests/identity/certification_helpers'
import { masterUser, payoutOf } from '#tests/payments/payments_helpers'

/**
 * The object- and account-level refusals beside the route matrix
 * (authorization_matrix.spec.ts): for a route an actor may use in general,
 * the cases where this actor, on this object or in this state, is refused.
 * Each row names its route; a row whose route is gone fails the first test.
 */
type Row = {
  route: string
  who: string
  /** Sets the case up and sends the request; its response must have `status`. */
  request: (client: ApiClient) => Promise<ApiResponse>
  status: number
}

const applicationOf = async (client: ApiClient, applicant: User) =>
  appliedFor(client, applicant, await FieldFactory.create())

/** A login from a client IP (X-Forwarded-For, trusted for these rows only). */
function login(client: ApiClient, email: string, password: string, ip: string) {
  http.trustProxy = () => true
  return client
    .post('/login')
    .header('x-forwarded-for', ip)
    .form({ email, password })
    .withCsrfToken()
    .redirects(0)
}

const ROWS: Row[] = [
  {
    route: 'admin.certifications.decide',
    who: 'a moderator, on their own application',
    status: 403,
    async request(client) {
      const moderator = await staffMember('moderator')
      const application = await applicationOf(client, moderator)
      return decide(client, moderator, application.id, { decision: 'approve' })
    },
  },
  {
    route: 'admin.certifications.decide',
    who: 'an admin, on their own application',
    status: 403,
    async request(client) {
      const admin = await staffMember('admin')
      const application = await applicationOf(client, admin)
      return decide(client, admin, application.id, { decision: 'approve' })
    },
  },
  {
    route: 'certification.resubmit',
    who: "another user, on someone else's application awaiting more information",
    status: 403,
    async request(client) {
      const application = await applicationOf(client, await UserFactory.create())
      await decide(client, await staffMember('admin'), application.id, {
        decision: 'request_info',
        note: 'more',
      })
      return client
        .post(`/certification/applications/${application.id}/resubmit`)
        .fields({ statement: STATEMENT, yearsOfPractice: 3 })
        .file('evidence[]', await pngFile())
        .loginAs(await UserFactory.create())
        .withCsrfToken()
        .redirects(0)
    },
  },
  {
    route: 'certification.store',
    who: 'an account whose email is not verified',
    status: 403,
    async request(client) {
      const field = await FieldFactory.create()
      return client
        .post('/certification/apply')
        .fields({ fieldId: field.id, statement: STATEMENT, yearsOfPractice: 3 })
        .file('evidence[]', await pngFile())
        .loginAs(await UserFactory.apply('unverified').create())
        .withCsrfToken()
        .redirects(0)
    },
  },
  {
    route: 'settings.tokens.store',
    who: 'an account whose email is not verified',
    status: 403,
    async request(client) {
      return client
        .post('/settings/tokens')
        .form({ name: 'x', scopes: ['profile:read'], expiry: '30' })
        .loginAs(await UserFactory.apply('unverified').create())
        .withCsrfToken()
        .redirects(0)
    },
  },
  {
    route: 'chat.start',
    who: 'an account whose email is not verified, writing first',
    status: 403,
    async request(client) {
      const stranger = await UserFactory.create()
      return client
        .post(`/users/${stranger.id}/message`)
        .loginAs(await UserFactory.apply('unverified').create())
        .withCsrfToken()
        .redirects(0)
    },
  },
  {
    route: 'chat.start',
    who: 'an account whose email is not verified, answering (allowed: a redirect)',
    status: 302,
    async request(client) {
      const [newcomer, master] = [
        await UserFactory.apply('unverified').create(),
        await UserFactory.create(),
      ]
      await chatService.directConversation(master.id, newcomer.id)
      return client
        .post(`/users/${master.id}/message`)
        .loginAs(newcomer)
        .withCsrfToken()
        .redirects(0)
    },
  },
  {
    route: 'session.store',
    who: 'the right password, from an IP that failed on many other addresses',
    status: 429,
    async request(client) {
      for (let index = 0; index < LOGIN_LIMITS.ip.requests; index++) {
        await login(client, `sprayed-${index}@example.com`, 'Summer2026!', '203.0.113.9')
      }
      const user = await UserFactory.create()
      return login(client, user.email, DEFAULT_PASSWORD, '203.0.113.9')
    },
  },
  {
    route: 'session.store',
    who: 'the right password, for an account guessed from many IPs',
    status: 429,
    async request(client) {
      const user = await UserFactory.create()
      for (let index = 0; index < LOGIN_LIMITS.account.requests; index++) {
        await login(client, user.email, `guess ${index}`, `192.0.2.${index + 1}`)
      }
      return login(client, user.email, DEFAULT_PASSWORD, '198.51.100.1')
    },
  },
  {
    route: 'admin.payouts.approve',
    who: 'an admin, on their own master identity’s payout',
    status: 403,
    async request(client) {
      const { user } = await masterUser({ staffRole: 'admin' })
      const payout = await payoutOf(user)
      return client
        .post(`/admin/payouts/${payout.id}/approve`)
        .loginAs(user)
        .withCsrfToken()
        .redirects(0)
    },
  },
  {
    route: 'income.payouts.store',
    who: 'a master identity not yet certified',
    status: 403,
    async request(client) {
      const { user } = await masterUser({ status: 'pending' })
      return client
        .post('/income/payouts')
        .loginAs(user)
        .withCsrfToken()
        .form({ amount: '200', method: 'bank', accountName: 'A', payoutAccount: '1234567' })
        .redirects(0)
    },
  },
]

const routeNames = () =>
  new Set(
    Object.values(router.toJSON())
      .flat()
      .map((route) => route.name)
  )

test.group('Authorization matrix: refusals by object and account state', (group) => {
  isolateEachTest(group)
  group.each.setup(() => {
    const trustProxy = http.trustProxy
    return () => {
      http.trustProxy = trustProxy
    }
  })

  test('every row names a route that exists', ({ assert }) => {
    const names = routeNames()
    assert.deepEqual(
      ROWS.filter((row) => !names.has(row.route)).map((row) => row.route),
      []
    )
  })

  test('{route}: {who} → {status}')
    .with(ROWS)
    .run(async ({ client, assert }, row) => {
      const response = await row.request(client)
      assert.equal(response.status(), row.status, `${row.route} as ${row.who}`)
    })
})
