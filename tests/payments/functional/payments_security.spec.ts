import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiResponse } from '@japa/api-client'
import { ledger, refundService } from '#payments/index'
import { UserFactory } from '#database/factories/user_factory'
import { enrollIn, makeCourse } from '#tests/courses/courses_helpers'
import { countRows, en, zh } from '#tests/helpers'
import {
  buyer,
  checkout,
  orderNumberIn,
  orderOf,
  paidCourse,
  sandboxChoice,
} from '#tests/payments/payments_world'
import {
  deliverSigned,
  postWebhook,
  sandboxEvent,
  sandboxSignature,
  traceOf,
} from '#tests/payments/sandbox_events'

/*
| What an attacker tries against payments: webhooks that are not the
| provider's, prices in the form, other people's orders, things that are not
| for sale, item references that are not ones.
*/

const now = () => Math.floor(Date.now() / 1000)

/** A buyer with an open (pending) order for a paid course. */
async function openOrder(client: Parameters<typeof checkout>[0], price = 19_900) {
  const world = await paidCourse(price)
  const user = await buyer()
  const { location } = await checkout(client, user, world.course)
  const order = await orderOf(orderNumberIn(location!))
  return { ...world, user, order, location: location! }
}

/** A page's refusal: sent back with the reason flashed, or a 409 page that says it. */
function refusedOnPage(response: ApiResponse, message: string) {
  if (response.status() === 302) return response.assertFlashMessage('error', message)
  response.assertStatus(409)
  response.assertTextIncludes(message)
}

const UNTOUCHED = { status: 'pending', events: 0, postings: 0, enrollments: 0 }

test.group('Payments security: webhooks that are not the provider’s', () => {
  test('a forged webhook is a 400 and changes nothing', async ({ client, assert }) => {
    const { order, course } = await openOrder(client)
    const body = sandboxEvent(order)
    const otherBody = sandboxEvent(order, { amount: 1 })
    const forgeries: [string, string, string | undefined][] = [
      ['bad signature', body, sandboxSignature(body, now(), 'not-the-secret')],
      ['no signature', body, undefined],
      ['empty signature', body, ''],
      // well past the 300 s tolerance either way (the server reads its clock a moment later)
      ['old timestamp', body, sandboxSignature(body, now() - 330)],
      ['timestamp from the future', body, sandboxSignature(body, now() + 330)],
      ['signature of another body', otherBody, sandboxSignature(body)],
      ['signature without its time', body, sandboxSignature(body).replace(/^t=\d+,/, '')],
      ['signature in another case', body, sandboxSignature(body).toUpperCase()],
    ]
    for (const [why, sent, signature] of forgeries) {
      const response = await postWebhook(client, sent, signature)
      assert.equal(response.status(), 400, why)
      assert.deepEqual(await traceOf(order, course.id), UNTOUCHED, why)
    }
    // a well-signed event that is not JSON is refused the same way
    const garbage = 'not json {'
    const answer = await postWebhook(client, garbage, sandboxSignature(garbage))
    assert.oneOf(answer.status(), [400, 422])
    assert.deepEqual(await traceOf(order, course.id), UNTOUCHED)
  })

  test('an event replayed later has no second effect, even after a refund', async ({
    client,
    assert,
  }) => {
    const { order, course, user, location } = await openOrder(client, 10_000)
    await sandboxChoice(client, user, location, 'success')
    const paid = { status: 'paid', events: 2, postings: 1, enrollments: 1 }
    assert.deepEqual(await traceOf(order, course.id), paid)
    const sent = await db
      .from('payment_events')
      .where({ order_id: order.id, type: 'payment.succeeded' })
      .firstOrFail()

    // the sandbox's own event again, freshly signed (a captured request replayed)
    const replay = sandboxEvent(order, { id: sent.event_id })
    assert.equal(await deliverSigned(client, replay), 200)
    assert.deepEqual(await traceOf(order, course.id), paid)

    // refunded in full: the old success again, and a new one, give nothing back
    await refundService.refund({
      orderId: order.id,
      amount: 10_000,
      reason: 'test',
      actorUserId: null,
      key: `refund-${crypto.randomUUID()}`,
    })
    const refunded = { status: 'refunded', events: 2, postings: 1, enrollments: 0 }
    assert.deepEqual(await traceOf(order, course.id), refunded)
    assert.equal(await deliverSigned(client, replay), 200)
    const another = sandboxEvent(order)
    assert.equal(await deliverSigned(client, another), 200)
    assert.deepEqual(await traceOf(order, course.id), { ...refunded, events: 3 })
    assert.deepEqual(await ledger.verify(), [])
  })

  test('an event of an unknown type, or of no order of ours, is acknowledged and ignored', async ({
    client,
    assert,
  }) => {
    const { order, course } = await openOrder(client)
    for (const body of [
      sandboxEvent(order, { type: 'charge.dispute.created' }),
      sandboxEvent(order, { type: 'refund.succeeded' }),
      sandboxEvent({ ...order, number: 'MG20990101ABCDEFGHJK' }),
      JSON.stringify({ id: 'evt_x', type: 'payment.succeeded', data: null }),
      JSON.stringify({ type: 'payment.succeeded' }),
      JSON.stringify([]),
    ]) {
      const response = await postWebhook(client, body, sandboxSignature(body))
      assert.equal(response.status(), 200, body)
    }
    assert.deepEqual(await traceOf(order, course.id), UNTOUCHED)
  })

  test('a success of another amount or currency than the order’s does not pay it', async ({
    client,
    assert,
  }) => {
    const { order, course } = await openOrder(client, 19_900)
    for (const tampered of [
      sandboxEvent(order, { amount: 1 }),
      sandboxEvent(order, { amount: 19_899 }),
      sandboxEvent(order, { amount: 19_901 }),
      sandboxEvent(order, { currency: 'USD' }),
      sandboxEvent(order, { amount: '19900' as unknown as number }),
    ]) {
      assert.equal(await deliverSigned(client, tampered), 200)
    }
    const trace = await traceOf(order, course.id)
    assert.deepEqual({ ...trace, events: 0 }, UNTOUCHED)
    assert.deepEqual(await ledger.verify(), [])

    // the provider's true success still pays it
    const real = sandboxEvent(order)
    assert.equal(await deliverSigned(client, real), 200)
    const after = await traceOf(order, course.id)
    assert.equal(after.status, 'paid')
  })
})

