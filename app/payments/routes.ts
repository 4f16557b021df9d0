/*
| The payments module's routes: checkout, orders, the sandbox's page and
| providers' webhooks here; income and payouts in their own files.
*/
import router from '@adonisjs/core/services/router'
import limiter from '@adonisjs/limiter/services/main'
import { middleware } from '#start/kernel'
import { ORDER_NUMBER } from '#payments/services/order_numbers'
import { pagelessRoutes, sessionReadOnlyRoutes } from '#shared/http/pageless_routes'

const CheckoutController = () => import('#payments/controllers/checkout_controller')
const OrdersController = () => import('#payments/controllers/orders_controller')
const SandboxCheckoutController = () => import('#payments/controllers/sandbox_checkout_controller')
const WebhooksController = () => import('#payments/controllers/webhooks_controller')
const AdminOrdersController = () => import('#payments/controllers/admin_orders_controller')

/** Orders made and sandbox choices: 30 a minute per buyer is far past any person's clicking. */
const checkoutThrottle = limiter.define('payments_checkout', (ctx) =>
  limiter
    .allowRequests(30)
    .every('1 minute')
    .usingKey(`payments_checkout_${ctx.auth.user?.id ?? ctx.request.ip()}`)
)

const SANDBOX_PAYMENT = new RegExp(`^sbx_${ORDER_NUMBER.source.slice(1)}`)

/* providers' notifications: no session, no CSRF (the signature is the check) */
router
  .post('/webhooks/:provider', [WebhooksController, 'handle'])
  .as('payments.webhooks')
  .where('provider', /^[a-z]{1,20}$/)
pagelessRoutes.add('payments.webhooks')

/* buying (OrderPolicy 'pay': a verified email address) and the buyer's own orders */
router
  .group(() => {
    router.get('/checkout', [CheckoutController, 'show']).as('payments.checkout')
    router
      .post('/checkout', [CheckoutController, 'store'])
      .as('payments.checkout.store')
      .use(checkoutThrottle)
    router.get('/orders', [OrdersController, 'index']).as('payments.orders')
    router
      .get('/orders/:number', [OrdersController, 'show'])
      .as('payments.orders.show')
      .where('number', ORDER_NUMBER)
    router
      .get('/orders/:number/status', [OrdersController, 'status'])
      .as('payments.orders.status')
      .where('number', ORDER_NUMBER)
    router
      .get('/pay/sandbox/:payment', [SandboxCheckoutController, 'show'])
      .as('payments.sandbox')
      .where('payment', SANDBOX_PAYMENT)
    router
      .post('/pay/sandbox/:payment', [SandboxCheckoutController, 'decide'])
      .as('payments.sandbox.decide')
      .where('payment', SANDBOX_PAYMENT)
      .use(checkoutThrottle)
  })
  .use(middleware.auth())
sessionReadOnlyRoutes.add('payments.orders.status')

/* orders for admins (OrderPolicy 'manage') */
router
  .group(() => {
    router.get('/orders', [AdminOrdersController, 'index']).as('admin.orders')
    router
      .get('/orders/:number', [AdminOrdersController, 'show'])
      .as('admin.orders.show')
      .where('number', ORDER_NUMBER)
    router
      .post('/orders/:number/refunds', [AdminOrdersController, 'refund'])
      .as('admin.orders.refund')
      .where('number', ORDER_NUMBER)
  })
  .prefix('/admin')
  .use(middleware.auth())

/* a master's income and payout requests */
import '#payments/routes_income'

/* the admins' payout queue */
import '#payments/routes_payouts_admin'
