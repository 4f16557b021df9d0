import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { isLocal } from '#config/app'

/**
 * Payments settings (MISSION §6): the platform's fee, the clearing period
 * before a master's earnings can be paid out, the smallest payout, how long
 * an unpaid order stays open, and which providers are configured (an
 * unconfigured provider is never shown at checkout).
 */
const feePercent = env.get('PAYMENTS_FEE_PERCENT', 20)
if (!(feePercent >= 0 && feePercent <= 100)) {
  throw new Error(`PAYMENTS_FEE_PERCENT must be between 0 and 100, not ${feePercent}`)
}

const paymentsConfig = {
  /** the platform's share of each sale, in percent */
  feePercent,
  /** days a sale's earnings stay pending (refunds come out of them) before they are available */
  clearingDays: env.get('PAYMENTS_CLEARING_DAYS', 7),
  /** the smallest payout a master may request, in minor units (¥100.00) */
  payoutMinimum: env.get('PAYMENTS_PAYOUT_MINIMUM', 10_000),
  /** minutes an unpaid order stays open before the expiry job closes it */
  orderMinutes: env.get('PAYMENTS_ORDER_MINUTES', 30),

  sandbox: {
    // on by default for development, tests and the local run on the embedded database
    enabled: env.get('PAYMENTS_SANDBOX', !app.inProduction || isLocal),
    /** set by PAYMENTS_SANDBOX itself: offered beside real providers (else only when none is configured) */
    explicit: env.get('PAYMENTS_SANDBOX') !== undefined,
    /** signs the sandbox's own webhooks; derived from APP_KEY when unset */
    secret: env.get('PAYMENTS_SANDBOX_SECRET') ?? `sandbox:${env.get('APP_KEY')}`,
  },

  alipay: {
    appId: env.get('ALIPAY_APP_ID'),
    privateKey: env.get('ALIPAY_PRIVATE_KEY'),
    alipayPublicKey: env.get('ALIPAY_PUBLIC_KEY'),
    gateway: env.get('ALIPAY_GATEWAY', 'https://openapi.alipay.com/gateway.do'),
  },

  stripe: {
    secretKey: env.get('STRIPE_SECRET_KEY'),
    webhookSecret: env.get('STRIPE_WEBHOOK_SECRET'),
    /** another API host (a loopback fake in tests) */
    apiBase: env.get('STRIPE_API_BASE'),
  },
}

export default paymentsConfig
