import { BasePolicy } from '@adonisjs/bouncer'
import type User from '#identity/models/user'

/** The field catalogue (领域) is run by admins; moderators and everyone else only read it. */
export default class FieldPolicy extends BasePolicy {
  /** Admins may do anything with fields; for the others each action decides. */
  before(user: User | null) {
    if (user?.isAdmin) return true
  }

  /** Create, edit, (de)activate fields and set their covers: admins only. */
  manage(user: User) {
    return user.isAdmin
  }
}
