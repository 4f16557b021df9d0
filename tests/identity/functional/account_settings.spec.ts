import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import hash from '@adonisjs/core/services/hash'
import mail from '@adonisjs/mail/services/main'
import User from '#identity/models/user'
import AccountMail from '#identity/mails/account_mail'
import { DEFAULT_PASSWORD, UserFactory } from '#database/factories/user_factory'
import {
  accountMail,
  countRows,
  en,
  expireSession,
  fieldErrors,
  isSignedIn,
  linkIn,
  logInThroughForm,
  uniqueEmail,
  isolateEachTest,
  canLogIn,
  workQueuedJobs,
} from '#tests/helpers'
import { TestSocket } from '#tests/realtime/ws_client'

const NEW_PASSWORD = 'a brand new password'

function changePassword(
  client: ApiClient,
  sessionId: string,
  fields: { currentPassword?: string; password?: string; passwordConfirmation?: string }
) {
  return client
    .post('/settings/password')
    .usingSession(sessionId)
    .form({
      currentPassword: DEFAULT_PASSWORD,
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
      ...fields,
    })
    .withCsrfToken()
    .redirects(0)
}

test.group('Account settings', (group) => {
  isolateEachTest(group)

  test('a guest is sent to the login page from every account setting', async ({ client }) => {
    const page = await client.get('/settings/account').redirects(0)
    page.assertStatus(302)
    page.assertHeader('location', '/login')

    for (const url of ['/settings/password', '/settings/email', '/settings/delete']) {
      const response = await client.post(url).form({}).withCsrfToken().redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', '/login')
    }
  })

  test('a signed-in user sees the account page with their address', async ({ client }) => {
    const user = await UserFactory.create()

    const response = await client.get('/settings/account').loginAs(user)

    response.assertStatus(200)
    response.assertTextIncludes(en('settings.account.title'))
    response.assertTextIncludes(user.email)
  })
})

