import { AlipaySdk, type AlipaySdkCommonResult } from 'alipay-sdk'
import logger from '@adonisjs/core/services/logger'
import paymentsConfig from '#config/payments'
import { parseYuanStrict, plainYuan } from '#payments/services/money'
import {
  WebhookSignatureError,
  type CheckoutRequest,
  type CheckoutStart,
  type IncomingNotification,
  type PaymentNotification,
  type PaymentProvider,
  type PaymentStatus,
  type RefundRequest,
  type RefundResult,
} from '#payments/providers/payment_provider'

export type AlipayConfig = {
  appId?: string
  /** ours (PKCS#1 or PKCS#8, PEM or the bare base64 body) */
  privateKey?: string
  /** Alipay's, to verify its notifications and responses */
  alipayPublicKey?: string
  gateway: string
}

/** Alipay answers in yuan, for CNY only. */
const CURRENCY = 'CNY'
const OK = '10000'

/**
 * Alipay through its OpenAPI gateway (alipay-sdk v4): page pay on desktops,
 * wap pay on phones, RSA2-signed notifies, synchronous refunds.
 */
export class AlipayProvider implements PaymentProvider {
  readonly name = 'alipay' as const
  readonly labelKey = 'payments.providers.alipay'
  readonly acknowledgement = { contentType: 'text/plain', body: 'success' }
  readonly #sdk: AlipaySdk
  readonly #appId: string

  static isConfigured(config: AlipayConfig = paymentsConfig.alipay) {
    return Boolean(config.appId && config.privateKey && config.alipayPublicKey)
  }

  constructor(config: AlipayConfig = paymentsConfig.alipay) {
    if (!config.appId || !config.privateKey || !config.alipayPublicKey) {
      throw new Error(
        'Alipay is not configured: ALIPAY_APP_ID, ALIPAY_PRIVATE_KEY, ALIPAY_PUBLIC_KEY'
      )
    }
    this.#appId = config.appId
    this.#sdk = new AlipaySdk({
      appId: config.appId,
      privateKey: config.privateKey,
      // the SDK rewraps the key in the header of its type; a bare body decodes either way
      keyType: config.privateKey.includes('BEGIN PRIVATE KEY') ? 'PKCS8' : 'PKCS1',
      alipayPublicKey: config.alipayPublicKey,
      gateway: config.gateway,
      signType: 'RSA2',
      camelcase: false,
    })
  }

  async createCheckout({
    order,
    returnUrl,
    notifyUrl,
    device,
  }: CheckoutRequest): Promise<CheckoutStart> {
    assertYuan(order.currency)
    const mobile = device === 'mobile'
    const bizContent = {
      out_trade_no: order.number,
      total_amount: plainYuan(order.amount),
      subject: alipaySubject(order.subject, order.number),
      product_code: mobile ? 'QUICK_WAP_WAY' : 'FAST_INSTANT_TRADE_PAY',
      time_expire: beijingTime(order.expiresAt),
      ...(mobile ? { quit_url: returnUrl } : {}),
    }
    const redirectUrl = this.#sdk.pageExecute(
      mobile ? 'alipay.trade.wap.pay' : 'alipay.trade.page.pay',
      'GET',
      { bizContent, returnUrl, notifyUrl }
    )
    return { redirectUrl, providerReference: null }
  }

  async verifyNotification({ rawBody }: IncomingNotification): Promise<PaymentNotification> {
    const params = Object.fromEntries(new URLSearchParams(rawBody))
    if (!params.sign) throw new WebhookSignatureError('alipay', 'no sign')
    if (params.sign_type && params.sign_type !== 'RSA2') {
      throw new WebhookSignatureError('alipay', `sign_type ${params.sign_type}`)
    }
    // V2: the values are already form-decoded, so the SDK must not decode them again
    if (!this.#verifies(params)) throw new WebhookSignatureError('alipay', 'bad sign')
    if (params.app_id !== this.#appId) throw new WebhookSignatureError('alipay', 'another app id')
    if (!params.notify_id) throw new WebhookSignatureError('alipay', 'no notify_id')
    return notificationOf(params)
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    assertYuan(request.currency)
    const result = await this.#call('alipay.trade.refund', {
      out_trade_no: request.orderNumber,
      refund_amount: plainYuan(request.amount),
      out_request_no: request.refundKey,
      refund_reason: request.reason.slice(0, 256),
    })
    if (result.code !== OK) {
      // a retry of a refund that went through may be refused now (the trade has closed since):
      // only a refund Alipay does not have under our key failed
      const made = await this.#refundStatus(request)
      if (made.status === 'succeeded') return made
      return { status: 'failed', providerReference: null, failure: describe(result) }
    }
    const tradeNo = (result.trade_no as string | undefined) ?? request.providerReference
    if (result.fund_change === 'Y') return { status: 'succeeded', providerReference: tradeNo }
    // N: a repeat of a refund already made (our key again), or one not yet settled; Alipay says to ask
    const asked = await this.#refundStatus(request)
    return { status: asked.status, providerReference: asked.providerReference ?? tradeNo }
  }

  async fetchStatus(order: {
    number: string
    providerReference: string | null
  }): Promise<PaymentStatus> {
    let result: AlipaySdkCommonResult
    try {
      result = await this.#call('alipay.trade.query', { out_trade_no: order.number })
    } catch (error) {
      logger.warn({ err: error, order: order.number }, 'alipay trade query failed')
      return { status: 'unknown' }
    }
    // the trade exists at Alipay only once the buyer opened the cashier
    if (result.sub_code === 'ACQ.TRADE_NOT_EXIST') return { status: 'pending' }
    if (result.code !== OK) return { status: 'unknown' }
    const providerReference = result.trade_no as string
    switch (result.trade_status) {
      case 'TRADE_SUCCESS':
      case 'TRADE_FINISHED':
        return { status: 'paid', amount: parseYuanStrict(result.total_amount), providerReference }
      case 'WAIT_BUYER_PAY':
        return { status: 'pending', providerReference }
      case 'TRADE_CLOSED':
        return { status: 'failed', providerReference }
      default:
        return { status: 'unknown' }
    }
  }

  #verifies(params: Record<string, string>) {
    try {
      return this.#sdk.checkNotifySignV2(params)
    } catch {
      return false
    }
  }

  /** Whether the refund of our key went through: REFUND_SUCCESS, else not (yet). */
  async #refundStatus(request: RefundRequest): Promise<RefundResult> {
    const result = await this.#call('alipay.trade.fastpay.refund.query', {
      out_trade_no: request.orderNumber,
      out_request_no: request.refundKey,
    })
    const providerReference = (result.trade_no as string | undefined) ?? request.providerReference
    return result.code === OK && result.refund_status === 'REFUND_SUCCESS'
      ? { status: 'succeeded', providerReference }
      : { status: 'pending', providerReference }
  }

  /** A gateway call whose response signature is verified; a transient failure throws (retry with the same key). */
  async #call(method: string, bizContent: Record<string, string>) {
    const result = await this.#sdk.exec(method, { bizContent }, { validateSign: true })
    if (result.code === '20000' || result.sub_code === 'ACQ.SYSTEM_ERROR') {
      throw new Error(`alipay ${method} unavailable: ${describe(result)}`)
    }
    return result
  }
}

