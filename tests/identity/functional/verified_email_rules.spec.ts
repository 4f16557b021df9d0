import { test } from '@japa/runner'
import { Bouncer } from '@adonisjs/bouncer'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory } from '#database/factories/identity_factory'
import { VERIFIED_EMAIL_ACTIONS, verifiedEmail, verifiedEmailFor } from '#identity/index'
import { countRows, en, isolateEachTest } from '#tests/helpers'
import { postApplication } from '#tests/identity/certification_helpers'

test.group('Verified email: applying for certification', (group) => {
  isolateEachTest(group)

  test('an unverified account cannot apply; the form is replaced by the prompt', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.apply('unverified').create()
    const field = await FieldFactory.create()
    const page = await client
      .get('/certification/apply')
      .loginAs(user)
      .header('accept-language', 'en')
    page.assertStatus(200)
    page.assertTextIncludes(en('auth.verify_first.certification_apply'))
    page.assertTextIncludes('action="/verify-email/resend"')
    assert.notInclude(page.text(), 'action="/certification/apply"')

    const response = await postApplication(client, user, field)
    response.assertStatus(403)
    response.assertTextIncludes(en('auth.verify_first.certification_apply'))
    assert.equal(await countRows('identities', { user_id: user.id }), 0)
    assert.equal(await countRows('certification_evidence'), 0)
  })

  test('once verified, the same account applies', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const response = await postApplication(client, user, await FieldFactory.create())
    response.assertStatus(302)
    assert.equal(await countRows('certification_applications', { user_id: user.id }), 1)
  })
})

test.group('Verified email: the rule other modules ask', () => {
  test('every listed action is refused to an unverified account with its own message', async ({
    assert,
  }) => {
    const unverified = await UserFactory.apply('unverified').make()
    const verified = await UserFactory.make()
    for (const action of VERIFIED_EMAIL_ACTIONS) {
      assert.isTrue(verifiedEmailFor(verified, action))
      const denial = verifiedEmailFor(unverified, action)
      assert.notEqual(denial, true)
      if (denial === true) continue
      assert.equal(denial.status, 403)
      assert.equal(denial.prompt, 'identity/_verify_prompt')
      const key = denial.translation!.identifier
      assert.notEqual(en(key), key, `${action} has an English message`)
    }
    assert.isTrue(await new Bouncer(verified).allows(verifiedEmail, 'payments.pay'))
    assert.isFalse(await new Bouncer(unverified).allows(verifiedEmail, 'payments.pay'))
  })
})
