import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import hash from '@adonisjs/core/services/hash'
import mail from '@adonisjs/mail/services/main'
import AccountMail from '#identity/mails/account_mail'
import { UserFactory } from '#database/factories/user_factory'
import { isolateEachTest, uniqueEmail, workQueuedJobs } from '#tests/helpers'

/** Counts the passwords hashed (the costly part of a sign-up) while `work` runs. */
async function hashesDuring(work: () => Promise<unknown>) {
  const hasher = hash.use('scrypt')
  const make = hasher.make
  let count = 0
  hasher.make = function (this: typeof hasher, ...args: Parameters<typeof make>) {
    count++
    return make.apply(this, args)
  }
  try {
    await work()
  } finally {
    hasher.make = make
  }
  return count
}

function signUp(client: ApiClient, email: string) {
  return client
    .post('/signup')
    .form({ displayName: '小林', email, password: 'a fine password' })
    .withCsrfToken()
    .redirects(0)
}

/** What a visitor can observe of a sign-up's answer, the address aside. */
async function observed(client: ApiClient, email: string) {
  const response = await signUp(client, email)
  const cookies = Object.keys(response.cookies()).sort()
  return {
    status: response.status(),
    location: response.header('location'),
    body: response.text(),
    cookies,
    sessionEmailIsTheOneSent: response.session('signup_email') === email,
    flash: Object.keys(response.flashMessages() ?? {}).sort(),
  }
}

test.group('Sign-up does not tell which addresses have an account', (group) => {
  isolateEachTest(group)

  test('the answer is the same for a new and a registered address', async ({ client, assert }) => {
    mail.fake()
    const owner = await UserFactory.create()
    const fresh = await observed(client, uniqueEmail('fresh'))
    const taken = await observed(client, owner.email)
    assert.deepEqual(taken, fresh)
  })

  test('the work is the same: one password hashed and one mail either way', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const owner = await UserFactory.create()
    const forNew = await hashesDuring(() => signUp(client, uniqueEmail('fresh')))
    const forTaken = await hashesDuring(() => signUp(client, owner.email))
    assert.equal(forNew, 1)
    assert.equal(forTaken, 1, 'a registered address must cost the same hash as a new one')
    await workQueuedJobs()
    mails.assertSentCount(AccountMail, 2)
  })
})
