import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import env from '#start/env'
import type { ApiResponse } from '@japa/api-client'
import { UserFactory } from '#database/factories/user_factory'
import Field from '#identity/models/field'
import User from '#identity/models/user'
import { fieldCatalogue } from '#identity/services/field_catalogue'
import { en, isolateEachTest, zh } from '#tests/helpers'

type Scope = 'profile:read' | 'fields:read'

async function tokenFor(user: User, scopes: Scope[] = ['profile:read', 'fields:read']) {
  const token = await User.accessTokens.create(user, scopes, { name: 'test script' })
  return { id: Number(token.identifier), value: token.value!.release() }
}

async function lastUsedAt(tokenId: number) {
  const row = await db.from('auth_access_tokens').where('id', tokenId).firstOrFail()
  return row.last_used_at as Date | null
}

function fieldRow(slug: string, changes: Partial<Field> = {}) {
  return Field.create({
    slug,
    nameZh: `陶艺-${slug}`,
    nameEn: `Ceramics ${slug}`,
    descriptionZh: '泥与火',
    descriptionEn: 'Clay and fire',
    sortOrder: 1,
    active: true,
    ...changes,
  })
}

/** An RFC 9457 problem: its media type and its body, in the language given. */
function assertProblem(
  response: ApiResponse,
  status: number,
  detail: string,
  t: (key: string, data?: Record<string, unknown>) => string = zh
) {
  response.assertStatus(status)
  response.assertHeader('content-type', 'application/problem+json; charset=utf-8')
  response.assertBody({
    type: 'about:blank',
    title: t(`tokens.problems.${status}.title`),
    status,
    detail,
  })
}

