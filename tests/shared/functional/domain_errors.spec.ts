import { test } from '@japa/runner'
import type { HttpContext } from '@adonisjs/core/http'
import { UserFactory } from '#database/factories/user_factory'
import { IdentityFactory } from '#database/factories/identity_factory'
import HttpExceptionHandler from '#shared/exceptions/handler'
import { DomainError, FormError } from '#shared/errors/domain_error'
import { NotYourIdentityError } from '#identity/errors'
import { chatService } from '#chat/index'
import { en, fieldErrors, isolateEachTest, zh } from '#tests/helpers'

/** What the handler logged, by level, through a context that records instead of printing. */
function recordingContext() {
  const levels: string[] = []
  const ctx = {
    request: { id: () => 'test-request' },
    logger: { log: (level: string) => levels.push(level) },
  } as unknown as HttpContext
  return { ctx, levels }
}

test.group('Domain errors: what the handler reports', () => {
  test('a domain error (a 4xx the user reads) is not reported; a fault is, as an error', async ({
    assert,
  }) => {
    const handler = new HttpExceptionHandler()
    const { ctx, levels } = recordingContext()
    await handler.report(new NotYourIdentityError(), ctx)
    await handler.report(new FormError('email', 'auth.email'), ctx)
    assert.deepEqual(levels, [])

    await handler.report(new Error('the disk is on fire'), ctx)
    assert.deepEqual(levels, ['error'])
  })

  test('a domain error names its message key and status, never "Internal server error"', ({
    assert,
  }) => {
    const error = new NotYourIdentityError()
    assert.equal(error.status, 403)
    assert.equal(error.code, 'E_NOT_YOUR_IDENTITY')
    assert.equal(error.message, 'errors.403.message')
    assert.instanceOf(error, DomainError)
  })
})

test.group('Domain errors: one error, the shape each caller needs', (group) => {
  isolateEachTest(group)

  async function strangersIdentity() {
    const user = await UserFactory.apply('chinese').create()
    const stranger = await UserFactory.create()
    const theirs = await IdentityFactory.merge({ userId: stranger.id }).with('field').create()
    return { user, theirs }
  }

  test('a page gets the error page with the status and the message, in the user language', async ({
    client,
    assert,
  }) => {
    const { user, theirs } = await strangersIdentity()
    const response = await client
      .post('/identity/switch')
      .form({ identityId: theirs.id })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(403)
    assert.include(response.text(), `<title>${zh('errors.403.title')}`)
    assert.include(response.text(), zh('errors.403.message'))
  })

  test('htmx asking for a fragment gets {status, message}; a boosted navigation gets the page', async ({
    client,
    assert,
  }) => {
    const [a, b, stranger] = await UserFactory.apply('chinese').createMany(3)
    const { id } = await chatService.directConversation(a.id, b.id)
    const fragment = await client
      .get(`/messages/${id}?before=5`)
      .header('HX-Request', 'true')
      .header('HX-Request-Type', 'partial')
      .loginAs(stranger)
    fragment.assertStatus(403)
    fragment.assertBody({ status: 403, message: zh('chat.errors.not_member') })
    assert.include(String(fragment.header('vary')), 'HX-Request')

    const navigations: Record<string, string>[] = [
      { 'HX-Boosted': 'true' },
      { 'HX-Request-Type': 'full' },
    ]
    for (const boosted of navigations) {
      const page = await client
        .get(`/messages/${id}`)
        .header('HX-Request', 'true')
        .headers(boosted)
        .loginAs(stranger)
      page.assertStatus(403)
      assert.include(page.text(), '<html')
      assert.include(page.text(), zh('chat.errors.not_member'))
      // the error page of a chat refusal leads back to the conversations
      assert.include(page.text(), `href="/messages">${zh('chat.back')}`)
    }
  })

  test('a JSON caller gets {status, message}', async ({ client }) => {
    const [a, b, stranger] = await UserFactory.createMany(3)
    const { id } = await chatService.directConversation(a.id, b.id)
    const response = await client
      .get(`/messages/${id}`)
      .header('accept', 'application/json')
      .loginAs(stranger)
    response.assertStatus(403)
    response.assertBody({ status: 403, message: en('chat.errors.not_member') })
  })

  test('a FormError goes back to the form like a validation error, secrets not refilled', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const response = await client
      .post('/settings/email')
      .form({ email: 'new-address@example.com', currentPassword: 'not my password' })
      .header('referer', '/settings/account')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/settings/account')
    assert.deepEqual(fieldErrors(response), {
      currentPassword: [en('settings.account.wrong_password')],
    })
    assert.equal(response.flashMessage('email'), 'new-address@example.com')
    assert.isUndefined(response.flashMessage('currentPassword'))
  })

  test('a FormError for a JSON caller is a 422 with the field and its message', async ({
    client,
  }) => {
    const user = await UserFactory.create()
    const response = await client
      .post('/settings/email')
      .json({ email: 'new-address@example.com', currentPassword: 'not my password' })
      .header('accept', 'application/json')
      .loginAs(user)
      .withCsrfToken()
    response.assertStatus(422)
    response.assertBody({
      errors: [
        { field: 'currentPassword', rule: 'form', message: en('settings.account.wrong_password') },
      ],
    })
  })
})
