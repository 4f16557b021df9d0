import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import { UserFactory } from '#database/factories/user_factory'
import Course from '#courses/models/course'
import {
  REVIEW_REPORT_LIMIT,
  REVIEWS_PAGE_SIZE,
  reviewService,
} from '#courses/services/review_service'
import { countRows, fieldErrors, isolateEachTest } from '#tests/helpers'
import {
  apprenticeIn,
  certifiedMaster,
  enrollIn,
  makeCourse,
  type Person,
  expectStatus,
} from '#tests/courses/courses_helpers'

const english = { 'accept-language': 'en' }

function review(client: ApiClient, user: User, course: Course, form: Record<string, string>) {
  return client
    .post(`/courses/${course.id}/review`)
    .headers(english)
    .header('referer', `/courses/${course.id}`)
    .loginAs(user)
    .form(form)
    .withCsrfToken()
    .redirects(0)
}

function reply(client: ApiClient, user: User, reviewId: number, text: string, session = {}) {
  return client
    .post(`/course-reviews/${reviewId}/reply`)
    .headers(english)
    .header('referer', '/came-from')
    .loginAs(user)
    .withSession(session)
    .form({ reply: text })
    .withCsrfToken()
    .redirects(0)
}

function report(client: ApiClient, user: User, reviewId: number, reason = 'spam') {
  return client
    .post(`/course-reviews/${reviewId}/report`)
    .headers(english)
    .header('referer', '/came-from')
    .loginAs(user)
    .form({ reason })
    .withCsrfToken()
    .redirects(0)
}

async function counts(course: Course) {
  const row = await Course.findOrFail(course.id)
  return { count: row.ratingCount, sum: row.ratingSum }
}

/** A course with a learner who completed a lesson, and their review. */
async function reviewed(rating = 4, body = 'Good course') {
  const master = await certifiedMaster()
  const course = await makeCourse(master, { title: 'Raku firing' })
  const learner = await UserFactory.merge({ displayName: 'Learner Wu' }).create()
  await enrollIn(course, learner, { completed: 1 })
  const written = await reviewService.save(learner.id, course, { rating, body })
  return { master, course, learner, review: written }
}

