import { createHash } from 'node:crypto'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import User from '#identity/models/user'
import { countRows, en, fieldErrors, isolateEachTest, sessionIdOf, zh } from '#tests/helpers'

const newToken = (changes: Record<string, unknown> = {}) => ({
  name: 'Notes sync',
  scopes: ['profile:read', 'fields:read'],
  expiry: '30',
  ...changes,
})

const DAY_MS = 24 * 3600 * 1000

test.group('API tokens settings', (group) => {
  isolateEachTest(group)

  test('a guest is sent to the login page', async ({ client }) => {
    const page = await client.get('/settings/tokens').redirects(0)
    page.assertStatus(302)
    page.assertHeader('location', '/login')

    const create = await client
      .post('/settings/tokens')
      .form(newToken())
      .withCsrfToken()
      .redirects(0)
    create.assertStatus(302)
    create.assertHeader('location', '/login')

    const revoke = await client.post('/settings/tokens/1/revoke').withCsrfToken().redirects(0)
    revoke.assertStatus(302)
    revoke.assertHeader('location', '/login')
  })

  test('the tokens page has the form, its settings tab and an empty list', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()

    const response = await client.get('/settings/tokens').loginAs(user)

    response.assertStatus(200)
    response.assertHeader('cache-control', 'no-store')
    response.assertTextIncludes(`<h1>${en('tokens.title')}</h1>`)
    response.assertTextIncludes(`href="/settings/tokens" aria-current="page">${en('tokens.nav')}`)
    response.assertTextIncludes('action="/settings/tokens"')
    response.assertTextIncludes('value="profile:read"')
    response.assertTextIncludes('value="fields:read"')
    response.assertTextIncludes(en('tokens.expiry_option.365'))
    response.assertTextIncludes(en('tokens.empty'))
    assert.notInclude(response.text(), 'style=')
  })

  test('the page is in Chinese for a Chinese user, with a link in the account menu', async ({
    client,
  }) => {
    const user = await UserFactory.apply('chinese').create()

    const response = await client.get('/settings/profile').loginAs(user)

    response.assertTextIncludes(`<a href="/settings/tokens">${zh('tokens.nav')}</a>`)
    const page = await client.get('/settings/tokens').loginAs(user)
    page.assertTextIncludes(zh('tokens.lead'))
    page.assertTextIncludes(zh('tokens.scope.profile:read'))
  })

  test('a new token is shown once, on the next page, and only its hash is stored', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()

    const response = await client
      .post('/settings/tokens')
      .loginAs(user)
      .form(newToken())
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/settings/tokens')
    response.assertFlashMessage('success', en('tokens.created'))
    const flashed = response.flashMessage('newToken') as { name: string; value: string }
    assert.equal(flashed.name, 'Notes sync')
    assert.match(flashed.value, /^mgp_[\w-]+\.[\w-]+$/)

    const rows = await db.from('auth_access_tokens').where('tokenable_id', user.id)
    assert.lengthOf(rows, 1)
    const [row] = rows
    assert.equal(row.name, 'Notes sync')
    assert.deepEqual(JSON.parse(row.abilities), ['profile:read', 'fields:read'])
    assert.isNull(row.last_used_at)
    assert.closeTo(row.expires_at.getTime(), Date.now() + 30 * DAY_MS, 60_000)
    // the row holds the SHA-256 of the secret, never the token itself
    const secret = Buffer.from(flashed.value.split('.')[1], 'base64url').toString()
    assert.equal(row.hash, createHash('sha256').update(secret).digest('hex'))
    for (const value of Object.values(row)) {
      assert.notInclude(String(value), secret)
    }

    // the next page shows it once …
    const sessionId = sessionIdOf(response)
    const next = await client.get('/settings/tokens').usingSession(sessionId)
    next.assertStatus(200)
    next.assertHeader('cache-control', 'no-store')
    next.assertTextIncludes(`value="${flashed.value}"`)
    next.assertTextIncludes(en('tokens.new_lead'))
    next.assertTextIncludes('Notes sync')
    // … and never again
    const later = await client.get('/settings/tokens').usingSession(sessionId)
    assert.notInclude(later.text(), flashed.value)
    later.assertTextIncludes('Notes sync')

    // and it opens the API
    const me = await client.get('/api/v1/me').bearerToken(flashed.value)
    me.assertStatus(200)
    assert.equal(me.body().user.id, user.id)
  })

  test('a token can be made to never expire, or to last a year', async ({ client, assert }) => {
    const user = await UserFactory.create()

    for (const expiry of ['never', '365']) {
      const response = await client
        .post('/settings/tokens')
        .loginAs(user)
        .form(newToken({ name: `expiry ${expiry}`, scopes: ['fields:read'], expiry }))
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(302)
    }

    const never = await db.from('auth_access_tokens').where('name', 'expiry never').firstOrFail()
    assert.isNull(never.expires_at)
    assert.deepEqual(JSON.parse(never.abilities), ['fields:read'])
    const year = await db.from('auth_access_tokens').where('name', 'expiry 365').firstOrFail()
    assert.closeTo(year.expires_at.getTime(), Date.now() + 365 * DAY_MS, 60_000)
  })

  test('bad input is refused with a clear message and creates nothing', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: '' }, 'name', en('validator.shared.messages.name.required')],
      [{ name: '   ' }, 'name', en('validator.shared.messages.name.required')],
      [{ name: 'x'.repeat(61) }, 'name', 'The name can have at most 60 characters'],
      [{ scopes: undefined }, 'scopes', en('validator.shared.messages.scopes.required')],
      [{ scopes: 'admin:write' }, 'scopes.0', en('validator.shared.messages.scopes.*.enum')],
      [{ scopes: ['admin:write'] }, 'scopes.0', en('validator.shared.messages.scopes.*.enum')],
      [
        { scopes: ['profile:read', 'everything'] },
        'scopes.1',
        en('validator.shared.messages.scopes.*.enum'),
      ],
      [{ expiry: '7' }, 'expiry', 'Please choose a valid expiration'],
      [{ expiry: undefined }, 'expiry', en('validator.shared.messages.expiry.required')],
    ]

    for (const [changes, field, message] of cases) {
      const response = await client
        .post('/settings/tokens')
        .loginAs(user)
        .form(newToken(changes))
        .withCsrfToken()
        .redirects(0)

      response.assertStatus(302)
      response.assertHeader('location', '/')
      assert.deepEqual(fieldErrors(response)[field], [message], JSON.stringify(changes))
      assert.isUndefined(response.flashMessage('newToken'))
    }
    assert.equal(await countRows('auth_access_tokens'), 0)
  })

  test('the messages follow the user’s language and are shown next to the form', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.apply('chinese').create()

    const response = await client
      .post('/settings/tokens')
      .loginAs(user)
      .header('referer', '/settings/tokens')
      .form(newToken({ name: '', scopes: undefined }))
      .withCsrfToken()
      .redirects(0)

    response.assertHeader('location', '/settings/tokens')
    assert.deepEqual(fieldErrors(response), {
      name: ['请填写名称'],
      scopes: ['请至少选择一个权限范围'],
    })
    const page = await client.get('/settings/tokens').usingSession(sessionIdOf(response))
    page.assertTextIncludes('<p class="error" id="field-name-error">请填写名称</p>')
    page.assertTextIncludes('<p class="error" id="scopes-error">请至少选择一个权限范围</p>')
    assert.equal(await countRows('auth_access_tokens'), 0)
  })

  test('a script posting JSON gets 422 with the messages', async ({ client, assert }) => {
    const user = await UserFactory.create()

    const response = await client
      .post('/settings/tokens')
      .loginAs(user)
      .accept('json')
      .json(newToken({ name: 'x'.repeat(61), scopes: [] }))
      .withCsrfToken()

    response.assertStatus(422)
    const messages = (response.body().errors as { field: string; message: string }[]).map(
      ({ field, message }) => [field, message]
    )
    assert.deepEqual(messages, [
      ['name', 'The name can have at most 60 characters'],
      ['scopes', en('validator.shared.messages.scopes.array.minLength')],
    ])
    assert.equal(await countRows('auth_access_tokens'), 0)
  })

  test('the list shows the user’s own tokens only, with their facts', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const stranger = await UserFactory.create()
    await User.accessTokens.create(user, ['profile:read'], { name: 'Laptop script' })
    const used = await User.accessTokens.create(user, ['fields:read'], {
      name: 'Field mirror',
      expiresIn: '90 days',
    })
    await User.accessTokens.create(stranger, ['profile:read'], { name: 'Stranger token' })
    await client.get('/api/v1/fields').bearerToken(used.value!.release())

    const response = await client.get('/settings/tokens').loginAs(user)

    response.assertStatus(200)
    const html = response.text()
    assert.include(html, 'Laptop script')
    assert.include(html, 'Field mirror')
    assert.notInclude(html, 'Stranger token')
    // newest first
    assert.isBelow(html.indexOf('Field mirror'), html.indexOf('Laptop script'))
    assert.include(html, '<code>profile:read</code>')
    assert.include(html, '<code>fields:read</code>')
    // the laptop script never used its token and never expires; the mirror did and does
    assert.equal(html.split(en('tokens.never_used')).length - 1, 1)
    assert.equal(html.split(`<dd>${en('tokens.never_expires')}</dd>`).length - 1, 1)
    assert.equal(html.split('/revoke"').length - 1, 2)
    assert.notInclude(html, en('tokens.empty'))
  })

  test('an expired token is marked as expired', async ({ client }) => {
    const user = await UserFactory.create()
    const token = await User.accessTokens.create(user, ['profile:read'], { name: 'Old one' })
    await db
      .from('auth_access_tokens')
      .where('id', token.identifier as number)
      .update({ expires_at: new Date(Date.now() - DAY_MS) })

    const response = await client.get('/settings/tokens').loginAs(user)

    response.assertTextIncludes(en('tokens.expired'))
  })

  test('revoking a token removes it, and it stops working', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const token = await User.accessTokens.create(user, ['profile:read'], { name: 'To revoke' })
    const kept = await User.accessTokens.create(user, ['profile:read'], { name: 'To keep' })
    const value = token.value!.release()
    const before = await client.get('/api/v1/me').bearerToken(value)
    before.assertStatus(200)

    const response = await client
      .post(`/settings/tokens/${token.identifier}/revoke`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', '/settings/tokens')
    response.assertFlashMessage('success', en('tokens.revoked'))
    assert.equal(await countRows('auth_access_tokens', { id: token.identifier }), 0)
    assert.equal(await countRows('auth_access_tokens', { id: kept.identifier }), 1)
    const refused = await client.get('/api/v1/me').bearerToken(value)
    refused.assertStatus(401)
    const page = await client.get('/settings/tokens').loginAs(user)
    assert.notInclude(page.text(), 'To revoke')
  })

  test('someone else’s token cannot be revoked: 404, and it keeps working', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const stranger = await UserFactory.create()
    const theirs = await User.accessTokens.create(stranger, ['profile:read'], { name: 'Theirs' })

    // theirs, one that does not exist, and ids that cannot be token ids
    for (const id of [theirs.identifier, 987654321, 'abc', '1.5', '99999999999999999999']) {
      const response = await client
        .post(`/settings/tokens/${id}/revoke`)
        .loginAs(user)
        .withCsrfToken()
        .redirects(0)
      response.assertStatus(404)
    }

    assert.equal(await countRows('auth_access_tokens', { id: theirs.identifier }), 1)
    const stillWorks = await client.get('/api/v1/me').bearerToken(theirs.value!.release())
    stillWorks.assertStatus(200)
  })

  test('revoking needs the CSRF token', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const token = await User.accessTokens.create(user, ['profile:read'], { name: 'Mine' })

    const response = await client
      .post(`/settings/tokens/${token.identifier}/revoke`)
      .loginAs(user)
      .redirects(0)

    response.assertStatus(419)
    assert.equal(await countRows('auth_access_tokens', { id: token.identifier }), 1)
  })
})
