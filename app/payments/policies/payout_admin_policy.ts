import { BasePolicy } from '@adonisjs/bouncer'

/** The payout queue, and every decision in it: admins only (moderators neither see nor decide). */
export default class PayoutAdminPolicy extends BasePolicy {
  manage(user: { isAdmin: boolean }) {
    return user.isAdmin
  }
}
