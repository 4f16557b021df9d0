import type { Secret } from '@adonisjs/core/helpers'
import type { LucidModel } from '@adonisjs/lucid/types/model'
import { AccessToken, DbAccessTokensProvider } from '@adonisjs/auth/access_tokens'
import type { DbAccessTokensProviderOptions } from '@adonisjs/auth/types/access_tokens'

/** Token ids are bigserial: anything else in a token would make PostgreSQL fail the query. */
export const TOKEN_ID = /^[1-9]\d{0,15}$/

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
