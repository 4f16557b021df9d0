import { test } from '@japa/runner'
import { AlipayProvider } from '#payments/providers/alipay_provider'
import type { RefundRequest } from '#payments/providers/payment_provider'
import {
  alipayKeys,
  alipayTestConfig,
  otherAlipayKeys,
  signedByOurKey,
} from '#tests/payments/provider_fixtures'
import { fakeAlipayGateway } from '#tests/payments/provider_fakes'

const refundRequest: RefundRequest = {
  orderNumber: 'MG-9',
  providerReference: '2026030122001400001',
  orderAmount: 29_900,
  amount: 12_345,
  currency: 'CNY',
  refundKey: 'refund-9-1',
  reason: '课程取消',
}

const OK = { code: '10000', msg: 'Success' }
const business = (sub_code: string, sub_msg: string) => ({
  code: '40004',
  msg: 'Business Failed',
  sub_code,
  sub_msg,
})

/** An Alipay provider talking to a fake gateway that answers `answer`. */
async function withGateway(
  answer: (method: string, bizContent: Record<string, string>) => Record<string, unknown> | null,
  keys = alipayKeys()
) {
  const fake = await fakeAlipayGateway(answer, keys)
  return { fake, provider: new AlipayProvider(alipayTestConfig(alipayKeys(), fake.gateway)) }
}

