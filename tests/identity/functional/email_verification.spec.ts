import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import User from '#identity/models/user'
import AccountMail from '#identity/mails/account_mail'
import { UserFactory } from '#database/factories/user_factory'
import {
  accountMail,
  countRows,
  en,
  linkIn,
  tokenOf,
  uniqueEmail,
  zh,
  isolateEachTest,
  workQueuedJobs,
} from '#tests/helpers'

/** Signs up through the form and returns the verification link that was mailed. */
async function signUpAndGetLink(client: ApiClient) {
  const { mails } = mail.fake()
  const email = uniqueEmail('verify')
  await client
    .post('/signup')
    .form({ displayName: 'Zhou', email, password: 'a fine password' })
    .withCsrfToken()
    .redirects(0)
  await workQueuedJobs()
  const [sent] = mails.sent(accountMail('verify_email', email))
  return { email, link: await linkIn(sent as AccountMail) }
}

test.group('Email verification', (group) => {
  isolateEachTest(group)

  test('opening the mailed link verifies the address and leads to the login page', async ({
    client,
    assert,
  }) => {
    const { email, link } = await signUpAndGetLink(client)

    const response = await client.get(link).redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/login')
    response.assertFlashMessage('success', zh('auth.verify.done'))
    const user = await User.findByOrFail('email', email)
    assert.isTrue(user.isVerified)
  })

  test('a verification link works only once', async ({ client }) => {
    const { link } = await signUpAndGetLink(client)
    await client.get(link).redirects(0)

    const again = await client.get(link).redirects(0)

    again.assertStatus(302)
    again.assertHeader('location', '/login')
    again.assertFlashMessage('error', zh('auth.verify.invalid'))
    again.assertFlashMissing('success')
  })

  test('a verification link is valid for 24 hours', async ({ client, assert }) => {
    const { email } = await signUpAndGetLink(client)
    const user = await User.findByOrFail('email', email)

    const token = await db
      .from('email_tokens')
      .where({ user_id: user.id, purpose: 'verify_email' })
      .firstOrFail()
    const lifetime = DateTime.fromJSDate(token.expires_at).diff(
      DateTime.fromJSDate(token.created_at),
      'hours'
    ).hours
    assert.closeTo(lifetime, 24, 0.01)
  })

  test('an expired verification link is refused and leaves the address unverified', async ({
    client,
    assert,
  }) => {
    const { email, link } = await signUpAndGetLink(client)
    const user = await User.findByOrFail('email', email)
    await db
      .from('email_tokens')
      .where({ user_id: user.id })
      .update({ expires_at: DateTime.now().minus({ minutes: 1 }).toJSDate() })

    const response = await client.get(link).redirects(0)

    response.assertHeader('location', '/login')
    response.assertFlashMessage('error', zh('auth.verify.invalid'))
    await user.refresh()
    assert.isFalse(user.isVerified)
  })

  test('a made-up token is refused', async ({ client }) => {
    const response = await client.get('/verify-email/not-a-real-token').redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/login')
    response.assertFlashMessage('error', zh('auth.verify.invalid'))
  })

  test('a password reset link cannot be used as a verification link', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.apply('unverified').create()
    const { mails } = mail.fake()
    await client.post('/forgot-password').form({ email: user.email }).withCsrfToken().redirects(0)
    await workQueuedJobs()
    const [sent] = mails.sent(accountMail('reset_password', user.email, user.locale))
    const token = tokenOf(await linkIn(sent as AccountMail))

    const response = await client.get(`/verify-email/${token}`).redirects(0)

    response.assertFlashMessage('error', zh('auth.verify.invalid'))
    await user.refresh()
    assert.isFalse(user.isVerified)
  })

  test('a signed-in user who opens the link is taken back to the account settings', async ({
    client,
  }) => {
    const { email, link } = await signUpAndGetLink(client)
    const user = await User.findByOrFail('email', email)

    const response = await client.get(link).loginAs(user).redirects(0)

    response.assertHeader('location', '/settings/account')
    response.assertFlashMessage('success', zh('auth.verify.done'))
  })

  test('an unverified user can ask for a new link, which replaces the old one', async ({
    client,
    assert,
  }) => {
    const { email, link: oldLink } = await signUpAndGetLink(client)
    const user = await User.findByOrFail('email', email)
    const { mails } = mail.fake()

    const response = await client
      .post('/verify-email/resend')
      .loginAs(user)
      .header('referer', '/settings/account')
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/settings/account')
    response.assertFlashMessage('success', zh('auth.verify.resent'))
    await workQueuedJobs()
    mails.assertSentCount(AccountMail, 1)
    const [sent] = mails.sent(accountMail('verify_email', email))
    const newLink = await linkIn(sent as AccountMail)
    assert.notEqual(newLink, oldLink)

    const old = await client.get(oldLink).redirects(0)
    old.assertFlashMessage('error', zh('auth.verify.invalid'))
    const fresh = await client.get(newLink).redirects(0)
    fresh.assertFlashMessage('success', zh('auth.verify.done'))
  })

  test('a verified user asking for a new link gets no mail', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { mails } = mail.fake()
    const tokensBefore = await countRows('email_tokens')

    const response = await client
      .post('/verify-email/resend')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    await workQueuedJobs()
    mails.assertNoneSent()
    assert.equal(await countRows('email_tokens'), tokensBefore)
  })

  test('a guest cannot ask for a new verification link', async ({ client }) => {
    const { mails } = mail.fake()

    const response = await client.post('/verify-email/resend').withCsrfToken().redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/login')
    await workQueuedJobs()
    mails.assertNoneSent()
  })

  test('the 4th request for a new link within 10 minutes is refused with 429', async ({
    client,
  }) => {
    const user = await UserFactory.apply('unverified').create()
    const { mails } = mail.fake()
    const resend = () =>
      client.post('/verify-email/resend').loginAs(user).withCsrfToken().redirects(0)

    for (let request = 1; request <= 3; request++) {
      const response = await resend()
      response.assertStatus(302)
    }
    const fourth = await resend()

    fourth.assertStatus(429)
    await workQueuedJobs()
    mails.assertSentCount(AccountMail, 3)
  })

  test('the verification mail is written in the language of the account', async ({ client }) => {
    const user = await UserFactory.apply('unverified').merge({ locale: 'en' }).create()
    const { mails } = mail.fake()

    await client.post('/verify-email/resend').loginAs(user).withCsrfToken().redirects(0)

    await workQueuedJobs()
    mails.assertSent(AccountMail, accountMail('verify_email', user.email, 'en'))
    mails.assertSent(AccountMail, (sent) =>
      sent.message.hasSubject(en('mail.verify_email.subject'))
    )
  })
})
