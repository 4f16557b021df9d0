import { test } from '@japa/runner'
import hash from '@adonisjs/core/services/hash'
import mail from '@adonisjs/mail/services/main'
import User from '#identity/models/user'
import AccountMail from '#identity/mails/account_mail'
import { UserFactory } from '#database/factories/user_factory'
import {
  accountMail,
  countRows,
  fieldErrors,
  linkIn,
  sessionIdOf,
  uniqueEmail,
  zh,
  isolateEachTest,
  workQueuedJobs,
} from '#tests/helpers'

const validForm = (email: string) => ({
  displayName: '小林',
  email,
  password: 'a fine password',
})

test.group('Sign-up', (group) => {
  isolateEachTest(group)

  test('a guest sees the sign-up form', async ({ client, assert }) => {
    const response = await client.get('/signup')

    response.assertStatus(200)
    response.assertTextIncludes(zh('auth.signup_title'))
    assert.match(response.text(), /name=['"]_csrf['"]/)
  })

  test('a signed-in user is sent away from the sign-up page', async ({ client }) => {
    const user = await UserFactory.create()

    const response = await client.get('/signup').loginAs(user).redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/')
  })

  test('signing up creates an unverified account and mails a verification link', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const email = uniqueEmail('new')

    const response = await client
      .post('/signup')
      .form(validForm(email))
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/signup/check-inbox')
    response.assertSession('signup_email', email)

    const user = await User.findByOrFail('email', email)
    assert.equal(user.displayName, '小林')
    assert.equal(user.locale, 'zh-CN')
    assert.isNull(user.emailVerifiedAt)
    assert.notEqual(user.password, 'a fine password')
    assert.isTrue(await hash.verify(user.password, 'a fine password'))
    assert.equal(await countRows('email_tokens', { user_id: user.id, purpose: 'verify_email' }), 1)

    await workQueuedJobs()
    mails.assertSentCount(AccountMail, 1)
    const [sent] = mails.sent(accountMail('verify_email', email))
    assert.exists(sent, 'a verification mail in Chinese was queued to the new address')
    assert.match(await linkIn(sent as AccountMail), /^\/verify-email\/[\w-]{20,}$/)
  })

  test('the address is stored trimmed and in lower case', async ({ client, assert }) => {
    const email = uniqueEmail('mixed')

    const response = await client
      .post('/signup')
      .form(validForm(`  ${email.toUpperCase()} `))
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', '/signup/check-inbox')
    assert.exists(await User.findBy('email', email))
  })

  test('a sign-up in English creates an English account with an English mail', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const email = uniqueEmail('english')

    await client
      .post('/signup')
      .header('accept-language', 'en')
      .form(validForm(email))
      .withCsrfToken()
      .redirects(0)

    const user = await User.findByOrFail('email', email)
    assert.equal(user.locale, 'en')
    await workQueuedJobs()
    mails.assertSent(AccountMail, accountMail('verify_email', email, 'en'))
  })

  test('the check-inbox page names the address the mail went to', async ({ client }) => {
    const email = uniqueEmail('inbox')
    const signup = await client.post('/signup').form(validForm(email)).withCsrfToken().redirects(0)

    const response = await client.get('/signup/check-inbox').usingSession(sessionIdOf(signup))

    response.assertStatus(200)
    response.assertTextIncludes(zh('auth.check_inbox_title'))
    response.assertTextIncludes(email)
  })

  test('signing up with a registered address answers like a new sign-up, creates nothing and mails the owner', async ({
    client,
    assert,
  }) => {
    const owner = await UserFactory.merge({ email: uniqueEmail('owner') }).create()
    const passwordBefore = owner.password
    const usersBefore = await countRows('users')
    const tokensBefore = await countRows('email_tokens')
    const { mails } = mail.fake()

    const response = await client
      .post('/signup')
      .form({ ...validForm(owner.email.toUpperCase()), displayName: 'Intruder' })
      .withCsrfToken()
      .redirects(0)

    // exactly what a new address gets
    response.assertStatus(302)
    response.assertHeader('location', '/signup/check-inbox')
    response.assertSession('signup_email', owner.email)
    response.assertFlashMissing('inputErrorsBag')

    assert.equal(await countRows('users'), usersBefore)
    assert.equal(await countRows('email_tokens'), tokensBefore)
    await owner.refresh()
    assert.equal(owner.password, passwordBefore)
    assert.notEqual(owner.displayName, 'Intruder')

    await workQueuedJobs()
    mails.assertSentCount(AccountMail, 1)
    mails.assertSent(AccountMail, accountMail('already_registered', owner.email, owner.locale))
    mails.assertNotSent(AccountMail, accountMail('verify_email', owner.email, owner.locale))
    const [sent] = mails.sent(accountMail('already_registered', owner.email, owner.locale))
    assert.equal(await linkIn(sent as AccountMail), '/login')
  })

  test('an empty form is refused with a message for each field and creates nothing', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const usersBefore = await countRows('users')

    const response = await client
      .post('/signup')
      .form({ displayName: '', email: '', password: '' })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    const errors = fieldErrors(response)
    assert.deepEqual(errors.displayName, [
      zh('validator.shared.messages.required', { field: '昵称' }),
    ])
    assert.deepEqual(errors.email, [zh('validator.shared.messages.required', { field: '邮箱' })])
    assert.deepEqual(errors.password, [zh('validator.shared.messages.required', { field: '密码' })])
    assert.equal(await countRows('users'), usersBefore)
    await workQueuedJobs()
    mails.assertNoneSent()
  })

  test('an invalid email address is refused', async ({ client, assert }) => {
    const usersBefore = await countRows('users')

    const response = await client
      .post('/signup')
      .form(validForm('not-an-email'))
      .withCsrfToken()
      .redirects(0)

    assert.deepEqual(fieldErrors(response), { email: [zh('validator.shared.messages.email')] })
    assert.equal(await countRows('users'), usersBefore)
  })

  test('an email address longer than 254 characters is refused', async ({ client, assert }) => {
    const usersBefore = await countRows('users')

    const response = await client
      .post('/signup')
      .form(
        validForm(`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`)
      )
      .withCsrfToken()
      .redirects(0)

    assert.property(fieldErrors(response), 'email')
    assert.equal(await countRows('users'), usersBefore)
  })

  test('a password shorter than 8 or longer than 72 characters is refused', async ({
    client,
    assert,
  }) => {
    const usersBefore = await countRows('users')

    for (const password of ['short', 'x'.repeat(73)]) {
      const response = await client
        .post('/signup')
        .form({ ...validForm(uniqueEmail('pw')), password })
        .withCsrfToken()
        .redirects(0)

      assert.deepEqual(Object.keys(fieldErrors(response)), ['password'])
    }
    assert.equal(await countRows('users'), usersBefore)
  })

  test('a display name longer than 50 characters is refused, 50 is fine', async ({
    client,
    assert,
  }) => {
    const tooLong = await client
      .post('/signup')
      .form({ ...validForm(uniqueEmail('long')), displayName: '长'.repeat(51) })
      .withCsrfToken()
      .redirects(0)
    assert.deepEqual(Object.keys(fieldErrors(tooLong)), ['displayName'])

    const email = uniqueEmail('fifty')
    const fifty = await client
      .post('/signup')
      .form({ ...validForm(email), displayName: '长'.repeat(50) })
      .withCsrfToken()
      .redirects(0)
    fifty.assertHeader('location', '/signup/check-inbox')
    const user = await User.findByOrFail('email', email)
    assert.equal(user.displayName, '长'.repeat(50))
  })

  test('fields sent as lists instead of text are refused', async ({ client, assert }) => {
    const usersBefore = await countRows('users')

    const response = await client
      .post('/signup')
      .form({
        displayName: ['a', 'b'],
        email: [uniqueEmail(), uniqueEmail()],
        password: ['x', 'y'],
      })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    assert.properties(fieldErrors(response), ['displayName', 'email', 'password'])
    assert.equal(await countRows('users'), usersBefore)
  })

  test('the password is never flashed back into the form', async ({ client }) => {
    const response = await client
      .post('/signup')
      .form({ ...validForm('bad-email'), password: 'secret password' })
      .withCsrfToken()
      .redirects(0)

    response.assertFlashMessage('displayName', '小林')
    response.assertFlashMissing('password')
  })

  test('a sign-up without the CSRF token is refused with the 419 page and creates nothing', async ({
    client,
    assert,
  }) => {
    const usersBefore = await countRows('users')

    const response = await client
      .post('/signup')
      .form(validForm(uniqueEmail('csrf')))
      .redirects(0)

    response.assertStatus(419)
    assert.equal(await countRows('users'), usersBefore)
    response.assertTextIncludes(zh('errors.419.title'))
  })

  test('the 11th sign-up from one IP within an hour is refused with 429', async ({
    client,
    assert,
  }) => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await client
        .post('/signup')
        .form(validForm(uniqueEmail(`ip${attempt}`)))
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
    }

    const email = uniqueEmail('eleventh')
    const response = await client
      .post('/signup')
      .form(validForm(email))
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(429)
    assert.isNull(await User.findBy('email', email))
  })
})