test.group('Alipay refunds and trade queries (a loopback gateway)', () => {
  test('a refund sends yuan and our refund key, and money that moved is a refund made', async ({
    assert,
    cleanup,
  }) => {
    const { fake, provider } = await withGateway(() => ({
      ...OK,
      trade_no: '2026030122001400001',
      out_trade_no: 'MG-9',
      refund_fee: '123.45',
      fund_change: 'Y',
    }))
    cleanup(fake.close)

    const result = await provider.refund(refundRequest)
    assert.deepEqual(result, { status: 'succeeded', providerReference: '2026030122001400001' })
    const [call] = fake.calls()
    assert.equal(call.alipayMethod, 'alipay.trade.refund')
    assert.deepEqual(call.bizContent, {
      out_trade_no: 'MG-9',
      refund_amount: '123.45',
      out_request_no: 'refund-9-1',
      refund_reason: '课程取消',
    })
    assert.isTrue(signedByOurKey({ ...call.query, ...call.form }))
  })

  test('a repeated refund (no money moved now) asks Alipay whether it was made', async ({
    assert,
    cleanup,
  }) => {
    let settled = 'REFUND_SUCCESS'
    const { fake, provider } = await withGateway((method) =>
      method === 'alipay.trade.refund'
        ? { ...OK, trade_no: 'T1', fund_change: 'N' }
        : { ...OK, out_request_no: 'refund-9-1', refund_status: settled }
    )
    cleanup(fake.close)

    assert.containsSubset(await provider.refund(refundRequest), { status: 'succeeded' })
    const query = fake.calls()[1]
    assert.equal(query.alipayMethod, 'alipay.trade.fastpay.refund.query')
    assert.deepEqual(query.bizContent, { out_trade_no: 'MG-9', out_request_no: 'refund-9-1' })

    settled = ''
    assert.containsSubset(await provider.refund(refundRequest), { status: 'pending' })
  })

  test('a refund asked again after no answer is the refund of its key, made once', async ({
    assert,
    cleanup,
  }) => {
    // an Alipay that refunds once per out_request_no and, for now, loses its answers
    const made = new Map<string, string>()
    let answering = false
    const { fake, provider } = await withGateway((method, biz) => {
      if (method === 'alipay.trade.fastpay.refund.query') {
        const amount = made.get(biz.out_request_no)
        return amount
          ? {
              ...OK,
              trade_no: 'T9',
              out_request_no: biz.out_request_no,
              refund_amount: amount,
              refund_status: 'REFUND_SUCCESS',
            }
          : OK
      }
      const repeat = made.has(biz.out_request_no)
      if (!repeat) made.set(biz.out_request_no, biz.refund_amount)
      if (!answering) return null
      return { ...OK, trade_no: 'T9', refund_fee: '123.45', fund_change: repeat ? 'N' : 'Y' }
    })
    cleanup(fake.close)

    await assert.rejects(() => provider.refund(refundRequest))
    assert.equal(made.size, 1)

    // later (the refund service's retry job): the same key again
    answering = true
    assert.deepEqual(await provider.refund(refundRequest), {
      status: 'succeeded',
      providerReference: 'T9',
    })
    // the SDK's client may have sent the first one twice itself: always the same request
    const calls = fake.calls()
    const refunds = calls.filter((call) => call.alipayMethod === 'alipay.trade.refund')
    for (const call of refunds) assert.deepEqual(call.bizContent, refunds[0].bizContent)
    assert.equal(refunds[0].bizContent.out_request_no, 'refund-9-1')
    assert.equal(calls.at(-1)!.alipayMethod, 'alipay.trade.fastpay.refund.query')
    assert.equal(made.size, 1)
  })

  test('a repeat Alipay refuses (the trade closed since) is still the refund made under its key', async ({
    assert,
    cleanup,
  }) => {
    let made = true
    const { fake, provider } = await withGateway((method) =>
      method === 'alipay.trade.refund'
        ? business('ACQ.TRADE_STATUS_ERROR', '交易状态不合法')
        : made
          ? { ...OK, trade_no: 'T9', out_request_no: 'refund-9-1', refund_status: 'REFUND_SUCCESS' }
          : OK
    )
    cleanup(fake.close)

    assert.deepEqual(await provider.refund(refundRequest), {
      status: 'succeeded',
      providerReference: 'T9',
    })
    made = false
    assert.deepEqual(await provider.refund(refundRequest), {
      status: 'failed',
      providerReference: null,
      failure: 'ACQ.TRADE_STATUS_ERROR: 交易状态不合法',
    })
  })

  test("a refused refund fails with Alipay's reason; a system error throws to be retried", async ({
    assert,
    cleanup,
  }) => {
    let answer: Record<string, unknown> = business('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限')
    const { fake, provider } = await withGateway(() => answer)
    cleanup(fake.close)

    assert.deepEqual(await provider.refund(refundRequest), {
      status: 'failed',
      providerReference: null,
      failure: 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL: 退款金额超限',
    })

    answer = business('ACQ.SYSTEM_ERROR', '系统错误')
    await assert.rejects(() => provider.refund(refundRequest), /unavailable/)
  })

  test('an answer not signed by Alipay is not believed', async ({ assert, cleanup }) => {
    const { fake, provider } = await withGateway(
      () => ({ ...OK, trade_no: 'T1', fund_change: 'Y' }),
      otherAlipayKeys()
    )
    cleanup(fake.close)

    await assert.rejects(() => provider.refund(refundRequest))
    assert.deepEqual(await provider.fetchStatus({ number: 'MG-9', providerReference: null }), {
      status: 'unknown',
    })
  })

  test('a trade query says paid (exact amount), waiting, closed or not yet started', async ({
    assert,
    cleanup,
  }) => {
    let answer: Record<string, unknown> = {}
    const { fake, provider } = await withGateway(() => answer)
    cleanup(fake.close)
    const status = () => provider.fetchStatus({ number: 'MG-9', providerReference: null })

    answer = {
      ...OK,
      trade_no: 'T9',
      out_trade_no: 'MG-9',
      trade_status: 'TRADE_SUCCESS',
      total_amount: '1234.56',
    }
    assert.deepEqual(await status(), { status: 'paid', amount: 123_456, providerReference: 'T9' })
    assert.equal(fake.calls()[0].alipayMethod, 'alipay.trade.query')
    assert.deepEqual(fake.calls()[0].bizContent, { out_trade_no: 'MG-9' })

    answer = { ...OK, trade_no: 'T9', trade_status: 'WAIT_BUYER_PAY', total_amount: '1234.56' }
    assert.deepEqual(await status(), { status: 'pending', providerReference: 'T9' })

    answer = { ...OK, trade_no: 'T9', trade_status: 'TRADE_CLOSED', total_amount: '1234.56' }
    assert.deepEqual(await status(), { status: 'failed', providerReference: 'T9' })

    answer = business('ACQ.TRADE_NOT_EXIST', '交易不存在')
    assert.deepEqual(await status(), { status: 'pending' })

    answer = business('ACQ.INVALID_PARAMETER', '参数无效')
    assert.deepEqual(await status(), { status: 'unknown' })
  })

  test('a gateway that is down is an unknown status, not a failed payment', async ({ assert }) => {
    const fake = await fakeAlipayGateway(() => OK)
    await fake.close()
    const provider = new AlipayProvider(alipayTestConfig(alipayKeys(), fake.gateway))
    assert.deepEqual(await provider.fetchStatus({ number: 'MG-9', providerReference: null }), {
      status: 'unknown',
    })
    await assert.rejects(() => provider.refund(refundRequest))
  })
})