test.group('Account settings / change email', (group) => {
  isolateEachTest(group)

  test('a new address takes effect only once the link mailed to it is opened', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const oldEmail = user.email
    const newEmail = uniqueEmail('moved')
    const { mails } = mail.fake()

    const response = await client
      .post('/settings/email')
      .loginAs(user)
      .form({ email: newEmail, currentPassword: DEFAULT_PASSWORD })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/settings/account')
    response.assertFlashMessage(
      'success',
      en('settings.account.email_link_sent', { email: newEmail })
    )
    await user.refresh()
    assert.equal(user.email, oldEmail, 'nothing changes before the link is opened')

    await workQueuedJobs()
    mails.assertSentCount(AccountMail, 1)
    mails.assertNotSent(AccountMail, (sent) => sent.message.hasTo(oldEmail))
    const [sent] = mails.sent(accountMail('verify_email', newEmail, 'en'))
    const link = await linkIn(sent as AccountMail)

    const opened = await client.get(link).loginAs(user).redirects(0)

    opened.assertHeader('location', '/settings/account')
    opened.assertFlashMessage('success', en('auth.verify.done'))
    await user.refresh()
    assert.equal(user.email, newEmail)
    assert.isTrue(user.isVerified)
    assert.isTrue(await canLogIn(client, newEmail, DEFAULT_PASSWORD))
    assert.isFalse(await canLogIn(client, oldEmail, DEFAULT_PASSWORD))
  })

  test('the change is refused if the new address got taken before the link was opened', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const oldEmail = user.email
    const newEmail = uniqueEmail('contested')
    const { mails } = mail.fake()
    await client
      .post('/settings/email')
      .loginAs(user)
      .form({ email: newEmail, currentPassword: DEFAULT_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    await workQueuedJobs()
    const [sent] = mails.sent(accountMail('verify_email', newEmail, 'en'))
    const link = await linkIn(sent as AccountMail)

    const other = await UserFactory.merge({ email: newEmail }).create()
    const opened = await client.get(link).loginAs(user).redirects(0)

    opened.assertHeader('location', '/settings/account')
    opened.assertFlashMessage('error', en('auth.verify.invalid'))
    await user.refresh()
    await other.refresh()
    assert.equal(user.email, oldEmail)
    assert.equal(other.email, newEmail)
  })

  test('asking for an address that already has an account answers the same and warns its owner', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const owner = await UserFactory.apply('chinese').create()
    const { mails } = mail.fake()

    const response = await client
      .post('/settings/email')
      .loginAs(user)
      .form({ email: owner.email.toUpperCase(), currentPassword: DEFAULT_PASSWORD })
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', '/settings/account')
    response.assertFlashMessage(
      'success',
      en('settings.account.email_link_sent', { email: owner.email })
    )
    await workQueuedJobs()
    mails.assertSentCount(AccountMail, 1)
    mails.assertSent(AccountMail, accountMail('already_registered', owner.email, 'zh-CN'))
    assert.equal(await countRows('email_tokens', { user_id: user.id }), 0)
  })

  test('the current password is required to change the address', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { mails } = mail.fake()

    const wrong = await client
      .post('/settings/email')
      .loginAs(user)
      .form({ email: uniqueEmail('x'), currentPassword: 'not my password' })
      .withCsrfToken()
      .redirects(0)
    wrong.assertFlashMessage('inputErrorsBag', {
      currentPassword: [en('settings.account.wrong_password')],
    })

    const missing = await client
      .post('/settings/email')
      .loginAs(user)
      .form({ email: uniqueEmail('x') })
      .withCsrfToken()
      .redirects(0)
    assert.property(fieldErrors(missing), 'currentPassword')

    await workQueuedJobs()
    mails.assertNoneSent()
    assert.equal(await countRows('email_tokens', { user_id: user.id }), 0)
  })

  test('an invalid or empty new address is refused', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { mails } = mail.fake()

    for (const email of ['', 'nope', `${'a'.repeat(250)}@example.com`]) {
      const response = await client
        .post('/settings/email')
        .loginAs(user)
        .form({ email, currentPassword: DEFAULT_PASSWORD })
        .withCsrfToken()
        .redirects(0)
      assert.deepEqual(Object.keys(fieldErrors(response)), ['email'])
    }
    await workQueuedJobs()
    mails.assertNoneSent()
  })

  test('asking for the current address again sends nothing', async ({ client }) => {
    const user = await UserFactory.create()
    const { mails } = mail.fake()

    await client
      .post('/settings/email')
      .loginAs(user)
      .form({ email: user.email, currentPassword: DEFAULT_PASSWORD })
      .withCsrfToken()
      .redirects(0)

    await workQueuedJobs()
    mails.assertNoneSent()
  })
})

