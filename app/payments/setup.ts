import edge from 'edge.js'
import paymentsConfig from '#config/payments'
import { notificationKinds } from '#realtime/index'
import { dashboardSections } from '#identity/index'
import { jobs } from '#shared/jobs/jobs'
import { accountMenu } from '#shared/http/account_menu'
import { paymentProviders } from '#payments/services/payment_providers'
import { SandboxProvider } from '#payments/providers/sandbox_provider'
import { AlipayProvider } from '#payments/providers/alipay_provider'
import { StripeProvider } from '#payments/providers/stripe_provider'
import { formatMoney, plainYuan, YUAN_PATTERN } from '#payments/services/money'
import { paymentsNotificationTopic } from '#payments/payments_notifications'
import { payoutNotificationTopic } from '#payments/payout_notifications'
import { receiptMails } from '#payments/mails/receipt_mail'
import { sandboxWebhookJob } from '#payments/jobs/sandbox_webhooks'
import { expireOrdersJob } from '#payments/jobs/expire_orders'
import { clearEarningsJob } from '#payments/jobs/clear_earnings'
import { retryRefundsJob } from '#payments/jobs/retry_refunds'
import { incomeDashboardSection } from '#payments/services/income_dashboard'

/**
 * What payments adds at boot: the providers configured here, its jobs, its
 * notification kinds, a master's income on the dashboard, the account
 * menu's links and the money helper of its templates. Once per process (a
 * second app booted in one process, in tests, reuses them).
 */
let done = false

export async function setUpPayments() {
  if (done) return
  done = true
  const real = [
    AlipayProvider.isConfigured() && new AlipayProvider(),
    StripeProvider.isConfigured() && new StripeProvider(),
  ].filter((provider) => provider !== false)
  for (const provider of real) paymentProviders.register(provider)
  // the sandbox makes payments nobody paid: never beside real providers unless asked for by name
  const { enabled, explicit } = paymentsConfig.sandbox
  if (enabled && (explicit || !real.length)) paymentProviders.register(new SandboxProvider())
  // receipts, the sandbox's webhooks, unpaid orders closed, earnings available after clearing,
  // refunds the provider never answered asked again
  jobs.register(
    receiptMails.job,
    sandboxWebhookJob,
    expireOrdersJob,
    clearEarningsJob,
    retryRefundsJob
  )
  // buyers hear of payments and refunds, masters of sales and of each step of their payouts
  notificationKinds.register(paymentsNotificationTopic)
  notificationKinds.register(payoutNotificationTopic)
  // "收入" on a master's dashboard
  dashboardSections.register(incomeDashboardSection)
  /** "¥1,234.50" from fen */
  edge.global('money', formatMoney)
  /** "1234.50" from fen, and the pattern a yuan amount field accepts */
  edge.global('plainYuan', plainYuan)
  edge.global('yuanPattern', YUAN_PATTERN.source.slice(1, -1))
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
  accountMenu.register({
    name: 'admin-payouts',
    order: 110,
    href: '/admin/payouts',
    labelKey: 'payments_admin.title',
    audience: 'admin',
  })
}
