import { BasePolicy } from '@adonisjs/bouncer'
import type User from '#identity/models/user'
import { verifiedEmailFor } from '#identity/policies/verified_email'

/**
 * Personal access tokens: a token outlives sessions and acts outside the
 * site, so only an account whose address is verified creates one. Listing and
 * revoking one's own tokens stays open to everyone.
 */
export default class ApiTokenPolicy extends BasePolicy {
  create(user: User) {
    return verifiedEmailFor(user, 'tokens.create')
  }
}
