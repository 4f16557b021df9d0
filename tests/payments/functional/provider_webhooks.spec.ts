import { test } from '@japa/runner'
import { AlipayProvider } from '#payments/providers/alipay_provider'
import { StripeProvider } from '#payments/providers/stripe_provider'
import { paymentProviders } from '#payments/services/payment_providers'
import {
  alipayNotifyParams,
  alipayTestConfig,
  otherAlipayKeys,
  signedAlipayNotify,
  signedStripeEvent,
  stripeEvent,
  stripeTestConfig,
} from '#tests/payments/provider_fixtures'

/*
| The adapters behind the real webhook route: the raw body reaches them as
| it was signed (a form for Alipay, JSON for Stripe), a bad signature is a 400,
| a verified one is answered the way its provider expects.
*/
test.group('Provider webhooks through the route', (group) => {
  group.each.setup(() => {
    const removals = [
      paymentProviders.register(new AlipayProvider(alipayTestConfig())),
      paymentProviders.register(new StripeProvider(stripeTestConfig())),
    ]
    return () => removals.forEach((remove) => remove())
  })

  test('Alipay: a signed notify is answered "success"; a forged one is a 400', async ({
    client,
    assert,
  }) => {
    const unknown = signedAlipayNotify(alipayNotifyParams({ trade_status: 'TRADE_SOMETHING_NEW' }))
    const accepted = await client.post('/webhooks/alipay').unsafeForm(unknown.rawBody)
    accepted.assertStatus(200)
    assert.equal(accepted.text(), 'success')
    assert.match(accepted.header('content-type') ?? '', /^text\/plain/)

    const forged = signedAlipayNotify(alipayNotifyParams(), otherAlipayKeys())
    const refused = await client.post('/webhooks/alipay').unsafeForm(forged.rawBody)
    refused.assertStatus(400)
  })

  test('Stripe: a signed event is acknowledged; a tampered one is a 400', async ({
    client,
    assert,
  }) => {
    const signed = signedStripeEvent(stripeEvent('customer.created', { id: 'cus_1' }))
    const accepted = await client
      .post('/webhooks/stripe')
      .header('stripe-signature', signed.headers['stripe-signature']!)
      .unsafeJson(signed.rawBody)
    accepted.assertStatus(200)
    assert.deepEqual(JSON.parse(accepted.text()), { received: true })

    const refused = await client
      .post('/webhooks/stripe')
      .header('stripe-signature', signed.headers['stripe-signature']!)
      .unsafeJson(signed.rawBody.replace('cus_1', 'cus_2'))
    refused.assertStatus(400)
  })
})