test.group('JSON API v1', (group) => {
  isolateEachTest(group)
  group.each.setup(() => fieldCatalogue.forget())

  test('/me returns the token owner and their identities', async ({ client, assert }) => {
    const user = await UserFactory.merge({
      displayName: 'Master Lin',
      locale: 'zh-CN',
      timeZone: 'Asia/Shanghai',
    }).create()
    const pottery = await fieldRow('pottery')
    const calligraphy = await fieldRow('calligraphy')
    const [master] = await db
      .table('identities')
      .insert({
        user_id: user.id,
        field_id: pottery.id,
        role: 'master',
        status: 'certified',
        headline: 'Thirty years at the wheel',
        created_at: new Date(Date.now() - 60_000),
        updated_at: new Date(),
      })
      .returning('id')
    const [apprentice] = await db
      .table('identities')
      .insert({
        user_id: user.id,
        field_id: calligraphy.id,
        role: 'apprentice',
        status: 'active',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
    const { value } = await tokenFor(user, ['profile:read'])

    const response = await client.get('/api/v1/me').bearerToken(value)

    response.assertStatus(200)
    assert.match(response.header('content-type') ?? '', /^application\/json/)
    response.assertHeader('cache-control', 'no-store')
    response.assertBody({
      user: {
        id: user.id,
        displayName: 'Master Lin',
        locale: 'zh-CN',
        timeZone: 'Asia/Shanghai',
        avatarUrl: null,
      },
      identities: [
        {
          id: master.id,
          role: 'master',
          status: 'certified',
          headline: 'Thirty years at the wheel',
          field: {
            id: pottery.id,
            slug: 'pottery',
            nameZh: '陶艺-pottery',
            nameEn: 'Ceramics pottery',
          },
        },
        {
          id: apprentice.id,
          role: 'apprentice',
          status: 'active',
          headline: null,
          field: {
            id: calligraphy.id,
            slug: 'calligraphy',
            nameZh: '陶艺-calligraphy',
            nameEn: 'Ceramics calligraphy',
          },
        },
      ],
    })
    // nothing in the answer about the account's secrets
    assert.notInclude(response.text(), user.email)
    assert.notInclude(response.text(), user.password)
  })

  test('/me gives the avatar as an absolute URL', async ({ client, assert }) => {
    const user = await UserFactory.merge({
      avatarKey: '0b5e2b8e-6c55-4d7c-9a53-2f6f2b1f0c11',
    }).create()
    const { value } = await tokenFor(user)

    const response = await client.get('/api/v1/me').bearerToken(value)

    assert.match(
      response.body().user.avatarUrl,
      /^https?:\/\/[^/]+\/avatars\/0b5e2b8e-6c55-4d7c-9a53-2f6f2b1f0c11\?s=256$/
    )
  })

  test('a call records when the token was last used', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const token = await tokenFor(user)
    assert.isNull(await lastUsedAt(token.id))

    await client.get('/api/v1/me').bearerToken(token.value)

    const used = await lastUsedAt(token.id)
    assert.isNotNull(used)
    assert.closeTo(used!.getTime(), Date.now(), 10_000)
  })

  test('without a token: 401 problem details, in Chinese by default', async ({ client }) => {
    for (const path of ['/api/v1/me', '/api/v1/fields']) {
      const response = await client.get(path)

      assertProblem(response, 401, zh('tokens.problems.401.detail'))
      response.assertHeader('www-authenticate', 'Bearer realm="api"')
      response.assertHeader('content-language', 'zh-CN')
    }
  })

  test('a malformed, forged or unknown token is 401 and marks no token as used', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const real = await tokenFor(user)
    const [, secret] = real.value.split('.')
    const b64 = (text: string) => Buffer.from(text).toString('base64url')

    for (const authorization of [
      'Bearer',
      'Bearer nonsense',
      'Bearer mgp_',
      'Bearer mgp_.',
      `Basic ${b64(`${user.email}:secret`)}`,
      `Token ${real.value}`,
      // not a number where the id goes, or too large a number for the column
      `Bearer mgp_${b64('abc')}.${secret}`,
      `Bearer mgp_${b64('99999999999999999999999')}.${secret}`,
      // the real id with another secret, the real secret with another id
      `Bearer mgp_${b64(String(real.id))}.${b64('not the secret')}`,
      `Bearer mgp_${b64(String(real.id + 1000))}.${secret}`,
      // the real token with another prefix
      `Bearer oat_${real.value.slice(4)}`,
    ]) {
      const response = await client.get('/api/v1/me').header('authorization', authorization)

      assertProblem(response, 401, zh('tokens.problems.invalid_token'))
      response.assertHeader('www-authenticate', 'Bearer realm="api", error="invalid_token"')
    }
    assert.isNull(await lastUsedAt(real.id))
  })

  test('an expired token is 401', async ({ client }) => {
    const user = await UserFactory.create()
    const token = await tokenFor(user)
    await db
      .from('auth_access_tokens')
      .where('id', token.id)
      .update({ expires_at: new Date(Date.now() - 1000) })

    const response = await client.get('/api/v1/me').bearerToken(token.value)

    assertProblem(response, 401, zh('tokens.problems.invalid_token'))
  })

  test('a revoked token is 401', async ({ client }) => {
    const user = await UserFactory.create()
    const token = await tokenFor(user)
    const before = await client.get('/api/v1/me').bearerToken(token.value)
    before.assertStatus(200)

    await client
      .post(`/settings/tokens/${token.id}/revoke`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    const response = await client.get('/api/v1/me').bearerToken(token.value)

    assertProblem(response, 401, zh('tokens.problems.invalid_token'))
  })

  test('a token of a deleted account is 401', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const token = await tokenFor(user)

    await user.delete()
    const response = await client.get('/api/v1/me').bearerToken(token.value)

    response.assertStatus(401)
    // its tokens went with it
    assert.isNull(await db.from('auth_access_tokens').where('id', token.id).first())
  })

  test('a token without the scope an endpoint needs gets 403', async ({ client }) => {
    const user = await UserFactory.create()
    const fieldsOnly = await tokenFor(user, ['fields:read'])
    const profileOnly = await tokenFor(user, ['profile:read'])

    const me = await client.get('/api/v1/me').bearerToken(fieldsOnly.value)
    assertProblem(me, 403, zh('tokens.problems.missing_scope', { scope: 'profile:read' }))
    me.assertHeader(
      'www-authenticate',
      'Bearer realm="api", error="insufficient_scope", scope="profile:read"'
    )
    const fields = await client.get('/api/v1/fields').bearerToken(profileOnly.value)
    assertProblem(fields, 403, zh('tokens.problems.missing_scope', { scope: 'fields:read' }))

    // each token can still do what it was made for
    const fieldsAllowed = await client.get('/api/v1/fields').bearerToken(fieldsOnly.value)
    fieldsAllowed.assertStatus(200)
    const meAllowed = await client.get('/api/v1/me').bearerToken(profileOnly.value)
    meAllowed.assertStatus(200)
  })

  test('/fields lists the active fields only, in their order', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const second = await fieldRow('weaving', { sortOrder: 20 })
    const first = await fieldRow('tea', { sortOrder: 10 })
    await fieldRow('retired', { active: false })
    const { value } = await tokenFor(user, ['fields:read'])

    const response = await client.get('/api/v1/fields').bearerToken(value)

    response.assertStatus(200)
    const fields = response.body().fields as { id: number; slug: string }[]
    const slugs = fields.map((field) => field.slug)
    assert.notInclude(slugs, 'retired')
    assert.isBelow(slugs.indexOf('tea'), slugs.indexOf('weaving'))
    assert.deepEqual(
      fields.find((field) => field.id === first.id),
      {
        id: first.id,
        slug: 'tea',
        nameZh: '陶艺-tea',
        nameEn: 'Ceramics tea',
        descriptionZh: '泥与火',
        descriptionEn: 'Clay and fire',
      }
    )
    assert.isDefined(fields.find((field) => field.id === second.id))
  })

  test('a session cookie alone does not open the API', async ({ client }) => {
    const user = await UserFactory.create()

    const response = await client.get('/api/v1/me').loginAs(user)

    assertProblem(response, 401, zh('tokens.problems.401.detail'))
  })

  test('a client without cookies leaves no session behind', async ({ assert }) => {
    const user = await UserFactory.create()
    const { value } = await tokenFor(user)
    // a plain HTTP client: the test client always sends a session cookie
    const call = async () => {
      const response = await fetch(`http://${env.get('HOST')}:${env.get('PORT')}/api/v1/me`, {
        headers: { authorization: `Bearer ${value}` },
      })
      assert.equal(response.status, 200)
    }
    // the first call also starts the token's rate-limit counter in Redis
    await call()
    const keys = await redis.dbsize()

    for (let i = 0; i < 3; i++) await call()

    assert.equal(await redis.dbsize(), keys)
  })

  test('61 calls in a minute with one token: the last is 429 with Retry-After', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const busy = await tokenFor(user)
    const other = await tokenFor(user)

    for (let call = 1; call <= 60; call++) {
      const response = await client.get('/api/v1/fields').bearerToken(busy.value)
      response.assertStatus(200)
      if (call === 60) response.assertHeader('x-ratelimit-remaining', '0')
    }
    const limited = await client.get('/api/v1/fields').bearerToken(busy.value)

    assertProblem(
      limited,
      429,
      zh('tokens.problems.429.detail', { retryAfter: limited.header('retry-after') })
    )
    const retryAfter = Number(limited.header('retry-after'))
    assert.isAbove(retryAfter, 0)
    assert.isAtMost(retryAfter, 60)
    // the allowance is per token
    const otherToken = await client.get('/api/v1/fields').bearerToken(other.value)
    otherToken.assertStatus(200)
  }).timeout(30_000)

  test('calls without a valid token share the allowance of their IP', async ({ client }) => {
    for (let call = 1; call <= 60; call++) {
      const guess = await client.get('/api/v1/me').bearerToken('mgp_guess.guess')
      guess.assertStatus(401)
    }

    const limited = await client.get('/api/v1/me')

    limited.assertStatus(429)
    limited.assertHeader('content-type', 'application/problem+json; charset=utf-8')
  }).timeout(30_000)

  test('an unknown /api/ address is a 404 problem, whatever the method', async ({ client }) => {
    const user = await UserFactory.create()
    const { value } = await tokenFor(user)

    for (const response of [
      await client.get('/api/v1/x'),
      await client.get('/api/v1/x').bearerToken(value),
      await client.get('/api/v2/me').bearerToken(value),
      await client.post('/api/v1/me').bearerToken(value),
      await client.delete('/api/v1/fields/1').bearerToken(value),
    ]) {
      assertProblem(response, 404, zh('tokens.problems.404.detail'))
    }
  })

  test('problem details are in English for Accept-Language: en', async ({ client }) => {
    const user = await UserFactory.apply('chinese').create()
    const fieldsOnly = await tokenFor(user, ['fields:read'])

    const missing = await client.get('/api/v1/me').header('accept-language', 'en-US,en;q=0.9')
    assertProblem(missing, 401, en('tokens.problems.401.detail'), en)
    missing.assertHeader('content-language', 'en')

    const forbidden = await client
      .get('/api/v1/me')
      .bearerToken(fieldsOnly.value)
      .header('accept-language', 'en')
    assertProblem(
      forbidden,
      403,
      en('tokens.problems.missing_scope', { scope: 'profile:read' }),
      en
    )

    const unknown = await client.get('/api/v1/nothing').header('accept-language', 'en')
    assertProblem(unknown, 404, en('tokens.problems.404.detail'), en)
  })
})
