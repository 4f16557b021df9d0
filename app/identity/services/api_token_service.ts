import { Exception } from '@adonisjs/core/exceptions'
import type { Secret } from '@adonisjs/core/helpers'
import type { LucidModel } from '@adonisjs/lucid/types/model'
import { AccessToken, DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'
import type { DbAccessTokensProviderOptions } from '@adonisjs/auth/types/access_tokens'
import type User from '#identity/models/user'

/** What a token may be used for (its "abilities" in the access-tokens guard). */
export const API_SCOPES = ['profile:read', 'fields:read'] as const
export type ApiScope = (typeof API_SCOPES)[number]

/** How long a new token lives: never expires, or a number of days. */
export const TOKEN_EXPIRIES = ['never', '30', '90', '365'] as const
export type TokenExpiry = (typeof TOKEN_EXPIRIES)[number]

/** The API was called with a valid token that was not given the scope it needs. */
export class MissingScopeError extends Exception {
  static status = 403
  static code = 'E_MISSING_SCOPE'

  constructor(readonly scope: ApiScope) {
    super(`The token lacks the "${scope}" scope`)
  }
}

/** Token ids are bigserial: anything else in a token would make PostgreSQL fail the query. */
const TOKEN_ID = /^[1-9]\d{0,15}$/

/**
 * The access-tokens guard's database provider, with two changes to `verify`:
 * a token whose id part is not a number is refused before it reaches the
 * database (PostgreSQL would fail the query: a 500 instead of a 401), and
 * `last_used_at` only moves when the token is valid, so that "last used" on
 * the settings page never shows the attempts of someone guessing ids.
 */
export class ApiTokensProvider<Model extends LucidModel> extends DbAccessTokensProvider<Model> {
  static forModel<Model extends LucidModel>(
    model: Model,
    options: Omit<DbAccessTokensProviderOptions<Model>, 'tokenableModel'>
  ) {
    return new ApiTokensProvider<Model>({ tokenableModel: model, ...options })
  }

  async verify(tokenValue: Secret<string>) {
    const decoded = AccessToken.decode(this.prefix, tokenValue.release())
    if (!decoded || !TOKEN_ID.test(decoded.identifier)) return null

    const db = await this.getDb()
    const row = await db.from(this.table).where({ id: decoded.identifier, type: this.type }).first()
    if (!row) return null
    const token = this.dbRowToAccessToken(row)
    if (!token.verify(decoded.secret) || token.isExpired()) return null

    token.lastUsedAt = new Date()
    await db
      .from(this.table)
      .where({ id: row.id, type: this.type })
      .update({ last_used_at: token.lastUsedAt })
    return token
  }
}

/** user.ts imports this file for its tokens provider, so the model is loaded lazily here. */
async function tokensOf() {
  const { default: UserModel } = await import('#identity/models/user')
  return UserModel.accessTokens
}

export type NewApiToken = { name: string; scopes: ApiScope[]; expiry: TokenExpiry }

/**
 * Personal access tokens: created in the settings (the value is shown once
 * and only its hash is stored), listed, revoked; and the scope check of the
 * JSON API.
 */
export const apiTokenService = {
  /** The user's tokens, newest first (expired ones too, until revoked). */
  async list(user: User) {
    const provider = await tokensOf()
    const tokens = await provider.all(user)
    return tokens.sort((a, b) => Number(b.identifier) - Number(a.identifier))
  },

  /** A new token; its `value` can be read once, right now, and is never stored. */
  async create(user: User, { name, scopes, expiry }: NewApiToken) {
    const provider = await tokensOf()
    return provider.create(user, [...new Set(scopes)], {
      name,
      expiresIn: expiry === 'never' ? undefined : `${expiry} days`,
    })
  },

  /** Deletes one of the user's tokens; false when it is not theirs (or gone). */
  async revoke(user: User, tokenId: string | number) {
    if (!TOKEN_ID.test(String(tokenId))) return false
    const provider = await tokensOf()
    return (await provider.delete(user, tokenId)) > 0
  },

  /** The API's permission check: the request's token must carry the scope. */
  authorize(token: AccessToken, scope: ApiScope) {
    if (!token.allows(scope)) throw new MissingScopeError(scope)
  },
}