test.group('Course reviews', (group) => {
  isolateEachTest(group)

  test('a learner who completed a lesson reviews; the page shows it and the rating', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, { title: 'Raku firing' })
    const learner = await UserFactory.merge({ displayName: 'Learner Wu' }).create()
    await enrollIn(course, learner, { completed: 1 })

    const page = await client.get(`/courses/${course.id}`).headers(english).loginAs(learner)
    assert.include(page.text(), `action="/courses/${course.id}/review"`)

    const response = await review(client, learner, course, { rating: '4', body: 'Hot and good' })
    response.assertStatus(302)
    assert.equal(response.header('location'), `/courses/${course.id}#my-review`)
    assert.deepEqual(await counts(course), { count: 1, sum: 4 })

    const after = await client.get(`/courses/${course.id}`).headers(english)
    assert.include(after.text(), 'Hot and good')
    assert.include(after.text(), 'Learner Wu')
    assert.include(after.text(), '4 stars · 1 review')
  })

  test('editing the review keeps one review and moves the sum by the difference', async ({
    client,
    assert,
  }) => {
    const { course, learner } = await reviewed(4)
    const response = await review(client, learner, course, { rating: '2', body: 'Changed my mind' })
    response.assertStatus(302)
    assert.deepEqual(await counts(course), { count: 1, sum: 2 })
    assert.equal(await countRows('reviews', { course_id: course.id }), 1)
    const page = await client.get(`/courses/${course.id}`).headers(english).loginAs(learner)
    assert.include(page.text(), 'Edit your review')
    assert.include(page.text(), 'Changed my mind')
  })

  test('without a completed lesson, or not enrolled, there is no review', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master)
    const fresh = await UserFactory.create()
    await enrollIn(course, fresh)
    const stranger = await UserFactory.create()

    const page = await client.get(`/courses/${course.id}`).headers(english).loginAs(fresh)
    assert.include(page.text(), 'Complete at least one lesson to review this course.')
    assert.notInclude(page.text(), `action="/courses/${course.id}/review"`)

    const refused = await review(client, fresh, course, { rating: '5', body: 'x' })
    refused.assertStatus(403)
    assert.include(refused.text(), 'Complete at least one lesson before reviewing.')
    const other = await review(client, stranger, course, { rating: '5', body: 'x' })
    other.assertStatus(403)
    assert.include(other.text(), 'Only learners enrolled in this course can review it.')
    // its own master cannot review it either
    await expectStatus(review(client, master.user, course, { rating: '5', body: 'x' }), 403)
    assert.equal(await countRows('reviews'), 0)
    assert.deepEqual(await counts(course), { count: 0, sum: 0 })

    const guest = await client
      .post(`/courses/${course.id}/review`)
      .form({ rating: '5', body: 'x' })
      .withCsrfToken()
      .redirects(0)
    guest.assertStatus(302)
    assert.equal(guest.header('location'), '/login')
  })

  test('a refused review is a 403 with its reason', async ({ client, assert }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master)
    const stranger = await UserFactory.create()
    const response = await client
      .post(`/courses/${course.id}/review`)
      .header('hx-request', 'true')
      .headers(english)
      .loginAs(stranger)
      .form({ rating: '5', body: 'x' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(403)
    assert.include(response.text(), 'Only learners enrolled')
  })

  test('a wrong rating or an empty text is refused on its field; nothing is written', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master)
    const learner = await UserFactory.create()
    await enrollIn(course, learner, { completed: 1 })
    for (const form of <Record<string, string>[]>[
      { rating: '6', body: 'ok' },
      { rating: '0', body: 'ok' },
      { rating: '4.5', body: 'ok' },
      { rating: 'five', body: 'ok' },
      { rating: '4', body: '   ' },
      { rating: '4', body: 'x'.repeat(2001) },
      { body: 'ok' },
    ]) {
      const response = await review(client, learner, course, form)
      response.assertStatus(302)
      assert.equal(response.header('location'), `/courses/${course.id}`)
      assert.isNotEmpty(fieldErrors(response), JSON.stringify(form))
    }
    assert.equal(await countRows('reviews'), 0)
    assert.deepEqual(await counts(course), { count: 0, sum: 0 })
  })

  test('the master replies once, under the review; a second reply is refused', async ({
    client,
    assert,
  }) => {
    const { master, course, review: written } = await reviewed()
    const first = await reply(client, master.user, written.id, 'Thank you!')
    first.assertStatus(302)
    assert.equal(first.header('location'), `/courses/${course.id}#review-${written.id}`)
    const page = await client.get(`/courses/${course.id}`).headers(english)
    assert.include(page.text(), 'Teacher&#x27;s reply')
    assert.include(page.text(), 'Thank you!')

    const second = await reply(client, master.user, written.id, 'Again')
    second.assertStatus(302)
    assert.equal(second.header('location'), '/came-from')
    const row = await db.from('reviews').where('id', written.id).first()
    assert.equal(row.master_reply, 'Thank you!')
  })

  test('another master, the learner, or the master acting as an apprentice cannot reply', async ({
    client,
    assert,
  }) => {
    const { master, learner, review: written } = await reviewed()
    const other: Person = await certifiedMaster({ field: master.field })
    await expectStatus(reply(client, other.user, written.id, 'Not mine'), 403)
    await expectStatus(reply(client, learner, written.id, 'Me'), 403)
    const apprentice = await apprenticeIn(master.field, master.user)
    const asApprentice = await reply(client, master.user, written.id, 'Wrong hat', {
      identity_id: apprentice.identity.id,
    })
    asApprentice.assertStatus(403)
    const empty = await reply(client, master.user, written.id, '  ')
    empty.assertStatus(302)
    assert.property(fieldErrors(empty), 'reply')
    const row = await db.from('reviews').where('id', written.id).first()
    assert.isNull(row.master_reply)
    await expectStatus(reply(client, master.user, 999999999, 'x'), 404)
  })

  test('anyone signed in reports a review once; their own they cannot', async ({
    client,
    assert,
  }) => {
    const { learner, review: written } = await reviewed()
    const reader = await UserFactory.create()
    await expectStatus(report(client, reader, written.id, 'spam'), 302)
    await expectStatus(report(client, reader, written.id, 'abuse'), 302)
    const rows = await db.from('review_reports').where('review_id', written.id)
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].reason, 'spam')
    assert.equal(rows[0].reporter_user_id, reader.id)

    const own = await report(client, learner, written.id)
    own.assertStatus(403)
    assert.include(own.text(), 'You cannot report your own review.')
    const wrong = await report(client, reader, written.id, 'boring')
    assert.property(fieldErrors(wrong), 'reason')
    assert.equal(await countRows('review_reports'), 1)
  })

  test('reports are throttled per person', async ({ client, assert }) => {
    const reader = await UserFactory.create()
    const ids: number[] = []
    const master = await certifiedMaster()
    const course = await makeCourse(master)
    for (let i = 0; i <= REVIEW_REPORT_LIMIT.requests; i++) {
      const learner = await UserFactory.create()
      await enrollIn(course, learner, { completed: 1 })
      const saved = await reviewService.save(learner.id, course, { rating: 3, body: `R${i}` })
      ids.push(saved.id)
    }
    for (const id of ids.slice(0, REVIEW_REPORT_LIMIT.requests)) {
      await expectStatus(report(client, reader, id), 302)
    }
    const over = await report(client, reader, ids.at(-1)!)
    over.assertStatus(429)
    assert.equal(await countRows('review_reports'), REVIEW_REPORT_LIMIT.requests)
  })

  test('the reviews page lists all, newest first, with "next" as an htmx fragment', async ({
    client,
    assert,
  }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, { title: 'Popular' })
    for (let i = 0; i < REVIEWS_PAGE_SIZE + 2; i++) {
      const learner = await UserFactory.create()
      await enrollIn(course, learner, { completed: 1 })
      await reviewService.save(learner.id, course, { rating: 5, body: `Review number ${i}` })
      await db
        .from('reviews')
        .where('body', `Review number ${i}`)
        .update({ created_at: new Date(Date.now() - (100 - i) * 60_000) })
    }
    const coursePage = await client.get(`/courses/${course.id}`).headers(english)
    assert.include(coursePage.text(), `href="/courses/${course.id}/reviews"`)

    const first = await client.get(`/courses/${course.id}/reviews`).headers(english)
    first.assertStatus(200)
    const order = [...first.text().matchAll(/Review number (\d+)/g)].map((m) => Number(m[1]))
    assert.deepEqual(order.slice(0, 3), [
      REVIEWS_PAGE_SIZE + 1,
      REVIEWS_PAGE_SIZE,
      REVIEWS_PAGE_SIZE - 1,
    ])
    assert.lengthOf(order, REVIEWS_PAGE_SIZE)
    assert.include(first.text(), `hx-get="/courses/${course.id}/reviews?page=2"`)

    const more = await client
      .get(`/courses/${course.id}/reviews?page=2`)
      .header('hx-request', 'true')
      .headers(english)
    more.assertStatus(200)
    assert.notInclude(more.text(), '<html')
    assert.deepEqual(
      [...more.text().matchAll(/Review number (\d+)/g)].map((m) => Number(m[1])),
      [1, 0]
    )
    assert.notInclude(more.text(), 'page=3')
    await expectStatus(client.get(`/courses/${course.id}/reviews?page=abc`), 200)
  })
})

