import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import mail from '@adonisjs/mail/services/main'
import db from '@adonisjs/lucid/services/db'
import { http } from '#config/app'
import AccountMail from '#identity/mails/account_mail'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import { LOGIN_LIMITS } from '#identity/limits'
import { accountService } from '#identity/services/account_service'
import { emailTokens } from '#identity/services/email_tokens'
import { accountMail, en, isolateEachTest, uniqueEmail, workQueuedJobs, zh } from '#tests/helpers'

/** A login attempt from an address (the test trusts X-Forwarded-For for it). */
function attempt(client: ApiClient, email: string, password: string, ip = '203.0.113.7') {
  return client
    .post('/login')
    .header('x-forwarded-for', ip)
    .form({ email, password })
    .withCsrfToken()
    .redirects(0)
}

test.group('Login throttle: spraying and distributed guessing', (group) => {
  isolateEachTest(group)
  group.each.setup(() => {
    // requests come from 127.0.0.1: trust it as a proxy so that each test picks the client IP
    const before = http.trustProxy
    http.trustProxy = () => true
    return () => {
      http.trustProxy = before
    }
  })

  test('one IP trying one password on many accounts is stopped, with Retry-After', async ({
    client,
    assert,
  }) => {
    const { requests } = LOGIN_LIMITS.ip
    for (let index = 0; index < requests; index++) {
      const response = await attempt(client, uniqueEmail('sprayed'), 'Summer2026!')
      response.assertStatus(302)
    }
    // a real account, even with its right password, from that IP: refused
    const user = await UserFactory.create()
    const refused = await attempt(client, user.email, DEFAULT_PASSWORD).header(
      'accept-language',
      'en'
    )
    refused.assertStatus(429)
    refused.assertTextIncludes(en('errors.429.title'))
    const retryAfter = Number(refused.header('retry-after'))
    assert.isAbove(retryAfter, 60)
    assert.isAtMost(retryAfter, 15 * 60)
    refused.assertSessionMissing('auth_web')

    // another IP is not affected
    const elsewhere = await attempt(client, user.email, DEFAULT_PASSWORD, '198.51.100.20')
    elsewhere.assertSession('auth_web', user.id)
  })

  test('one account guessed from many IPs is locked, and its owner is mailed once', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const user = await UserFactory.apply('chinese').create()
    const { requests } = LOGIN_LIMITS.account
    for (let index = 0; index < requests; index++) {
      const response = await attempt(client, user.email, `guess ${index}`, `192.0.2.${index + 1}`)
      response.assertStatus(302)
    }
    for (const ip of ['192.0.2.200', '192.0.2.201']) {
      const locked = await attempt(client, user.email, DEFAULT_PASSWORD, ip)
      locked.assertStatus(429)
      locked.assertTextIncludes(zh('errors.429.title'))
      assert.isAbove(Number(locked.header('retry-after')), 60)
      locked.assertSessionMissing('auth_web')
    }
    await workQueuedJobs()
    mails.assertSentCount(AccountMail, 1)
    mails.assertSent(AccountMail, accountMail('login_locked', user.email, 'zh-CN'))

    // an unknown address is counted the same, and nobody is mailed
    const ghost = uniqueEmail('ghost')
    for (let index = 0; index <= requests; index++) {
      await attempt(client, ghost, 'x', `198.51.100.${index + 1}`)
    }
    const ghostLocked = await attempt(client, ghost, 'x', '198.51.100.250')
    ghostLocked.assertStatus(429)
    await workQueuedJobs()
    mails.assertSentCount(AccountMail, 1)
  })

  test('a burst of parallel guesses cannot overrun the per-account limit', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const { requests } = LOGIN_LIMITS.account
    // all sent at once, each from its own IP: only as many passwords as the limit are checked
    const responses = await Promise.all(
      Array.from({ length: requests * 3 }, (_, index) =>
        attempt(client, user.email, `guess ${index}`, `192.0.2.${index + 1}`)
      )
    )
    const checked = responses.filter((response) => response.status() !== 429)
    assert.lengthOf(checked, requests)
    const locked = await attempt(client, user.email, DEFAULT_PASSWORD, '192.0.2.250')
    locked.assertStatus(429)
  })

  test('a success counts against no limit', async ({ client }) => {
    const user = await UserFactory.create()
    for (let index = 0; index <= LOGIN_LIMITS.account.requests; index++) {
      const response = await attempt(client, user.email, DEFAULT_PASSWORD, `192.0.2.${index + 1}`)
      response.assertSession('auth_web', user.id)
    }
  })

  test('a password reset ends the lockout of the account', async ({ client }) => {
    const user = await UserFactory.create()
    for (let index = 0; index < LOGIN_LIMITS.account.requests; index++) {
      await attempt(client, user.email, 'wrong', `192.0.2.${index + 1}`)
    }
    const token = await db.transaction((trx) =>
      emailTokens.issue(user.id, 'reset_password', user.email, trx)
    )
    await accountService.resetPassword(token, 'a brand new password')
    const response = await attempt(client, user.email, 'a brand new password', '192.0.2.99')
    response.assertSession('auth_web', user.id)
  })
})
