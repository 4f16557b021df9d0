import { test } from '@japa/runner'
import { CheckoutTooLateError, StripeProvider } from '#payments/providers/stripe_provider'
import type { CheckoutRequest, RefundRequest } from '#payments/providers/payment_provider'
import { stripeList, stripeSession, stripeTestConfig } from '#tests/payments/provider_fixtures'
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
  payment_intent: 'pi_7',
  metadata: { refund_key: 'refund-7-1', order_number: 'MG-7' },
  ...extra,
})

const openSession = (number: string) =>
  stripeSession(number, {
    id: 'cs_test_11',
    status: 'open',
    payment_status: 'unpaid',
    url: 'https://checkout.stripe.com/c/pay/cs_test_11',
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
    const fake = await fakeStripeApi(() => ({ body: openSession('MG20260301-0011') }))
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
      'expires_at': String(Math.floor(checkout.order.expiresAt.getTime() / 1000) + 30 * 60),
    })
    // Stripe's page speaks the buyer's browser language: a locale would differ between tabs
    assert.notProperty(request.form, 'locale')

    // the same order again: the same key and the same parameters, so Stripe replays its session
    await provider.createCheckout(checkout)
    assert.deepEqual(fake.requests[1].form, request.form)
    assert.equal(fake.requests[1].headers['idempotency-key'], 'checkout-MG20260301-0011')
  })

  test('a retry at another time, in another language, sends the same body under the same key', async ({
    assert,
    cleanup,
  }) => {
    const fake = await fakeStripeApi(() => ({ body: openSession('MG20260301-0011') }))
    cleanup(fake.close)
    let now = new Date('2026-03-01T12:00:00Z')
    const provider = new StripeProvider(stripeTestConfig(fake.apiBase), () => now)
    const order = { ...checkout.order, expiresAt: new Date('2026-03-01T12:30:00Z') }

    await provider.createCheckout({ ...checkout, order, locale: 'zh-CN' })
    // the first answer timed out; the buyer tries again 27 minutes later, in English, on a phone
    now = new Date('2026-03-01T12:27:00Z')
    await provider.createCheckout({ ...checkout, order, locale: 'en', device: 'mobile' })

    const [first, retry] = fake.requests
    assert.deepEqual(retry.form, first.form)
    assert.equal(first.form.expires_at, String(Date.parse('2026-03-01T13:00:00Z') / 1000))
    assert.equal(first.headers['idempotency-key'], 'checkout-MG20260301-0011')
    assert.equal(retry.headers['idempotency-key'], 'checkout-MG20260301-0011')
  })

  test('an order too close to its end for a 30-minute session is refused before Stripe is asked', async ({
    assert,
    cleanup,
  }) => {
    const fake = await fakeStripeApi(() => ({ body: openSession('MG20260301-0011') }))
    cleanup(fake.close)
    const expiresAt = new Date('2026-03-01T12:30:00Z')
    const at = (iso: string) =>
      new StripeProvider(stripeTestConfig(fake.apiBase), () => new Date(iso)).createCheckout({
        ...checkout,
        order: { ...checkout.order, expiresAt },
      })

    await at('2026-03-01T12:28:59Z')
    await assert.rejects(() => at('2026-03-01T12:29:01Z'), CheckoutTooLateError)
    await assert.rejects(() => at('2026-03-01T13:00:00Z'), /must stay open 30 minutes/)
    assert.lengthOf(fake.requests, 1)
  })

  test("a refund refunds the session's payment with our key, as idempotency key and metadata", async ({
    assert,
    cleanup,
  }) => {
    let refundStatus = 'succeeded'
    const fake = await fakeStripeApi((request) =>
      request.method === 'GET'
        ? request.path === '/v1/refunds'
          ? { body: stripeList('/v1/refunds', []) }
          : { body: stripeSession('MG-7', { id: 'cs_test_7', payment_intent: 'pi_7' }) }
        : { body: stripeRefund(refundStatus, { failure_reason: 'expired_or_canceled_card' }) }
    )
    cleanup(fake.close)
    const provider = new StripeProvider(stripeTestConfig(fake.apiBase))

    assert.deepEqual(await provider.refund(refundRequest), {
      status: 'succeeded',
      providerReference: 're_7',
    })
    const [retrieve, list, create] = fake.requests
    assert.equal(retrieve.path, '/v1/checkout/sessions/cs_test_7')
    // none of our key yet
    assert.equal(list.path, '/v1/refunds')
    assert.equal(list.query.payment_intent, 'pi_7')
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
        ? request.path === '/v1/refunds'
          ? { body: stripeList('/v1/refunds', []) }
          : { body: stripeSession('MG-7', { id: 'cs_test_7', payment_intent: paymentIntent }) }
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

  test('a refund asked again after no answer is the refund of its key as it stands, never a second', async ({
    assert,
    cleanup,
  }) => {
    // a Stripe that makes one refund per idempotency key and, for now, loses its answers
    const made: ReturnType<typeof stripeRefund>[] = []
    let answering = false
    const fake = await fakeStripeApi((request) => {
      if (request.path === '/v1/refunds' && request.method === 'GET') {
        const ofIntent = made.filter(
          (refund) => refund.payment_intent === request.query.payment_intent
        )
        return { body: stripeList('/v1/refunds', ofIntent) }
      }
      if (request.method === 'GET') {
        return { body: stripeSession('MG-7', { id: 'cs_test_7', payment_intent: 'pi_7' }) }
      }
      if (!made.length) {
        made.push(stripeRefund('pending'))
      }
      return answering ? { body: made[0] } : null
    })
    cleanup(fake.close)
    const provider = new StripeProvider(stripeTestConfig(fake.apiBase))
    const creates = () => fake.requests.filter((request) => request.method === 'POST')

    await assert.rejects(() => provider.refund(refundRequest))
    assert.lengthOf(made, 1)
    assert.isAtLeast(creates().length, 1)
    for (const create of creates()) assert.equal(create.headers['idempotency-key'], 'refund-7-1')

    // later (the refund service's retry job): Stripe answers again, and the refund went through
    answering = true
    made[0].status = 'succeeded'
    const sent = creates().length
    assert.deepEqual(await provider.refund(refundRequest), {
      status: 'succeeded',
      providerReference: 're_7',
    })
    assert.lengthOf(creates(), sent)
    assert.lengthOf(made, 1)
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
