import edge from 'edge.js'
import paymentsConfig from '#config/payments'
import { notificationKinds } from '#realtime/index'
import { jobs } from '#shared/jobs/jobs'
import { accountMenu } from '#shared/http/account_menu'
import { paymentProviders } from '#payments/services/payment_providers'
import { SandboxProvider } from '#payments/providers/sandbox_provider'
import { AlipayProvider } from '#payments/providers/alipay_provider'
import { StripeProvider } from '#payments/providers/stripe_provider'
import { formatMoney } from '#payments/services/money'
import { paymentsNotificationTopic } from '#payments/payments_notifications'
import { receiptMails } from '#payments/mails/receipt_mail'
import { sandboxWebhookJob } from '#payments/jobs/sandbox_webhooks'
import { expireOrdersJob } from '#payments/jobs/expire_orders'

/**
 * What payments adds at boot: the providers configured here, its jobs, its
 * notification kinds and the money helper of its templates. Once per
 * process (a second app booted in one process, in tests, reuses them).
 */
let done = false

export async function setUpPayments() {
  if (done) return
  done = true
  if (paymentsConfig.sandbox.enabled) paymentProviders.register(new SandboxProvider())
  if (AlipayProvider.isConfigured()) paymentProviders.register(new AlipayProvider())
  if (StripeProvider.isConfigured()) paymentProviders.register(new StripeProvider())
  jobs.register(receiptMails.job, sandboxWebhookJob, expireOrdersJob)
  notificationKinds.register(paymentsNotificationTopic)
  /** "¥299.00" from fen */
  edge.global('money', formatMoney)
  accountMenu.register({
    name: 'orders',
    order: 10,
    href: '/orders',
    labelKey: 'payments.orders.title',
  })
  accountMenu.register({
    name: 'admin-orders',
    order: 100,
    href: '/admin/orders',
    labelKey: 'payments.admin.orders_title',
    audience: 'admin',
  })
}