test.group('Account settings / change password', (group) => {
  isolateEachTest(group)

  test('the password changes and every other session is logged out, not this one', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const here = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })
    const elsewhere = await logInThroughForm(
      client,
      { email: user.email, password: DEFAULT_PASSWORD },
      'Mozilla/5.0 (Windows NT 10.0) Firefox/130.0'
    )

    const response = await changePassword(client, here.sessionId, {})

    response.assertStatus(302)
    response.assertHeader('location', '/settings/account')
    response.assertFlashMessage('success', en('settings.account.password_changed'))
    await user.refresh()
    assert.isTrue(await hash.verify(user.password, NEW_PASSWORD))
    assert.isTrue(await isSignedIn(client, { sessionId: here.sessionId }))
    assert.isFalse(await isSignedIn(client, { sessionId: elsewhere.sessionId }))
    assert.isTrue(await canLogIn(client, user.email, NEW_PASSWORD))
    assert.isFalse(await canLogIn(client, user.email, DEFAULT_PASSWORD))
  })

  test('a password change closes the sockets of the other sessions (4001), not this one', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const here = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })
    const elsewhere = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
    })
    const mine = await TestSocket.ofSession(client, here.sessionId)
    const theirs = await TestSocket.ofSession(client, elsewhere.sessionId)

    const response = await changePassword(client, here.sessionId, {})
    response.assertStatus(302)

    assert.deepEqual(await theirs.closed, { code: 4001, reason: 'session ended' })
    assert.isTrue(await mine.answersPing())
    await mine.close()
  })

  test('a remembered device is logged out too, even one whose session has run out', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const here = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })
    const stolenLaptop = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
      remember: true,
    })
    // 12 hours later the session is gone, the 30-day remember-me cookie is not
    await expireSession(stolenLaptop.sessionId)

    await changePassword(client, here.sessionId, {})

    assert.isFalse(await isSignedIn(client, { rememberToken: stolenLaptop.rememberToken }))
  })

  test('a wrong current password is refused and nothing changes', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const here = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })
    const elsewhere = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
    })

    const response = await changePassword(client, here.sessionId, {
      currentPassword: 'not my password',
    })

    response.assertStatus(302)
    response.assertFlashMessage('inputErrorsBag', {
      currentPassword: [en('settings.account.wrong_password')],
    })
    response.assertFlashMissing('success')
    await user.refresh()
    assert.isTrue(await hash.verify(user.password, DEFAULT_PASSWORD))
    assert.isTrue(await isSignedIn(client, { sessionId: elsewhere.sessionId }))
  })

  test('the error shows under the form that was sent, not the other two', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const here = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })
    // the page's three forms all ask for the current password
    const page = await client.get('/settings/account').usingSession(here.sessionId)
    assert.equal(page.text().split('name="_form"').length - 1, 3)

    await client
      .post('/settings/password')
      .usingSession(here.sessionId)
      .form({
        _form: 'password',
        currentPassword: 'not my password',
        password: NEW_PASSWORD,
        passwordConfirmation: NEW_PASSWORD,
      })
      .withCsrfToken()
      .redirects(0)
    const again = await client.get('/settings/account').usingSession(here.sessionId)
    const html = again.text()
    assert.equal(html.split(en('settings.account.wrong_password')).length - 1, 1)
    assert.include(html, 'id="password-current-password-error"')
    assert.notInclude(html, 'id="email-current-password-error"')
    assert.notInclude(html, 'id="delete-current-password-error"')
  })

  test('a form sent without its name (a page opened before it had one) still shows its error', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const here = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })
    await client
      .post('/settings/password')
      .usingSession(here.sessionId)
      .form({
        currentPassword: 'not my password',
        password: NEW_PASSWORD,
        passwordConfirmation: NEW_PASSWORD,
      })
      .withCsrfToken()
      .redirects(0)
    const again = await client.get('/settings/account').usingSession(here.sessionId)
    assert.include(again.text(), en('settings.account.wrong_password'))
  })

  test('a new password that is too short, too long or not confirmed is refused', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const here = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })

    const cases: Array<[Record<string, string>, string]> = [
      [{ password: 'short', passwordConfirmation: 'short' }, 'password'],
      [{ password: 'x'.repeat(73), passwordConfirmation: 'x'.repeat(73) }, 'password'],
      [{ passwordConfirmation: 'something else' }, 'passwordConfirmation'],
      [{ currentPassword: '' }, 'currentPassword'],
    ]
    for (const [fields, field] of cases) {
      const response = await changePassword(client, here.sessionId, fields)
      assert.deepEqual(Object.keys(fieldErrors(response)), [field])
    }
    await user.refresh()
    assert.isTrue(await hash.verify(user.password, DEFAULT_PASSWORD))
  })

  test('a refused password change leaves no password in the session', async ({ client }) => {
    const user = await UserFactory.create()
    const here = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })

    // right current password, mistyped confirmation
    const response = await changePassword(client, here.sessionId, {
      passwordConfirmation: 'a brand new passwort',
    })

    response.assertFlashMissing('password')
    response.assertFlashMissing('currentPassword')
    response.assertFlashMissing('passwordConfirmation')
  })
})

