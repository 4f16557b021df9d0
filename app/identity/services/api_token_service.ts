import type { AccessToken } from '@adonisjs/auth/access_tokens'
import User from '#identity/models/user'
import { TOKEN_ID } from '#identity/services/api_tokens_provider'
import { DomainError } from '#shared/errors/domain_error'

/** What a token may be used for (its "abilities" in the access-tokens guard). */
export const API_SCOPES = ['profile:read', 'fields:read'] as const
export type ApiScope = (typeof API_SCOPES)[number]

/** How long a new token lives: never expires, or a number of days. */
export const TOKEN_EXPIRIES = ['never', '30', '90', '365'] as const
export type TokenExpiry = (typeof TOKEN_EXPIRIES)[number]

/** The API was called with a valid token that was not given the scope it needs. */
export class MissingScopeError extends DomainError {
  static status = 403
  static code = 'E_MISSING_SCOPE'

  constructor(readonly scope: ApiScope) {
    super('tokens.problems.missing_scope', { scope })
  }
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
    const provider = User.accessTokens
    const tokens = await provider.all(user)
    return tokens.sort((a, b) => Number(b.identifier) - Number(a.identifier))
  },

  /** A new token; its `value` can be read once, right now, and is never stored. */
  async create(user: User, { name, scopes, expiry }: NewApiToken) {
    const provider = User.accessTokens
    return provider.create(user, [...new Set(scopes)], {
      name,
      expiresIn: expiry === 'never' ? undefined : `${expiry} days`,
    })
  },

  /** Deletes one of the user's tokens; false when it is not theirs (or gone). */
  async revoke(user: User, tokenId: string | number) {
    if (!TOKEN_ID.test(String(tokenId))) return false
    const provider = User.accessTokens
    return (await provider.delete(user, tokenId)) > 0
  },

  /** The API's permission check: the request's token must carry the scope. */
  authorize(token: AccessToken, scope: ApiScope) {
    if (!token.allows(scope)) throw new MissingScopeError(scope)
  },
}
