import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import hash from '@adonisjs/core/services/hash'
import mail from '@adonisjs/mail/services/main'
import type User from '#identity/models/user'
import AccountMail from '#identity/mails/account_mail'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import {
  accountMail,
  countRows,
  en,
  fieldErrors,
  isSignedIn,
  linkIn,
  logInThroughForm,
  uniqueEmail,
  zh,
  isolateEachTest,
  canLogIn,
  workQueuedJobs,
} from '#tests/helpers'

const NEW_PASSWORD = 'a brand new password'

/** Asks for a reset link through the form and returns the mailed link. */
async function requestResetLink(client: ApiClient, user: User) {
  const { mails } = mail.fake()
  await client.post('/forgot-password').form({ email: user.email }).withCsrfToken().redirects(0)
  await workQueuedJobs()
  const [sent] = mails.sent(accountMail('reset_password', user.email, user.locale))
  if (!sent) throw new Error(`No reset mail was sent to ${user.email}`)
  return linkIn(sent as AccountMail)
}

function choose(client: ApiClient, link: string, password = NEW_PASSWORD, confirmation = password) {
  return client
    .post(link)
    .form({ password, passwordConfirmation: confirmation })
    .withCsrfToken()
    .redirects(0)
}

test.group('Password reset', (group) => {
  isolateEachTest(group)

  test('a guest sees the forgot-password form', async ({ client }) => {
    const response = await client.get('/forgot-password')

    response.assertStatus(200)
    response.assertTextIncludes(zh('auth.reset.forgot_title'))
  })

  test('a signed-in user is sent away from the forgot-password page', async ({ client }) => {
    const user = await UserFactory.create()

    const response = await client.get('/forgot-password').loginAs(user).redirects(0)

    response.assertHeader('location', '/')
  })

  test('asking for a reset mails a link to a registered address', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { mails } = mail.fake()

    const response = await client
      .post('/forgot-password')
      .form({ email: user.email.toUpperCase() })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/forgot-password')
    response.assertFlashMessage('success', zh('auth.reset.sent'))
    await workQueuedJobs()
    mails.assertSentCount(AccountMail, 1)
    const [sent] = mails.sent(accountMail('reset_password', user.email, 'en'))
    assert.match(await linkIn(sent as AccountMail), /^\/reset-password\/[\w-]{20,}$/)
  })

  test('an unknown address gets the same answer and no mail', async ({ client }) => {
    const { mails } = mail.fake()

    const response = await client
      .post('/forgot-password')
      .form({ email: uniqueEmail('nobody') })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/forgot-password')
    response.assertFlashMessage('success', zh('auth.reset.sent'))
    await workQueuedJobs()
    mails.assertNoneSent()
  })

  test('an empty or invalid address is refused', async ({ client, assert }) => {
    const { mails } = mail.fake()

    for (const email of ['', 'not-an-email']) {
      const response = await client
        .post('/forgot-password')
        .form({ email })
        .withCsrfToken()
        .redirects(0)
      assert.property(fieldErrors(response), 'email')
      response.assertFlashMissing('success')
    }
    await workQueuedJobs()
    mails.assertNoneSent()
  })

  test('the reset link opens the new-password form', async ({ client }) => {
    const user = await UserFactory.create()
    const link = await requestResetLink(client, user)

    const response = await client.get(link)

    response.assertStatus(200)
    response.assertTextIncludes(zh('auth.reset.title'))
    response.assertTextIncludes(`action="${link}"`)
  })

  test('a new password set through the link works and the old one no longer does', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const link = await requestResetLink(client, user)

    const response = await choose(client, link)

    response.assertStatus(302)
    response.assertHeader('location', '/login')
    response.assertFlashMessage('success', zh('auth.reset.done'))
    assert.isTrue(await canLogIn(client, user.email, NEW_PASSWORD))
    assert.isFalse(await canLogIn(client, user.email, DEFAULT_PASSWORD))
  })

  test('a reset signs out every device that was signed in', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const device = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })
    const link = await requestResetLink(client, user)

    await choose(client, link)

    assert.isFalse(await isSignedIn(client, { sessionId: device.sessionId }))
  })

  test('a reset link works only once', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const link = await requestResetLink(client, user)
    await choose(client, link)

    const form = await client.get(link).redirects(0)
    form.assertHeader('location', '/forgot-password')
    form.assertFlashMessage('error', zh('auth.reset.invalid'))

    const again = await choose(client, link, 'yet another password')
    again.assertHeader('location', '/forgot-password')
    again.assertFlashMessage('error', zh('auth.reset.invalid'))

    await user.refresh()
    assert.isTrue(await hash.verify(user.password, NEW_PASSWORD))
  })

  test('a reset link is valid for one hour', async ({ client, assert }) => {
    const user = await UserFactory.create()
    await requestResetLink(client, user)

    const token = await db
      .from('email_tokens')
      .where({ user_id: user.id, purpose: 'reset_password' })
      .firstOrFail()
    const lifetime = DateTime.fromJSDate(token.expires_at).diff(
      DateTime.fromJSDate(token.created_at),
      'minutes'
    ).minutes
    assert.closeTo(lifetime, 60, 0.5)
  })

  test('an expired reset link is refused and the password stays the same', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const link = await requestResetLink(client, user)
    await db
      .from('email_tokens')
      .where({ user_id: user.id, purpose: 'reset_password' })
      .update({ expires_at: DateTime.now().minus({ minutes: 1 }).toJSDate() })

    const form = await client.get(link).redirects(0)
    form.assertHeader('location', '/forgot-password')
    form.assertFlashMessage('error', zh('auth.reset.invalid'))

    const submit = await choose(client, link)
    submit.assertHeader('location', '/forgot-password')
    submit.assertFlashMessage('error', zh('auth.reset.invalid'))
    assert.isTrue(await canLogIn(client, user.email, DEFAULT_PASSWORD))
  })

  test('a made-up token is refused', async ({ client }) => {
    const form = await client.get('/reset-password/made-up-token').redirects(0)
    form.assertHeader('location', '/forgot-password')
    form.assertFlashMessage('error', zh('auth.reset.invalid'))

    const submit = await choose(client, '/reset-password/made-up-token')
    submit.assertHeader('location', '/forgot-password')
  })

  test('a newer reset link replaces the previous one', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const first = await requestResetLink(client, user)
    const second = await requestResetLink(client, user)

    const withFirst = await choose(client, first)
    withFirst.assertFlashMessage('error', zh('auth.reset.invalid'))
    const withSecond = await choose(client, second)
    withSecond.assertFlashMessage('success', zh('auth.reset.done'))
    assert.isTrue(await canLogIn(client, user.email, NEW_PASSWORD))
  })

  test('a new password that is too short, too long or not confirmed is refused and keeps the link usable', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const link = await requestResetLink(client, user)

    const cases: Array<[string, string, string]> = [
      ['short', 'short', 'password'],
      ['x'.repeat(73), 'x'.repeat(73), 'password'],
      [NEW_PASSWORD, 'something else', 'passwordConfirmation'],
      ['', '', 'password'],
    ]
    for (const [password, confirmation, field] of cases) {
      const response = await choose(client, link, password, confirmation)
      response.assertStatus(302)
      assert.property(fieldErrors(response), field)
    }

    assert.isTrue(await canLogIn(client, user.email, DEFAULT_PASSWORD))
    const valid = await choose(client, link)
    valid.assertFlashMessage('success', zh('auth.reset.done'))
  })

  test('a mismatched confirmation says, under the confirmation, that the passwords differ', async ({
    client,
  }) => {
    const user = await UserFactory.create()
    const link = await requestResetLink(client, user)

    const response = await choose(client, link, NEW_PASSWORD, 'something else')

    response.assertFlashMessage('inputErrorsBag', {
      passwordConfirmation: [zh('validator.shared.messages.confirmed')],
    })
  })

  test('resetting the password ends "remember me" on every device', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const laptop = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
      remember: true,
    })
    assert.equal(await countRows('remember_me_tokens', { tokenable_id: user.id }), 1)

    await choose(client, await requestResetLink(client, user))

    assert.equal(await countRows('remember_me_tokens', { tokenable_id: user.id }), 0)
    assert.isFalse(await isSignedIn(client, { rememberToken: laptop.rememberToken }))
  })

  test('resetting the password through the mailed link also verifies the address', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.apply('unverified').create()

    await choose(client, await requestResetLink(client, user))

    await user.refresh()
    assert.isTrue(user.isVerified)
  })

  test('a signed-in user who resets the password is logged out and sent to log in', async ({
    client,
  }) => {
    const user = await UserFactory.create()
    const link = await requestResetLink(client, user)

    const response = await client
      .post(link)
      .loginAs(user)
      .form({ password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD })
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', '/login')
    response.assertSessionMissing('auth_web')
    response.assertFlashMessage('success', en('auth.reset.done'))
  })

  test('the 6th reset request from one IP within 15 minutes is refused with 429', async ({
    client,
  }) => {
    const { mails } = mail.fake()
    const user = await UserFactory.create()
    const ask = () =>
      client.post('/forgot-password').form({ email: user.email }).withCsrfToken().redirects(0)

    for (let request = 1; request <= 5; request++) {
      const response = await ask()
      response.assertStatus(302)
    }
    const sixth = await ask()

    sixth.assertStatus(429)
    await workQueuedJobs()
    mails.assertSentCount(AccountMail, 5)
  })

  test('the 11th new-password post from one IP within 15 minutes is refused, so tokens cannot be guessed in bulk', async ({
    client,
  }) => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await choose(client, `/reset-password/guess-${attempt}`)
      response.assertStatus(302)
    }

    const eleventh = await choose(client, '/reset-password/guess-11')
    eleventh.assertStatus(429)
  })

  test('asking for reset links does not use up the new-password throttle', async ({ client }) => {
    const user = await UserFactory.create()
    for (let request = 1; request <= 4; request++) await requestResetLink(client, user)
    const link = await requestResetLink(client, user)

    const response = await choose(client, link)

    response.assertFlashMessage('success', zh('auth.reset.done'))
  })
})
