/*
| Signed notifications the way Alipay and Stripe sign them, and test configs
| for the two adapters, so route-level tests can post a real webhook:
|
|   const keys = alipayKeys()
|   const alipay = new AlipayProvider(alipayTestConfig(keys))
|   const { rawBody, headers } = signedAlipayNotify(alipayNotifyParams({ out_trade_no: 'MG1' }), keys)
|
|   const stripe = new StripeProvider(stripeTestConfig())
|   const { rawBody, headers } = signedStripeEvent(stripeEvent('checkout.session.completed', session))
*/
import { createSign, createVerify, generateKeyPairSync, randomUUID } from 'node:crypto'
import Stripe from 'stripe'
import type { AlipayConfig } from '#payments/providers/alipay_provider'
import type { StripeConfig } from '#payments/providers/stripe_provider'

type KeyPair = { privateKey: string; publicKey: string }
/** "ours" signs requests; "alipay" signs notifies and gateway responses */
export type AlipayKeys = { appId: string; app: KeyPair; alipay: KeyPair }

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }

function rsaKeyPair(): KeyPair {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
}

let cachedKeys: AlipayKeys | undefined

/** Two RSA 2048 key pairs, made once per test run (each takes a moment). */
export function alipayKeys(): AlipayKeys {
  cachedKeys ??= { appId: '2021000000000001', app: rsaKeyPair(), alipay: rsaKeyPair() }
  return cachedKeys
}

/** A second "Alipay", whose signatures ours must refuse. */
export function otherAlipayKeys(): AlipayKeys {
  return { ...alipayKeys(), alipay: rsaKeyPair() }
}

export function alipayTestConfig(
  keys = alipayKeys(),
  gateway = 'https://openapi-sandbox.dl.alipaydev.com/gateway.do'
): AlipayConfig {
  return {
    appId: keys.appId,
    privateKey: keys.app.privateKey,
    alipayPublicKey: keys.alipay.publicKey,
    gateway,
  }
}

/** RSA2: SHA-256 with RSA over the string, base64 */
export function rsa2(content: string, privateKey: string) {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64')
}

/** Whether a request to Alipay (checkout URL, gateway call) carries our RSA2 signature over its other parameters, sorted. */
export function signedByOurKey(params: Record<string, string>, keys = alipayKeys()) {
  const { sign, ...signed } = params
  const content = Object.keys(signed)
    .sort()
    .map((key) => `${key}=${signed[key]}`)
    .join('&')
  return createVerify('RSA-SHA256')
    .update(content, 'utf8')
    .verify(keys.app.publicKey, sign, 'base64')
}

/**
 * The string Alipay signs in a notify: every parameter but sign and
 * sign_type, sorted by name, `name=value` (values not url-encoded) joined by &.
 */
export function alipayNotifyContent(params: Record<string, string>) {
  return Object.keys(params)
    .filter((key) => key !== 'sign' && key !== 'sign_type')
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join('&')
}

/** A paid trade's notify as Alipay posts it; override any field. */
export function alipayNotifyParams(overrides: Record<string, string> = {}, keys = alipayKeys()) {
  return {
    notify_time: '2026-03-01 12:00:05',
    notify_type: 'trade_status_sync',
    notify_id: `ac05099524730693a8b330c5ecf72da${randomUUID().slice(0, 8)}`,
    charset: 'utf-8',
    version: '1.0',
    app_id: keys.appId,
    trade_no: `2026030122001${Math.floor(Math.random() * 1e9)}`,
    out_trade_no: 'MG-TEST-1',
    seller_id: '2088101117955611',
    buyer_id: '2088102122524333',
    trade_status: 'TRADE_SUCCESS',
    total_amount: '299.00',
    receipt_amount: '299.00',
    subject: '课程：书法入门',
    gmt_create: '2026-03-01 11:59:40',
    gmt_payment: '2026-03-01 12:00:04',
    ...overrides,
  }
}

/** The notify's form body, signed with "Alipay's" key (or another, to test a refusal). */
export function signedAlipayNotify(params: Record<string, string>, keys = alipayKeys()) {
  const sign = rsa2(alipayNotifyContent(params), keys.alipay.privateKey)
  const rawBody = new URLSearchParams({ ...params, sign_type: 'RSA2', sign }).toString()
  return { rawBody, headers: { ...FORM } as Record<string, string | undefined> }
}

export const STRIPE_TEST_WEBHOOK_SECRET = 'whsec_test_master_guide'

export function stripeTestConfig(apiBase?: string): StripeConfig {
  return {
    secretKey: 'sk_test_master_guide',
    webhookSecret: STRIPE_TEST_WEBHOOK_SECRET,
    apiBase,
  }
}

/** An event envelope as Stripe sends it, around `object` (a session, a refund …). */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  id = `evt_${randomUUID()}`
) {
  return {
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  }
}

/** A paid Checkout Session for the order `number`. */
export function stripeSession(number: string, overrides: Record<string, unknown> = {}) {
  return {
    id: `cs_test_${randomUUID().replaceAll('-', '')}`,
    object: 'checkout.session',
    mode: 'payment',
    status: 'complete',
    payment_status: 'paid',
    amount_total: 29_900,
    currency: 'cny',
    client_reference_id: number,
    metadata: { order_number: number },
    payment_intent: `pi_${randomUUID().replaceAll('-', '')}`,
    url: null,
    ...overrides,
  }
}

/** A page of a Stripe list (GET /v1/refunds …), the last one. */
export function stripeList(url: string, data: object[]) {
  return { object: 'list', url, has_more: false, data }
}

/**
 * The body and stripe-signature header Stripe would send. `timestamp` (unix
 * seconds) dates the signature: an old one must be refused.
 */
export function signedStripeEvent(
  event: object,
  secret = STRIPE_TEST_WEBHOOK_SECRET,
  timestamp = Math.floor(Date.now() / 1000)
) {
  const rawBody = JSON.stringify(event, null, 2)
  const signature = new Stripe('sk_test_unused').webhooks.generateTestHeaderString({
    payload: rawBody,
    secret,
    timestamp,
  })
  return {
    rawBody,
    headers: { 'content-type': 'application/json', 'stripe-signature': signature } as Record<
      string,
      string | undefined
    >,
  }
}