/** A verified notify in our terms. A refund also notifies (its trade's status, with refund fields). */
function notificationOf(params: Record<string, string>): PaymentNotification {
  const eventId = params.notify_id
  const orderNumber = params.out_trade_no
  const status = params.trade_status ?? ''
  if (params.out_biz_no || params.gmt_refund || params.refund_fee) {
    // sent once a refund went through; out_biz_no is the refund's out_request_no (our key)
    if (!params.out_biz_no) return { type: 'ignored', eventId, providerType: `refund:${status}` }
    return {
      type: 'refund.succeeded',
      eventId,
      orderNumber,
      refundKey: params.out_biz_no,
      // Alipay's refund_fee is the trade's refunded total so far, not this refund's part
      amount: parseYuanStrict(params.refund_fee ?? '0'),
    }
  }
  switch (status) {
    case 'TRADE_SUCCESS':
    case 'TRADE_FINISHED':
      return {
        type: 'payment.succeeded',
        eventId,
        orderNumber,
        amount: parseYuanStrict(params.total_amount ?? ''),
        currency: CURRENCY,
        providerReference: params.trade_no,
      }
    case 'TRADE_CLOSED':
      return {
        type: 'payment.failed',
        eventId,
        orderNumber,
        providerReference: params.trade_no ?? null,
      }
    case 'WAIT_BUYER_PAY':
      return { type: 'payment.pending', eventId, orderNumber }
    default:
      return { type: 'ignored', eventId, providerType: status || (params.notify_type ?? 'unknown') }
  }
}

/**
 * The subject as Alipay takes it: its docs refuse "special characters such as
 * / = &" and more than 256 characters. Those and the rest of the URL and form
 * punctuation, control characters and emoji (and anything else beyond the
 * BMP, which its GBK-era systems do not keep) become spaces; a title with
 * nothing left is the order number.
 */
export function alipaySubject(title: string, orderNumber: string) {
  const kept = title.replace(REFUSED_IN_SUBJECT, ' ').replace(/\s+/gu, ' ').trim()
  return Array.from(kept).slice(0, SUBJECT_MAX).join('').trimEnd() || orderNumber
}

const SUBJECT_MAX = 256
const REFUSED_IN_SUBJECT =
  /[/\\=&?#%+"'<>`|]|[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|\p{Extended_Pictographic}|[\u{FE00}-\u{FE0F}\u{20E3}]|[\u{10000}-\u{10FFFF}]/gu

function assertYuan(currency: string) {
  if (currency.toUpperCase() !== CURRENCY) throw new Error(`Alipay takes CNY only, not ${currency}`)
}

function describe(result: AlipaySdkCommonResult) {
  return [result.sub_code, result.sub_msg ?? result.msg].filter(Boolean).join(': ')
}

/** Alipay reads times as "yyyy-MM-dd HH:mm:ss" in Beijing (UTC+8 all year) */
function beijingTime(at: Date) {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')
}
