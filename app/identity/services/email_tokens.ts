import { createHash, randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

export type TokenPurpose = 'verify_email' | 'reset_password'

const LIFETIME: Record<TokenPurpose, { hours: number }> = {
  verify_email: { hours: 24 },
  reset_password: { hours: 1 },
}

const digest = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * Single-use, expiring links sent by mail. Only a hash of the token is
 * stored, so a database leak reveals no usable link.
 */
export const emailTokens = {
  async issue(
    userId: number,
    purpose: TokenPurpose,
    email: string,
    trx?: TransactionClientContract
  ) {
    const token = randomBytes(32).toString('base64url')
    const client = trx ?? db
    // a new link replaces the previous unused ones of the same kind
    await client
      .from('email_tokens')
      .where({ user_id: userId, purpose })
      .whereNull('used_at')
      .delete()
    await client.table('email_tokens').insert({
      user_id: userId,
      purpose,
      email,
      token_hash: digest(token),
      expires_at: DateTime.now().plus(LIFETIME[purpose]).toJSDate(),
      created_at: new Date(),
    })
    return token
  },

  /**
   * Marks the token used and returns its row, or null when it is unknown,
   * used or expired. The UPDATE … RETURNING makes "single use" hold even
   * when the same link is opened twice at once.
   */
  async consume(token: string, purpose: TokenPurpose, trx: TransactionClientContract) {
    const rows = await trx
      .from('email_tokens')
      .where({ token_hash: digest(token), purpose })
      .whereNull('used_at')
      .where('expires_at', '>', new Date())
      .update({ used_at: new Date() })
      .returning(['user_id', 'email'])
    const row = rows[0] as { user_id: string | number; email: string } | undefined
    return row ? { userId: Number(row.user_id), email: row.email } : null
  },

  /** Whether a token is still usable, without using it (to show the reset form). */
  async isValid(token: string, purpose: TokenPurpose) {
    const row = await db
      .from('email_tokens')
      .where({ token_hash: digest(token), purpose })
      .whereNull('used_at')
      .where('expires_at', '>', new Date())
      .first()
    return Boolean(row)
  },
}
