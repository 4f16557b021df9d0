import { test } from '@japa/runner'
import { createPrivateKey } from 'node:crypto'
import i18nManager from '@adonisjs/i18n/services/main'
import { AlipayProvider, alipaySubject } from '#payments/providers/alipay_provider'
import { WebhookSignatureError, type CheckoutRequest } from '#payments/providers/payment_provider'
import {
  alipayKeys,
  alipayNotifyParams,
  alipayTestConfig,
  otherAlipayKeys,
  signedAlipayNotify,
  signedByOurKey,
} from '#tests/payments/provider_fixtures'

const GATEWAY = 'https://openapi-sandbox.dl.alipaydev.com/gateway.do'
const provider = () => new AlipayProvider(alipayTestConfig(alipayKeys(), GATEWAY))

function checkout(device: CheckoutRequest['device']): CheckoutRequest {
  return {
    order: {
      id: 7,
      number: 'MG20260301-0007',
      amount: 29_900,
      currency: 'CNY',
      subject: '书法入门 & 100% 满意',
      expiresAt: new Date('2026-03-01T04:30:00Z'),
    },
    returnUrl: 'https://mg.example/orders/MG20260301-0007/return',
    notifyUrl: 'https://mg.example/payments/webhooks/alipay',
    device,
    locale: 'zh-CN',
  }
}

test.group('Alipay notifications', () => {
  test('a signed payment notify is a payment of the exact amount, once per notify_id', async ({
    assert,
  }) => {
    for (const [yuan, fen] of [
      ['0.01', 1],
      ['299.00', 29_900],
      ['1234.56', 123_456],
    ] as const) {
      const params = alipayNotifyParams({ total_amount: yuan, out_trade_no: 'MG-1' })
      const notification = await provider().verifyNotification(signedAlipayNotify(params))
      assert.deepEqual(notification, {
        type: 'payment.succeeded',
        eventId: params.notify_id,
        orderNumber: 'MG-1',
        amount: fen,
        currency: 'CNY',
        providerReference: params.trade_no,
      })
    }
  })

  test('a finished trade is paid too; the same notify again has the same event id', async ({
    assert,
  }) => {
    const signed = signedAlipayNotify(alipayNotifyParams({ trade_status: 'TRADE_FINISHED' }))
    const first = await provider().verifyNotification(signed)
    const again = await provider().verifyNotification(signed)
    assert.equal(first.type, 'payment.succeeded')
    assert.equal(again.eventId, first.eventId)
  })

  test('waiting, closed, refund and unknown notifies are pending, failed, refunded and ignored', async ({
    assert,
  }) => {
    const notify = (overrides: Record<string, string>) =>
      provider().verifyNotification(signedAlipayNotify(alipayNotifyParams(overrides)))

    const waiting = await notify({ trade_status: 'WAIT_BUYER_PAY', out_trade_no: 'MG-2' })
    assert.containsSubset(waiting, { type: 'payment.pending', orderNumber: 'MG-2' })

    const closed = await notify({
      trade_status: 'TRADE_CLOSED',
      out_trade_no: 'MG-3',
      trade_no: 'T3',
    })
    assert.containsSubset(closed, {
      type: 'payment.failed',
      orderNumber: 'MG-3',
      providerReference: 'T3',
    })

    // a refund notifies its trade's status with the refund's fields, among them our refund key
    const refunded = await notify({
      trade_status: 'TRADE_CLOSED',
      out_trade_no: 'MG-4',
      out_biz_no: 'refund-4-1',
      refund_fee: '299.00',
      gmt_refund: '2026-03-02 10:00:00.123',
    })
    assert.containsSubset(refunded, {
      type: 'refund.succeeded',
      orderNumber: 'MG-4',
      refundKey: 'refund-4-1',
      amount: 29_900,
    })
    const partly = await notify({
      trade_status: 'TRADE_SUCCESS',
      out_biz_no: 'r2',
      refund_fee: '0.01',
    })
    assert.containsSubset(partly, { type: 'refund.succeeded', refundKey: 'r2', amount: 1 })
    const keyless = await notify({
      trade_status: 'TRADE_SUCCESS',
      gmt_refund: '2026-03-02 10:00:00',
    })
    assert.containsSubset(keyless, { type: 'ignored', providerType: 'refund:TRADE_SUCCESS' })

    const unknown = await notify({ trade_status: 'TRADE_SOMETHING_NEW' })
    assert.containsSubset(unknown, { type: 'ignored', providerType: 'TRADE_SOMETHING_NEW' })
  })

  test('a tampered amount is refused', async ({ assert }) => {
    const { rawBody, headers } = signedAlipayNotify(alipayNotifyParams({ total_amount: '0.01' }))
    const tampered = rawBody.replace('total_amount=0.01', 'total_amount=299.00')
    assert.notEqual(tampered, rawBody)
    await assert.rejects(
      () => provider().verifyNotification({ rawBody: tampered, headers }),
      WebhookSignatureError
    )
  })

  test('a notify signed by another key, for another app, or without a sign is refused', async ({
    assert,
  }) => {
    const forged = signedAlipayNotify(alipayNotifyParams(), otherAlipayKeys())
    await assert.rejects(() => provider().verifyNotification(forged), /bad sign/)

    const otherApp = signedAlipayNotify(alipayNotifyParams({ app_id: '2021000000009999' }))
    await assert.rejects(() => provider().verifyNotification(otherApp), /another app id/)

    const { rawBody, headers } = signedAlipayNotify(alipayNotifyParams())
    const unsigned = new URLSearchParams(rawBody)
    unsigned.delete('sign')
    await assert.rejects(
      () => provider().verifyNotification({ rawBody: unsigned.toString(), headers }),
      /no sign/
    )
    await assert.rejects(
      () => provider().verifyNotification({ rawBody: '', headers }),
      WebhookSignatureError
    )

    const sha1 = new URLSearchParams(rawBody)
    sha1.set('sign_type', 'RSA')
    await assert.rejects(
      () => provider().verifyNotification({ rawBody: sha1.toString(), headers }),
      /sign_type RSA/
    )
  })

  test('values with % and + in them verify as sent (no second url-decoding)', async ({
    assert,
  }) => {
    const params = alipayNotifyParams({ subject: '100% 满意 + 50%OFF', body: 'a%2Fb' })
    const notification = await provider().verifyNotification(signedAlipayNotify(params))
    assert.equal(notification.type, 'payment.succeeded')
  })

  test('the answer Alipay expects is "success" in plain text; its name is translated', ({
    assert,
  }) => {
    assert.deepEqual(provider().acknowledgement, { contentType: 'text/plain', body: 'success' })
    assert.equal(i18nManager.locale('zh-CN').t(provider().labelKey), '支付宝')
    assert.equal(i18nManager.locale('en').t(provider().labelKey), 'Alipay')
  })
})

