import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
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
  stripeSession,
  stripeTestConfig,
  STRIPE_TEST_WEBHOOK_SECRET,
} from '#tests/payments/provider_fixtures'
import { fakeStripeApi } from '#tests/payments/provider_fakes'
import { buyer, orderCourse, paidCourse } from '#tests/payments/payments_world'

/*
| Each real provider end to end on the webhook route: a verified payment of
| an order pays it once (a replay changes nothing), a forged or re-signed
| tampered one changes nothing. The orders are made through the real
| checkout with the provider (Alipay's redirect is made locally; Stripe's
| session comes from a loopback fake).
*/
async function orderThrough(provider: 'alipay' | 'stripe', price = 29_900) {
  const { course } = await paidCourse(price)
  const user = await buyer()
  return { order: await orderCourse(user.id, course.id, provider), course }
}

const state = async (orderId: number, courseId: number) => {
  const order = await db.from('orders').where('id', orderId).firstOrFail()
  const enrollments = await db.from('enrollments').where('course_id', courseId)
  const postings = await db
    .from('ledger_transactions')
    .where({ kind: 'order.paid', reference: String(orderId) })
  return { status: order.status, enrollments: enrollments.length, postings: postings.length }
}

test.group('Alipay pays orders through the notify', (group) => {
  group.each.setup(() => paymentProviders.register(new AlipayProvider(alipayTestConfig())))

  test('a signed TRADE_SUCCESS pays once; its replay, a forged one and a re-signed other amount change nothing', async ({
    client,
    assert,
  }) => {
    const { order, course } = await orderThrough('alipay')
    const notify = (body: string) => client.post('/webhooks/alipay').unsafeForm(body)
    const forged = signedAlipayNotify(
      alipayNotifyParams({ out_trade_no: order.number }),
      otherAlipayKeys()
    )
    const refused = await notify(forged.rawBody)
    refused.assertStatus(400)
    assert.deepEqual(await state(order.id, course.id), {
      status: 'pending',
      enrollments: 0,
      postings: 0,
    })

    // the provider's own word for a smaller amount (a tampered order at the provider): not paid
    const cheaper = signedAlipayNotify(
      alipayNotifyParams({ out_trade_no: order.number, total_amount: '0.01' })
    )
    const mismatch = await notify(cheaper.rawBody)
    mismatch.assertStatus(200)
    assert.include(await state(order.id, course.id), { status: 'pending', postings: 0 })

    const paid = signedAlipayNotify(alipayNotifyParams({ out_trade_no: order.number }))
    const answer = await notify(paid.rawBody)
    answer.assertStatus(200)
    assert.equal(answer.text(), 'success')
    assert.deepEqual(await state(order.id, course.id), {
      status: 'paid',
      enrollments: 1,
      postings: 1,
    })
    const replay = await notify(paid.rawBody)
    replay.assertStatus(200)
    assert.deepEqual(await state(order.id, course.id), {
      status: 'paid',
      enrollments: 1,
      postings: 1,
    })
  })
})

test.group('Stripe pays orders through its webhook', () => {
  test('checkout.session.completed pays once; a replay, a wrong secret and an old signature change nothing', async ({
    client,
    assert,
  }) => {
    const sessionId = `cs_test_${crypto.randomUUID().replaceAll('-', '')}`
    const api = await fakeStripeApi(() => ({
      body: {
        id: sessionId,
        object: 'checkout.session',
        url: `https://checkout.stripe.test/${sessionId}`,
      },
    }))
    const remove = paymentProviders.register(new StripeProvider(stripeTestConfig(api.apiBase)))
    try {
      const { order, course } = await orderThrough('stripe')
      assert.equal(order.provider, 'stripe')
      const event = stripeEvent(
        'checkout.session.completed',
        stripeSession(order.number, { id: sessionId, amount_total: 29_900 })
      )
      const send = (signed: { rawBody: string; headers: Record<string, string | undefined> }) =>
        client
          .post('/webhooks/stripe')
          .header('stripe-signature', signed.headers['stripe-signature']!)
          .unsafeJson(signed.rawBody)

      const old = Math.floor(Date.now() / 1000) - 3_600
      const refusals = [
        await send(signedStripeEvent(event, 'whsec_someone_else')),
        await send(signedStripeEvent(event, STRIPE_TEST_WEBHOOK_SECRET, old)),
      ]
      refusals.forEach((refusal) => refusal.assertStatus(400))
      assert.include(await state(order.id, course.id), { status: 'pending', postings: 0 })

      const deliveries = [
        await send(signedStripeEvent(event)),
        await send(signedStripeEvent(event)),
      ]
      deliveries.forEach((delivery) => delivery.assertStatus(200))
      assert.deepEqual(await state(order.id, course.id), {
        status: 'paid',
        enrollments: 1,
        postings: 1,
      })
      const events = await db.from('payment_events').where('order_id', order.id)
      assert.lengthOf(events, 1)
    } finally {
      remove()
      await api.close()
    }
  })
})
