import { BasePolicy } from '@adonisjs/bouncer'
import { verifiedEmailFor, type VerifiableUser } from '#identity/index'

type Buyer = VerifiableUser & { id: number; isAdmin: boolean }
type OwnedOrder = { buyerUserId: number }

/**
 * Who may do what with orders: paying needs a verified email address; an
 * order is seen by its buyer only (another user's order number is a 404);
 * admins see every order and refund.
 */
export default class OrderPolicy extends BasePolicy {
  pay(user: Buyer) {
    return verifiedEmailFor(user, 'payments.pay')
  }

  /** One's own orders: anyone signed in (an empty list for most). */
  list(_user: Buyer) {
    return true
  }

  view(user: Buyer, order: OwnedOrder) {
    return user.id === order.buyerUserId
  }

  manage(user: Buyer) {
    return user.isAdmin
  }
}
