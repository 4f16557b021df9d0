import { test } from '@japa/runner'
import i18nManager from '@adonisjs/i18n/services/main'
import { StripeProvider, sessionExpiry } from '#payments/providers/stripe_provider'
import { WebhookSignatureError } from '#payments/providers/payment_provider'
import {
  signedStripeEvent,
  stripeEvent,
  stripeSession,
  stripeTestConfig,
} from '#tests/payments/provider_fixtures'

const provider = () => new StripeProvider(stripeTestConfig())

function refund(status: string, overrides: Record<string, unknown> = {}) {
  return {
    id: 're_1',
    object: 'refund',
    amount: 5_000,
    currency: 'cny',
    status,
    payment_intent: 'pi_1',
    metadata: { refund_key: 'refund-7-1', order_number: 'MG-7' },
    ...overrides,
  }
}

test.group('Stripe webhooks', () => {
  test("a paid checkout is a payment of the session's total, in upper-case currency", async ({
    assert,
  }) => {
    const session = stripeSession('MG-7', { amount_total: 123_456, currency: 'cny' })
    const event = stripeEvent('checkout.session.completed', session)
    assert.deepEqual(await provider().verifyNotification(signedStripeEvent(event)), {
      type: 'payment.succeeded',
      eventId: event.id,
      orderNumber: 'MG-7',
      amount: 123_456,
      currency: 'CNY',
      providerReference: session.id,
    })
  })

  test('a redelivered event keeps its id, so it is acted on once', async ({ assert }) => {
    const event = stripeEvent('checkout.session.completed', stripeSession('MG-7'))
    const first = await provider().verifyNotification(signedStripeEvent(event))
    const again = await provider().verifyNotification(signedStripeEvent(event))
    assert.equal(first.eventId, event.id)
    assert.equal(again.eventId, event.id)
  })

  test('a delayed payment is pending, then paid or failed; an expired session failed', async ({
    assert,
  }) => {
    const verify = (type: string, session: Record<string, unknown>) =>
      provider().verifyNotification(signedStripeEvent(stripeEvent(type, session)))
    const unpaid = stripeSession('MG-8', { payment_status: 'unpaid' })

    assert.containsSubset(await verify('checkout.session.completed', unpaid), {
      type: 'payment.pending',
      orderNumber: 'MG-8',
    })
    assert.containsSubset(
      await verify('checkout.session.async_payment_succeeded', {
        ...unpaid,
        payment_status: 'paid',
      }),
      { type: 'payment.succeeded', orderNumber: 'MG-8', amount: 29_900 }
    )
    assert.containsSubset(await verify('checkout.session.async_payment_failed', unpaid), {
      type: 'payment.failed',
      orderNumber: 'MG-8',
      providerReference: unpaid.id,
    })
    const expired = stripeSession('MG-9', { status: 'expired', payment_status: 'unpaid' })
    assert.containsSubset(await verify('checkout.session.expired', expired), {
      type: 'payment.failed',
      orderNumber: 'MG-9',
    })
    // the order number comes from the metadata when the reference is missing
    const byMetadata = stripeSession('MG-10', { client_reference_id: null })
    assert.containsSubset(await verify('checkout.session.completed', byMetadata), {
      orderNumber: 'MG-10',
    })
    const notOurs = stripeSession('x', { client_reference_id: null, metadata: {} })
    assert.containsSubset(await verify('checkout.session.completed', notOurs), { type: 'ignored' })
  })

  test("our refund's events say succeeded or failed with our refund key", async ({ assert }) => {
    const verify = (type: string, object: Record<string, unknown>) =>
      provider().verifyNotification(signedStripeEvent(stripeEvent(type, object)))

    const succeeded = await verify('refund.updated', refund('succeeded'))
    assert.containsSubset(succeeded, {
      type: 'refund.succeeded',
      orderNumber: 'MG-7',
      refundKey: 'refund-7-1',
      amount: 5_000,
    })
    assert.containsSubset(await verify('refund.created', refund('succeeded')), {
      type: 'refund.succeeded',
    })
    assert.containsSubset(await verify('refund.failed', refund('failed')), {
      type: 'refund.failed',
      refundKey: 'refund-7-1',
    })
    assert.containsSubset(await verify('refund.updated', refund('canceled')), {
      type: 'refund.failed',
    })
    assert.containsSubset(await verify('refund.created', refund('pending')), { type: 'ignored' })
    // a refund made in Stripe's dashboard carries no key of ours
    assert.containsSubset(await verify('refund.updated', refund('succeeded', { metadata: {} })), {
      type: 'ignored',
      providerType: 'refund.updated',
    })
  })

  test('other events are verified and ignored', async ({ assert }) => {
    const event = stripeEvent('customer.created', { id: 'cus_1', object: 'customer' })
    assert.deepEqual(await provider().verifyNotification(signedStripeEvent(event)), {
      type: 'ignored',
      eventId: event.id,
      providerType: 'customer.created',
    })
    const charge = stripeEvent('charge.refunded', { id: 'ch_1', object: 'charge' })
    assert.containsSubset(await provider().verifyNotification(signedStripeEvent(charge)), {
      type: 'ignored',
    })
  })

  test('a tampered body, another secret, an old timestamp or no signature is refused', async ({
    assert,
  }) => {
    const event = stripeEvent(
      'checkout.session.completed',
      stripeSession('MG-7', { amount_total: 1 })
    )
    const signed = signedStripeEvent(event)

    const tampered = signed.rawBody.replace('"amount_total": 1', '"amount_total": 100')
    assert.notEqual(tampered, signed.rawBody)
    await assert.rejects(
      () => provider().verifyNotification({ ...signed, rawBody: tampered }),
      WebhookSignatureError
    )

    const otherSecret = signedStripeEvent(event, 'whsec_someone_else')
    await assert.rejects(() => provider().verifyNotification(otherSecret), WebhookSignatureError)

    const now = Math.floor(Date.now() / 1000)
    const stale = signedStripeEvent(event, undefined, now - 301)
    await assert.rejects(() => provider().verifyNotification(stale), /stripe notification refused/)
    const recent = signedStripeEvent(event, undefined, now - 280)
    assert.containsSubset(await provider().verifyNotification(recent), {
      type: 'payment.succeeded',
    })

    await assert.rejects(
      () => provider().verifyNotification({ rawBody: signed.rawBody, headers: {} }),
      /no stripe-signature/
    )
    await assert.rejects(
      () =>
        provider().verifyNotification({
          rawBody: signed.rawBody,
          headers: { 'stripe-signature': 'garbage' },
        }),
      WebhookSignatureError
    )
  })

  test('the body is verified exactly as received: re-serialised JSON is refused', async ({
    assert,
  }) => {
    const signed = signedStripeEvent(stripeEvent('customer.created', { id: 'cus_1' }))
    const reserialised = JSON.stringify(JSON.parse(signed.rawBody))
    await assert.rejects(
      () => provider().verifyNotification({ ...signed, rawBody: reserialised }),
      WebhookSignatureError
    )
  })

  test('a session expires 30 minutes after the order, from the order alone', ({ assert }) => {
    assert.equal(
      sessionExpiry(new Date('2026-03-01T12:30:00Z')),
      Date.parse('2026-03-01T13:00:00Z') / 1000
    )
    assert.equal(
      sessionExpiry(new Date('2026-03-01T12:30:00.999Z')),
      Date.parse('2026-03-01T13:00:00Z') / 1000
    )
  })

  test('Stripe is not built half-configured; its name is translated', ({ assert }) => {
    assert.throws(
      () => new StripeProvider({ ...stripeTestConfig(), webhookSecret: undefined }),
      /not configured/
    )
    assert.isFalse(StripeProvider.isConfigured({}))
    assert.isTrue(StripeProvider.isConfigured(stripeTestConfig()))
    assert.equal(i18nManager.locale('zh-CN').t(provider().labelKey), '银行卡（Stripe）')
    assert.equal(i18nManager.locale('en').t(provider().labelKey), 'Card (Stripe)')
  })
})