/** Races on committed rows: each call takes its own pool connection, as two requests would. */
test.group('Course reviews under concurrency', () => {
  test('two learners reviewing at the same moment are both counted', async ({
    assert,
    cleanup,
  }) => {
    const master = await certifiedMaster()
    const course = await makeCourse(master, { title: 'Race' })
    const learners = await UserFactory.createMany(2)
    for (const learner of learners) await enrollIn(course, learner, { completed: 1 })
    cleanup(async () => {
      await db.from('courses').where('id', course.id).delete()
      await db
        .from('users')
        .whereIn('id', [master.user.id, ...learners.map((l) => l.id)])
        .delete()
      await db.from('fields').where('id', master.field.id).delete()
    })
    await Promise.all([
      reviewService.save(learners[0].id, course, { rating: 5, body: 'A' }),
      reviewService.save(learners[1].id, course, { rating: 2, body: 'B' }),
      reviewService.save(learners[1].id, course, { rating: 3, body: 'B again' }),
    ])
    const row = await Course.findOrFail(course.id)
    const reviews = await db.from('reviews').where('course_id', course.id)
    assert.lengthOf(reviews, 2)
    assert.equal(row.ratingCount, 2)
    assert.equal(
      row.ratingSum,
      reviews.reduce((sum, one) => sum + Number(one.rating), 0)
    )
    // the learner's second submission edited their one review
    assert.include([2, 3], Number(reviews.find((one) => one.body !== 'A').rating))
  })
})
