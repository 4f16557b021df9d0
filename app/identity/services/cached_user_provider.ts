import { SessionLucidUserProvider } from '@adonisjs/auth/session'
import type User from '#identity/models/user'
import { accountCache } from '#identity/services/account_cache'

/**
 * The session guard's user provider: the user (and, for the same request,
 * their identities) from the account cache instead of a query per request.
 * Remember-me tokens and everything else work as in Lucid's provider.
 */
export class CachedUserProvider extends SessionLucidUserProvider<typeof User> {
  async findById(identifier: string | number | bigint) {
    const account = await accountCache.find(Number(identifier))
    return account ? this.createUserForGuard(account.user) : null
  }
}