test.group('Alipay checkout', () => {
  test('a desktop checkout is a signed page-pay URL on the gateway, without a network call', async ({
    assert,
  }) => {
    const start = await provider().createCheckout(checkout('desktop'))
    assert.isNull(start.providerReference)
    assert.isTrue(start.redirectUrl.startsWith(`${GATEWAY}?`))

    const params = Object.fromEntries(new URL(start.redirectUrl).searchParams)
    assert.equal(params.method, 'alipay.trade.page.pay')
    assert.equal(params.app_id, alipayKeys().appId)
    assert.equal(params.sign_type, 'RSA2')
    assert.equal(params.notify_url, 'https://mg.example/payments/webhooks/alipay')
    assert.equal(params.return_url, 'https://mg.example/orders/MG20260301-0007/return')
    assert.deepEqual(JSON.parse(params.biz_content), {
      out_trade_no: 'MG20260301-0007',
      total_amount: '299.00',
      subject: '书法入门 100 满意',
      product_code: 'FAST_INSTANT_TRADE_PAY',
      time_expire: '2026-03-01 12:30:00',
    })

    assert.isTrue(signedByOurKey(params))
  })

  test('a subject without what Alipay refuses: / = & and the like, emoji, over 256 characters', ({
    assert,
  }) => {
    assert.equal(
      alipaySubject('书法 & 篆刻 = 1/2 课 🎨🖌️ 👩‍🏫 入门?#', 'MG-1'),
      '书法 篆刻 1 2 课 入门'
    )
    assert.equal(alipaySubject('Café 课程、茶道（初级）', 'MG-1'), 'Café 课程、茶道（初级）')
    assert.equal(alipaySubject('a\nb\u0000c\u200bd', 'MG-1'), 'a b c d')
    const long = alipaySubject('长'.repeat(300), 'MG-1')
    assert.equal(long, '长'.repeat(256))
    assert.equal(alipaySubject(' & = / 🎉 ', 'MG20260301-0007'), 'MG20260301-0007')
  })

  test('a phone gets wap pay, which sends a buyer who quits back to us', async ({ assert }) => {
    const start = await provider().createCheckout(checkout('mobile'))
    const params = new URL(start.redirectUrl).searchParams
    assert.equal(params.get('method'), 'alipay.trade.wap.pay')
    assert.containsSubset(JSON.parse(params.get('biz_content')!), {
      product_code: 'QUICK_WAP_WAY',
      quit_url: 'https://mg.example/orders/MG20260301-0007/return',
      total_amount: '299.00',
    })
  })

  test('Alipay takes yuan only, and is not built half-configured', async ({ assert }) => {
    const usd = checkout('desktop')
    usd.order.currency = 'USD'
    await assert.rejects(() => provider().createCheckout(usd), /CNY only/)
    assert.throws(
      () => new AlipayProvider({ ...alipayTestConfig(), alipayPublicKey: undefined }),
      /not configured/
    )
    assert.isFalse(AlipayProvider.isConfigured({ gateway: GATEWAY }))
    assert.isTrue(AlipayProvider.isConfigured(alipayTestConfig()))
  })

  test('our key works as PKCS#8 or PKCS#1, as PEM or as the bare base64 body', async ({
    assert,
  }) => {
    const bare = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replaceAll('\n', '')
    const keys = alipayKeys()
    const pkcs1 = createPrivateKey(keys.app.privateKey).export({ type: 'pkcs1', format: 'pem' })
    for (const privateKey of [bare(keys.app.privateKey), String(pkcs1), bare(String(pkcs1))]) {
      const other = new AlipayProvider({
        ...alipayTestConfig(keys, GATEWAY),
        privateKey,
        alipayPublicKey: bare(keys.alipay.publicKey),
      })
      const start = await other.createCheckout(checkout('desktop'))
      const params = new URL(start.redirectUrl).searchParams
      assert.isTrue(signedByOurKey(Object.fromEntries(params)))
      const notification = await other.verifyNotification(signedAlipayNotify(alipayNotifyParams()))
      assert.equal(notification.type, 'payment.succeeded')
    }
  })
})