test.group('Account settings / delete account', (group) => {
  isolateEachTest(group)

  test('deleting the account removes the user and logs out every session', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const here = await logInThroughForm(client, { email: user.email, password: DEFAULT_PASSWORD })
    const elsewhere = await logInThroughForm(client, {
      email: user.email,
      password: DEFAULT_PASSWORD,
      remember: true,
    })

    const response = await client
      .post('/settings/delete')
      .usingSession(here.sessionId)
      .form({ currentPassword: DEFAULT_PASSWORD, confirm: 'true' })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/')
    response.assertFlashMessage('success', en('settings.account.deleted'))
    response.assertSessionMissing('auth_web')
    assert.isNull(await User.find(user.id))
    assert.equal(await countRows('remember_me_tokens', { tokenable_id: user.id }), 0)
    assert.isFalse(await isSignedIn(client, { sessionId: here.sessionId }))
    assert.isFalse(await isSignedIn(client, { sessionId: elsewhere.sessionId }))
    assert.isFalse(await isSignedIn(client, { rememberToken: elsewhere.rememberToken }))
    assert.isFalse(await canLogIn(client, user.email, DEFAULT_PASSWORD))
  })

  test('the deleted address can sign up again', async ({ client, assert }) => {
    const user = await UserFactory.create()
    await client
      .post('/settings/delete')
      .loginAs(user)
      .form({ currentPassword: DEFAULT_PASSWORD, confirm: 'true' })
      .withCsrfToken()
      .redirects(0)

    await client
      .post('/signup')
      .form({ displayName: 'Again', email: user.email, password: 'a fine password' })
      .withCsrfToken()
      .redirects(0)

    const again = await User.findByOrFail('email', user.email)
    assert.notEqual(again.id, user.id)
  })

  test('deleting requires the confirmation box to be ticked', async ({ client, assert }) => {
    const user = await UserFactory.create()

    for (const form of [{}, { confirm: 'no' }]) {
      const response = await client
        .post('/settings/delete')
        .loginAs(user)
        .form({ currentPassword: DEFAULT_PASSWORD, ...form })
        .withCsrfToken()
        .redirects(0)

      assert.deepEqual(Object.keys(fieldErrors(response)), ['confirm'])
      response.assertFlashMissing('success')
    }
    assert.exists(await User.find(user.id))
  })

  test('an unticked confirmation box is answered with "tick the box"', async ({ client }) => {
    const user = await UserFactory.create()

    // a browser sends nothing at all for an unticked checkbox
    const response = await client
      .post('/settings/delete')
      .loginAs(user)
      .form({ currentPassword: DEFAULT_PASSWORD })
      .withCsrfToken()
      .redirects(0)

    response.assertFlashMessage('inputErrorsBag', {
      confirm: [en('validator.shared.messages.accepted')],
    })
  })

  test('deleting requires the right current password', async ({ client, assert }) => {
    const user = await UserFactory.create()

    for (const currentPassword of ['not my password', '']) {
      const response = await client
        .post('/settings/delete')
        .loginAs(user)
        .form({ currentPassword, confirm: 'true' })
        .withCsrfToken()
        .redirects(0)
      assert.deepEqual(Object.keys(fieldErrors(response)), ['currentPassword'])
      response.assertFlashMissing('success')
    }
    assert.exists(await User.find(user.id))
  })

  test('deleting without the CSRF token is refused', async ({ client, assert }) => {
    const user = await UserFactory.create()

    const response = await client
      .post('/settings/delete')
      .loginAs(user)
      .form({ currentPassword: DEFAULT_PASSWORD, confirm: 'true' })
      .redirects(0)

    response.assertStatus(419)
    assert.exists(await User.find(user.id))
  })
})
