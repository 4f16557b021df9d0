import { test } from '@japa/runner'
import { StripeProvider } from '#payments/providers/stripe_provider'
import type { CheckoutRequest, RefundRequest } from '#payments/providers/payment_provider'
import { stripeSession, stripeTestConfig } from '#tests/payments/provider_fixtures'
import { fakeStripeApi } from '#tests/payments/provider_fakes'

const checkout: CheckoutRequest = {
  order: {
    id: 11,
    number: 'MG20260301-0011',
    amount: 29_900,
    currency: 'CNY',
    subject: '书法入门',
    expiresAt: new Date(Date.now() + 30 * 60_000),
  },
  returnUrl: 'https://mg.example/orders/MG20260301-0011/return',
  notifyUrl: 'https://mg.example/payments/webhooks/stripe',
  device: 'desktop',
  locale: 'zh-CN',
}

const refundRequest: RefundRequest = {
  orderNumber: 'MG-7',
  providerReference: 'cs_test_7',
  orderAmount: 29_900,
  amount: 5_000,
  currency: 'CNY',
  refundKey: 'refund-7-1',
  reason: 'cancelled within the policy',
}

const stripeRefund = (status: string, extra: object = {}) => ({
  id: 're_7',
  object: 'refund',
  amount: 5_000,
  currency: 'cny',
  status,
  metadata: { refund_key: 'refund-7-1', order_number: 'MG-7' },
  ...extra,
})

const invalidRequest = (message: string) => ({
  status: 400,
  body: { error: { type: 'invalid_request_error', code: 'charge_already_refunded', message } },
})

