import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import { UserFactory } from '#database/factories/user_factory'
import { isolateEachTest } from '#tests/helpers'

/** Past PostgreSQL's bigint, and past a JavaScript number's exact range. */
const HUGE = '99999999999999999999999'
/** Fits a bigint and 15 digits, but not a PostgreSQL integer (int4). */
const PAST_INT4 = '9999999999'

async function admin() {
  const user = await UserFactory.create()
  user.staffRole = 'admin'
  await user.save()
  return user
}

function ask(client: ApiClient, user: User, method: 'GET' | 'POST', url: string) {
  const request = method === 'GET' ? client.get(url) : client.post(url).form({}).withCsrfToken()
  return request.loginAs(user).redirects(0)
}

test.group('Large ids in URLs, forms and query strings', (group) => {
  isolateEachTest(group)

  test('a row id past the database’s range in any URL is a 404, never a 500', async ({
    client,
    assert,
  }) => {
    const user = await admin()
    const answers: string[] = []
    for (const id of [HUGE, PAST_INT4]) {
      for (const [method, url] of [
        ['GET', `/users/${id}`],
        ['GET', `/portfolio/${id}/edit`],
        ['GET', `/certification/evidence/${id}`],
        ['GET', `/certification/applications/${id}`],
        ['GET', `/admin/certifications/${id}`],
        ['GET', `/messages/${id}`],
        ['GET', `/admin/fields/${id}/edit`],
        ['POST', `/admin/fields/${id}`],
        ['POST', `/admin/fields/${id}/toggle`],
        ['POST', `/notifications/${id}/read`],
        ['POST', `/settings/tokens/${id}/revoke`],
        ['POST', `/portfolio/${id}/delete`],
        ['POST', `/users/${id}/message`],
      ] as const) {
        const response = await ask(client, user, method, url)
        answers.push(`${method} ${url} → ${response.status()}`)
      }
    }
    assert.deepEqual(
      answers.filter((answer) => !answer.endsWith('→ 404')),
      []
    )
  })

  test('a huge id in a query string or a form is refused on its field, never a 500', async ({
    client,
    assert,
  }) => {
    const user = await admin()
    const queue = await ask(client, user, 'GET', '/admin/certifications?fieldId=1e308')
    // a page's filter: sent back with the error on the field, as a form would be
    queue.assertStatus(302)
    assert.property(queue.flashMessage('inputErrorsBag') ?? {}, 'fieldId')

    for (const fieldId of ['1e308', HUGE]) {
      const apply = await client
        .post('/certification/apply')
        .loginAs(user)
        .withCsrfToken()
        .redirects(0)
        .form({
          fieldId,
          statement: '我做陶艺二十年，想申请认证大师。'.repeat(3),
          yearsOfPractice: 20,
        })
      apply.assertStatus(302)
      assert.property(apply.flashMessage('inputErrorsBag') ?? {}, 'fieldId')
    }

    const switched = await client
      .post('/identity/switch')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
      .form({ identityId: '1e308' })
    assert.isBelow(switched.status(), 500)
  })
})
