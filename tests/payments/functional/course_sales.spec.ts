import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { refundService } from '#payments/index'
import { orderCourse, paySandboxOrder } from '#tests/payments/payments_world'
import { UserFactory } from '#database/factories/user_factory'
import { publishedCourse } from '#tests/courses/courses_helpers'

/** A paid course bought through payments' real checkout and settlement (committed, like every payments test: they run after the courses specs, which count rows). */
async function boughtCourse() {
  const { master, course } = await publishedCourse({ priceFen: 12_800 })
  const buyer = await UserFactory.create()
  const order = await orderCourse(buyer.id, course.id)
  await paySandboxOrder(order)
  await db
    .from('sandbox_payments')
    .where('id', `sbx_${order.number}`)
    .update({ status: 'succeeded' })
  const enrollment = await db
    .from('enrollments')
    .where({ course_id: course.id, apprentice_identity_id: order.buyerIdentityId })
    .firstOrFail()
  return { master, course, buyer, order, enrollment }
}

test.group('Courses sold through payments', () => {
  test('paying enrolls once and counts once; a full refund ends it, revokes the certificate and takes the review out of the rating', async ({
    assert,
  }) => {
    const { course, order, enrollment } = await boughtCourse()
    assert.equal(enrollment.status, 'active')
    const counted = await db.from('courses').where('id', course.id).firstOrFail()
    assert.equal(counted.enrollment_count, 1)

    await db
      .from('enrollments')
      .where('id', enrollment.id)
      .update({
        completed_at: new Date(),
        certificate_code: `cert${crypto.randomUUID().slice(0, 16)}`,
      })
    const now = new Date()
    await db.table('reviews').insert({
      enrollment_id: enrollment.id,
      course_id: course.id,
      apprentice_identity_id: order.buyerIdentityId,
      rating: 2,
      body: '一般',
      created_at: now,
      updated_at: now,
    })
    await db.from('courses').where('id', course.id).increment({ rating_count: 1, rating_sum: 2 })

    const refund = await refundService.refund({
      orderId: order.id,
      amount: 12_800,
      reason: '不满意',
      actorUserId: null,
      key: `refund-${order.number}`,
    })
    assert.equal(refund.status, 'succeeded')
    const ended = await db.from('enrollments').where('id', enrollment.id).firstOrFail()
    assert.equal(ended.status, 'refunded')
    assert.isNotNull(ended.certificate_revoked_at)
    assert.lengthOf(await db.from('reviews').where('enrollment_id', enrollment.id), 0)
    const after = await db.from('courses').where('id', course.id).firstOrFail()
    assert.deepInclude(after, { enrollment_count: 0, rating_count: 0, rating_sum: 0 })
  })

  test('a partial refund keeps the learner enrolled', async ({ assert }) => {
    const { order, enrollment } = await boughtCourse()
    const refund = await refundService.refund({
      orderId: order.id,
      amount: 2_800,
      reason: '部分补偿',
      actorUserId: null,
      key: `partial-${order.number}`,
    })
    assert.equal(refund.status, 'succeeded')
    const kept = await db.from('enrollments').where('id', enrollment.id).firstOrFail()
    assert.equal(kept.status, 'active')
    const partly = await db.from('orders').where('id', order.id).firstOrFail()
    assert.deepInclude(partly, { status: 'partially_refunded', refunded_amount: 2_800 })
  })

  test('a learner refunded may buy the course again and is enrolled again', async ({ assert }) => {
    const { course, buyer, order, enrollment } = await boughtCourse()
    await refundService.refund({
      orderId: order.id,
      amount: 12_800,
      reason: '重买',
      actorUserId: null,
      key: `again-${order.number}`,
    })
    await paySandboxOrder(await orderCourse(buyer.id, course.id))
    const again = await db.from('enrollments').where('id', enrollment.id).firstOrFail()
    assert.equal(again.status, 'active')
  })
})