test.group('Payments security: checkout', () => {
  test('a price in the checkout form is ignored: the order costs the course’s price', async ({
    client,
    assert,
  }) => {
    const { course } = await paidCourse(29_900)
    const user = await buyer()
    const response = await client
      .post('/checkout')
      .withCsrfToken()
      .loginAs(user)
      .form({
        item: `course:${course.id}`,
        provider: 'sandbox',
        key: `key-${crypto.randomUUID()}`,
        amount: '1',
        price: '1',
        total_amount: '1',
        totalAmount: '1',
        fee_amount: '0',
        currency: 'USD',
      })
      .redirects(0)
    response.assertStatus(302)
    const order = await orderOf(orderNumberIn(response.header('location')!))
    assert.equal(order.total_amount, 29_900)
    assert.equal(order.currency, 'CNY')
    const payment = await db.from('sandbox_payments').where('order_number', order.number).first()
    assert.equal(payment.amount, 29_900)
  })

  test('another user’s order, receipt state and sandbox payment are 404s', async ({
    client,
    assert,
  }) => {
    const { order, location } = await openOrder(client)
    const stranger = await buyer()
    for (const path of [`/orders/${order.number}`, `/orders/${order.number}/status`, location]) {
      const response = await client.get(path).loginAs(stranger)
      assert.equal(response.status(), 404, path)
    }
    const decided = await sandboxChoice(client, stranger, location, 'success')
    decided.assertStatus(404)
    const payment = await db.from('sandbox_payments').where('order_number', order.number).first()
    assert.equal(payment.status, 'open')
    const untouched = await orderOf(order.number)
    assert.equal(untouched.status, 'pending')
    // and an admin is no buyer either: their view is /admin/orders
    const admin = await UserFactory.merge({ staffRole: 'admin' }).create()
    const asAdmin = await client.get(`/orders/${order.number}`).loginAs(admin)
    asAdmin.assertStatus(404)
  })

  test('an unverified account cannot open or submit checkout; it is prompted to verify', async ({
    client,
    assert,
  }) => {
    const { course } = await paidCourse()
    const user = await UserFactory.apply('unverified').create()
    const page = await client
      .get(`/checkout?item=course:${course.id}`)
      .loginAs(user)
      .header('accept-language', 'en')
    page.assertStatus(403)
    page.assertTextIncludes(en('auth.verify_first.payments_pay'))
    page.assertTextIncludes('action="/verify-email/resend"')
    const submitted = await client
      .post('/checkout')
      .withCsrfToken()
      .loginAs(user)
      .header('accept-language', 'en')
      .form({ item: `course:${course.id}`, provider: 'sandbox', key: `key-${crypto.randomUUID()}` })
      .redirects(0)
    submitted.assertStatus(403)
    submitted.assertTextIncludes(en('auth.verify_first.payments_pay'))
    assert.equal(await countRows('orders', { buyer_user_id: user.id }), 0)
  })

  test('one’s own course, a free one, a draft, one already enrolled in: a clear refusal, no order', async ({
    client,
    assert,
  }) => {
    const { course: own, master } = await paidCourse()
    const free = await makeCourse(master, { priceFen: 0 })
    const draft = await makeCourse(master, { priceFen: 9_900, status: 'draft' })
    const archived = await makeCourse(master, { priceFen: 9_900, status: 'archived' })
    const taken = await makeCourse(master, { priceFen: 9_900 })
    const user = await buyer()
    await enrollIn(taken, user)
    const cases = [
      [master.user, own, 'courses.errors.own_course'],
      [user, free, 'courses.errors.free_course'],
      [user, draft, 'courses.errors.not_open'],
      [user, archived, 'courses.errors.not_open'],
      [user, taken, 'courses.errors.already_enrolled'],
    ] as const
    for (const [who, course, message] of cases) {
      const inTheirLanguage = who.locale === 'en' ? en(message) : zh(message)
      // a page is sent back where it came from, the reason flashed, or shows the reason
      const page = await client
        .get(`/checkout?item=course:${course.id}`)
        .loginAs(who)
        .header('referer', `/courses/${course.id}`)
        .redirects(0)
      refusedOnPage(page, inTheirLanguage)
      if (page.status() === 302) page.assertHeader('location', `/courses/${course.id}`)
      const form = {
        item: `course:${course.id}`,
        provider: 'sandbox',
        key: `key-${crypto.randomUUID()}`,
      }
      const submitted = await client
        .post('/checkout')
        .withCsrfToken()
        .loginAs(who)
        .form(form)
        .redirects(0)
      refusedOnPage(submitted, inTheirLanguage)
      // and anyone asking for JSON reads the 409 and why
      const asked = await client
        .post('/checkout')
        .withCsrfToken()
        .loginAs(who)
        .accept('json')
        .header('accept-language', 'en')
        .json(form)
      asked.assertStatus(409)
      asked.assertBodyContains({ message: en(message) })
      assert.equal(await countRows('orders', { buyer_user_id: who.id }), 0, message)
    }
  })

  test('item references that are not ones are 4xx, never 500, and make no order', async ({
    client,
    assert,
  }) => {
    const user = await buyer()
    const refs = [
      'course:0',
      'course:abc',
      'course:-1',
      'course:1.5',
      'course:1:2',
      'nope:1',
      'course:999999999',
      'course:999999999999999999',
      'COURSE:1',
      ':1',
      '',
    ]
    for (const item of refs) {
      // a page: sent back (the bad parameter flashed) or the not-for-sale page
      const page = await client.get('/checkout').qs({ item }).loginAs(user).redirects(0)
      assert.oneOf(page.status(), [302, 404], `show ${item}`)
      const asked = await client.get('/checkout').qs({ item }).loginAs(user).accept('json')
      assert.oneOf(asked.status(), [404, 422], `show ${item}`)
      const submitted = await client
        .post('/checkout')
        .withCsrfToken()
        .loginAs(user)
        .accept('json')
        .json({ item, provider: 'sandbox', key: `key-${crypto.randomUUID()}` })
      assert.oneOf(submitted.status(), [404, 422], `submit ${item}`)
    }
    const missing = await client.get('/checkout').loginAs(user).accept('json')
    missing.assertStatus(422)
    const { course } = await paidCourse()
    for (const form of [
      { provider: 'sandbox', key: `key-${crypto.randomUUID()}` },
      { item: `course:${course.id}`, provider: 'nope', key: `key-${crypto.randomUUID()}` },
      { item: `course:${course.id}`, key: `key-${crypto.randomUUID()}` },
      { item: `course:${course.id}`, provider: 'sandbox', key: 'short' },
      { item: `course:${course.id}`, provider: 'sandbox' },
    ]) {
      const submitted = await client
        .post('/checkout')
        .withCsrfToken()
        .loginAs(user)
        .accept('json')
        .json(form)
      assert.oneOf(submitted.status(), [422], JSON.stringify(form))
    }
    assert.equal(await countRows('orders', { buyer_user_id: user.id }), 0)
  })
})