test.group('Stripe checkout, refunds and status (a loopback API)', () => {
  test('a checkout is a payment session for the order, created once per order', async ({
    assert,
    cleanup,
  }) => {
    const fake = await fakeStripeApi(() => ({
      body: stripeSession('MG20260301-0011', {
        id: 'cs_test_11',
        status: 'open',
        payment_status: 'unpaid',
        url: 'https://checkout.stripe.com/c/pay/cs_test_11',
      }),
    }))
    cleanup(fake.close)
    const provider = new StripeProvider(stripeTestConfig(fake.apiBase))

    const start = await provider.createCheckout(checkout)
    assert.deepEqual(start, {
      redirectUrl: 'https://checkout.stripe.com/c/pay/cs_test_11',
      providerReference: 'cs_test_11',
    })

    const [request] = fake.requests
    assert.equal(request.method, 'POST')
    assert.equal(request.path, '/v1/checkout/sessions')
    assert.equal(request.headers['idempotency-key'], 'checkout-MG20260301-0011')
    assert.equal(request.headers.authorization, 'Bearer sk_test_master_guide')
    assert.containsSubset(request.form, {
      'mode': 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][unit_amount]': '29900',
      'line_items[0][price_data][currency]': 'cny',
      'line_items[0][price_data][product_data][name]': '书法入门',
      'client_reference_id': 'MG20260301-0011',
      'metadata[order_number]': 'MG20260301-0011',
      'payment_intent_data[metadata][order_number]': 'MG20260301-0011',
      'success_url': checkout.returnUrl,
      'cancel_url': checkout.returnUrl,
      'locale': 'zh',
    })
    const expiresIn = Number(request.form.expires_at) - Date.now() / 1000
    assert.isAtLeast(expiresIn, 30 * 60)
    assert.isAtMost(expiresIn, 24 * 3600)

    // the same order again: the same key and the same parameters, so Stripe replays its session
    await provider.createCheckout(checkout)
    assert.deepEqual(fake.requests[1].form, request.form)
    assert.equal(fake.requests[1].headers['idempotency-key'], 'checkout-MG20260301-0011')
  })

  test("a refund refunds the session's payment with our key, as idempotency key and metadata", async ({
    assert,
    cleanup,
  }) => {
    let refundStatus = 'succeeded'
    const fake = await fakeStripeApi((request) =>
      request.method === 'GET'
        ? { body: stripeSession('MG-7', { id: 'cs_test_7', payment_intent: 'pi_7' }) }
        : { body: stripeRefund(refundStatus, { failure_reason: 'expired_or_canceled_card' }) }
    )
    cleanup(fake.close)
    const provider = new StripeProvider(stripeTestConfig(fake.apiBase))

    assert.deepEqual(await provider.refund(refundRequest), {
      status: 'succeeded',
      providerReference: 're_7',
    })
    const [retrieve, create] = fake.requests
    assert.equal(retrieve.path, '/v1/checkout/sessions/cs_test_7')
    assert.equal(create.path, '/v1/refunds')
    assert.equal(create.headers['idempotency-key'], 'refund-7-1')
    assert.containsSubset(create.form, {
      'payment_intent': 'pi_7',
      'amount': '5000',
      'metadata[refund_key]': 'refund-7-1',
      'metadata[order_number]': 'MG-7',
    })

    refundStatus = 'pending'
    assert.containsSubset(await provider.refund(refundRequest), { status: 'pending' })
    refundStatus = 'failed'
    assert.deepEqual(await provider.refund(refundRequest), {
      status: 'failed',
      providerReference: 're_7',
      failure: 'expired_or_canceled_card',
    })
  })

  test('a refund Stripe refuses fails with its message; an unpaid session cannot be refunded', async ({
    assert,
    cleanup,
  }) => {
    let paymentIntent: string | null = 'pi_7'
    const fake = await fakeStripeApi((request) =>
      request.method === 'GET'
        ? { body: stripeSession('MG-7', { id: 'cs_test_7', payment_intent: paymentIntent }) }
        : invalidRequest('Charge ch_7 has already been refunded.')
    )
    cleanup(fake.close)
    const provider = new StripeProvider(stripeTestConfig(fake.apiBase))

    assert.deepEqual(await provider.refund(refundRequest), {
      status: 'failed',
      providerReference: null,
      failure: 'Charge ch_7 has already been refunded.',
    })
    paymentIntent = null
    assert.deepEqual(await provider.refund(refundRequest), {
      status: 'failed',
      providerReference: null,
      failure: 'not paid',
    })
    assert.deepEqual(await provider.refund({ ...refundRequest, providerReference: null }), {
      status: 'failed',
      providerReference: null,
      failure: 'no checkout session',
    })
  })

  test('a refund whose outcome cannot be known throws, to be retried with the same key', async ({
    assert,
  }) => {
    const fake = await fakeStripeApi(() => ({ body: {} }))
    await fake.close()
    const provider = new StripeProvider(stripeTestConfig(fake.apiBase))
    await assert.rejects(() => provider.refund(refundRequest))
  })

  test("the status of a checkout is its session's: paid, open, expired or unknown", async ({
    assert,
    cleanup,
  }) => {
    let session: object = {}
    const fake = await fakeStripeApi(() => ({ body: session }))
    cleanup(fake.close)
    const provider = new StripeProvider(stripeTestConfig(fake.apiBase))
    const status = (providerReference: string | null = 'cs_test_7') =>
      provider.fetchStatus({ number: 'MG-7', providerReference })

    session = stripeSession('MG-7', { id: 'cs_test_7', amount_total: 29_900 })
    assert.deepEqual(await status(), {
      status: 'paid',
      amount: 29_900,
      providerReference: 'cs_test_7',
    })
    assert.equal(fake.requests[0].path, '/v1/checkout/sessions/cs_test_7')

    session = stripeSession('MG-7', { id: 'cs_test_7', status: 'open', payment_status: 'unpaid' })
    assert.deepEqual(await status(), { status: 'pending', providerReference: 'cs_test_7' })

    session = stripeSession('MG-7', {
      id: 'cs_test_7',
      status: 'expired',
      payment_status: 'unpaid',
    })
    assert.deepEqual(await status(), { status: 'failed', providerReference: 'cs_test_7' })

    assert.deepEqual(await status(null), { status: 'unknown' })
  })
})
