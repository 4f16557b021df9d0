import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import mail from '@adonisjs/mail/services/main'
import User from '#identity/models/user'
import AccountMail from '#identity/mails/account_mail'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import {
  accountMail,
  countRows,
  en,
  isolateEachTest,
  linkIn,
  logInThroughForm,
  workQueuedJobs,
} from '#tests/helpers'

const NEW_PASSWORD = 'a brand new password'

async function apiAnswers(client: ApiClient, token: string, status: number) {
  const response = await client.get('/api/v1/me').bearerToken(token)
  response.assertStatus(status)
}

/** Changes the password in the account settings, signed in through the form. */
async function changePassword(client: ApiClient, user: User) {
  const here = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })
  const changed = await client
    .post('/settings/password')
    .usingSession(here.sessionId)
    .form({
      currentPassword: DEFAULT_PASSWORD,
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    })
    .withCsrfToken()
    .redirects(0)
  changed.assertHeader('location', '/settings/account')
}

/** Two working tokens of the user; their values. */
async function twoTokens(client: ApiClient, user: User) {
  const values = []
  for (const name of ['Notes sync', 'Backup']) {
    const token = await User.accessTokens.create(user, ['profile:read'], { name })
    values.push(token.value!.release())
  }
  for (const value of values) await apiAnswers(client, value, 200)
  return values
}

/** The user has no token left, and none of the old ones works. */
async function assertRevoked(client: ApiClient, user: User, values: string[]) {
  const left = await countRows('auth_access_tokens', { tokenable_id: user.id })
  if (left) throw new Error(`${left} API tokens survived`)
  for (const value of values) await apiAnswers(client, value, 401)
}

test.group('API tokens end with the password', (group) => {
  isolateEachTest(group)

  test('a password reset revokes every API token and tells the owner', async ({ client }) => {
    const { mails } = mail.fake()
    const user = await UserFactory.create()
    const values = await twoTokens(client, user)

    await client.post('/forgot-password').form({ email: user.email }).withCsrfToken().redirects(0)
    await workQueuedJobs()
    const [resetMail] = mails.sent(accountMail('reset_password', user.email, user.locale))
    const reset = await client
      .post(await linkIn(resetMail as AccountMail))
      .form({ password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    reset.assertHeader('location', '/login')

    await assertRevoked(client, user, values)
    await workQueuedJobs()
    mails.assertSent(AccountMail, accountMail('tokens_revoked', user.email, user.locale))
  })

  test('a password change revokes every API token and tells the owner', async ({ client }) => {
    const { mails } = mail.fake()
    const user = await UserFactory.create()
    const values = await twoTokens(client, user)
    await changePassword(client, user)

    await assertRevoked(client, user, values)
    await workQueuedJobs()
    mails.assertSent(AccountMail, accountMail('tokens_revoked', user.email, user.locale))
  })

  test('without tokens a password change mails nothing about them', async ({ client }) => {
    const { mails } = mail.fake()
    const user = await UserFactory.create()
    await changePassword(client, user)
    await workQueuedJobs()
    mails.assertNotSent(AccountMail, accountMail('tokens_revoked', user.email, user.locale))
  })
})

test.group('API tokens need a verified address', (group) => {
  isolateEachTest(group)

  test('an unverified account cannot create a token; the page prompts to verify', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.apply('unverified').create()
    const create = await client
      .post('/settings/tokens')
      .form({ name: 'Sneaky', scopes: ['profile:read'], expiry: 'never' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
      .header('accept-language', 'en')
    create.assertStatus(403)
    create.assertTextIncludes(en('auth.verify_first.tokens_create'))
    create.assertTextIncludes('action="/verify-email/resend"')
    assert.equal(await countRows('auth_access_tokens', { tokenable_id: user.id }), 0)

    const page = await client.get('/settings/tokens').loginAs(user).header('accept-language', 'en')
    page.assertStatus(200)
    page.assertTextIncludes(en('auth.verify_first.tokens_create'))
    assert.notInclude(page.text(), 'action="/settings/tokens"')
  })
})
