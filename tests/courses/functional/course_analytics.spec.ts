import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { IdentityFactory } from '#database/factories/identity_factory'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import { enrollmentService } from '#courses/services/enrollment_service'
import { progressService } from '#courses/services/progress_service'
import { courseAnalytics } from '#courses/services/course_analytics'
import { en, isolateEachTest } from '#tests/helpers'

const DAY = 24 * 3600 * 1000

/** The calendar day of a moment in a zone, as the tables write it (YYYY-MM-DD). */
const dayIn = (date: Date, zone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone, dateStyle: 'short' }).format(date)

/**
 * A course of three lessons (the second titled with markup) and five
 * learners: enrolled today, 2, 3, 20 and 40 days ago; the first finished
 * it, the second did two lessons, the third one lesson, the fourth none and
 * the fifth one lesson and then was refunded (counted nowhere).
 */
async function courseWithLearners() {
  const { user, identity } = await certifiedMaster()
  const { course, lessons } = await courseWithLessons(identity, ['text', 'text', 'text'])
  await db.from('lessons').where('id', lessons[1].id).update({ title: '<b>Glaze</b> & fire' })
  const now = Date.now()
  const plan = [
    { daysAgo: 0, done: 3, activeDaysAgo: 0 },
    { daysAgo: 2, done: 2, activeDaysAgo: 2 },
    { daysAgo: 3, done: 1, activeDaysAgo: 10 },
    { daysAgo: 20, done: 0, activeDaysAgo: null },
    { daysAgo: 40, done: 1, activeDaysAgo: 1, refunded: true },
  ]
  const created: Date[] = []
  for (const row of plan) {
    const learner = await UserFactory.create()
    const enrollment = await enrollmentService.enroll(learner.id, course)
    for (const lesson of lessons.slice(0, row.done)) {
      await progressService.complete(enrollment, lesson)
    }
    const createdAt = new Date(now - row.daysAgo * DAY)
    created.push(createdAt)
    await db
      .from('enrollments')
      .where('id', enrollment.id)
      .update({
        created_at: createdAt,
        last_activity_at:
          row.activeDaysAgo === null ? null : new Date(now - row.activeDaysAgo * DAY),
        status: row.refunded ? 'refunded' : 'active',
      })
  }
  user.timeZone = 'Asia/Shanghai'
  await user.save()
  return { user, identity, course, lessons, created }
}

test.group('Courses: analytics for the master', (group) => {
  isolateEachTest(group)

  test('the master sees learners, completion, enrollments per day and the drop-off per lesson', async ({
    client,
    assert,
  }) => {
    const { user, course, created } = await courseWithLearners()
    const response = await client.get(`/teach/courses/${course.id}/analytics`).loginAs(user)
    response.assertStatus(200)
    const html = response.text()
    const figure = (key: string) =>
      html.match(new RegExp(`<dt>${en(`courses_learning.analytics.${key}`)}</dt><dd>(\\d+)`))?.[1]
    assert.equal(figure('enrolled'), '4')
    assert.equal(figure('active7'), '2')
    assert.equal(figure('active30'), '3')
    assert.include(html, '25%')
    assert.include(
      html,
      en('courses_learning.analytics.completed_of', { completed: 1, enrolled: 4 })
    )

    // per day: 30 rows, the enrollments of the last 30 days on their days (the refunded one counts nowhere)
    const rows = [...html.matchAll(/<tr><td>(\d{4}-\d{2}-\d{2})<\/td><td>(\d+)<\/td><\/tr>/g)]
    assert.lengthOf(rows, 30)
    const counts = Object.fromEntries(rows.map((m) => [m[1], Number(m[2])]))
    assert.equal(counts[dayIn(created[0], 'Asia/Shanghai')], 1)
    assert.equal(counts[dayIn(created[1], 'Asia/Shanghai')], 1)
    assert.equal(counts[dayIn(created[3], 'Asia/Shanghai')], 1)
    assert.equal(
      rows.reduce((sum, m) => sum + Number(m[2]), 0),
      4
    )
    assert.include(html, 'role="img"')

    // the drop-off, in syllabus order: 3, 2 and 1 of the 4 active enrollments
    const reach = [
      ...html.matchAll(/<tr><td>([^<]*(?:&[^<]*)?)<\/td><td>(\d+)<\/td><td>(\d+%)<\/td><\/tr>/g),
    ]
    assert.deepEqual(
      reach.map((m) => m[3]),
      ['75%', '50%', '25%']
    )
    // a lesson title is text in the chart and the table, never markup
    assert.notInclude(html, '<b>Glaze</b>')
    assert.include(html, '&lt;b&gt;Glaze&lt;/b&gt; &amp; fire')
    assert.equal(response.header('cache-control'), 'private, no-store')
  })

  test('per week: 26 weeks from Monday, each active enrollment counted once', async ({
    client,
    assert,
  }) => {
    const { user, course } = await courseWithLearners()
    const response = await client
      .get(`/teach/courses/${course.id}/analytics?period=week`)
      .loginAs(user)
    response.assertStatus(200)
    const rows = [
      ...response.text().matchAll(/<tr><td>(\d{4}-\d{2}-\d{2})<\/td><td>(\d+)<\/td><\/tr>/g),
    ]
    assert.lengthOf(rows, 26)
    for (const [, start] of rows) assert.equal(new Date(`${start}T12:00:00Z`).getUTCDay(), 1)
    assert.equal(
      rows.reduce((sum, m) => sum + Number(m[2]), 0),
      4
    )
  })

  test('an unknown period is a 400 that says which ones exist', async ({ client, assert }) => {
    const { user, course } = await courseWithLearners()
    const response = await client
      .get(`/teach/courses/${course.id}/analytics?period=year`)
      .loginAs(user)
    response.assertStatus(400)
    assert.include(response.text(), en('courses_learning.errors.unknown_period'))
  })

  test('a course with no learners and no lessons shows zeros, not errors', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    const { course } = await courseWithLessons(identity, [], { status: 'draft' })
    const response = await client.get(`/teach/courses/${course.id}/analytics`).loginAs(user)
    response.assertStatus(200)
    assert.include(response.text(), '0%')
    assert.include(response.text(), en('courses_learning.analytics.no_lessons'))
    assert.notMatch(response.text(), /NaN|Infinity/)
  })

  test('another master, the owner acting as an apprentice, an enrolled learner and a guest are refused', async ({
    client,
  }) => {
    const { user, identity, course } = await courseWithLearners()
    const url = `/teach/courses/${course.id}/analytics`
    const { user: otherMaster } = await certifiedMaster()
    const byOtherMaster = await client.get(url).loginAs(otherMaster)
    byOtherMaster.assertStatus(403)

    // the same person, acting as their apprentice identity of the same field
    const apprentice = await IdentityFactory.merge({
      userId: user.id,
      fieldId: identity.fieldId,
    }).create()
    user.defaultIdentityId = apprentice.id
    await user.save()
    const asApprentice = await client.get(url).loginAs(user)
    asApprentice.assertStatus(403)

    const learner = await UserFactory.create()
    await enrollmentService.enroll(learner.id, course)
    const byLearner = await client.get(url).loginAs(learner)
    byLearner.assertStatus(403)

    const guest = await client.get(url).redirects(0)
    guest.assertStatus(302)
    guest.assertHeader('location', '/login')
    const missing = await client.get('/teach/courses/999999999/analytics').loginAs(otherMaster)
    missing.assertStatus(404)
  })

  test('enrollments over time: whole days in the reader’s zone, oldest first, empty days zero', async ({
    assert,
  }) => {
    const { identity } = await certifiedMaster()
    const { course } = await courseWithLessons(identity, ['text'])
    const learner = await UserFactory.create()
    const enrollment = await enrollmentService.enroll(learner.id, course)
    // 23:30 in Shanghai on Nov 29 is 15:30 UTC the same day; read on Dec 1 at 02:00 Shanghai time
    await db
      .from('enrollments')
      .where('id', enrollment.id)
      .update({ created_at: new Date('2026-11-29T15:30:00Z') })
    const now = new Date('2026-11-30T18:00:00Z')
    const days = await courseAnalytics.enrollmentsOverTime(course.id, 'day', 'Asia/Shanghai', now)
    assert.lengthOf(days, 30)
    assert.equal(days[29].start, '2026-12-01')
    assert.equal(days[0].start, '2026-11-02')
    assert.deepEqual(
      days.filter((d) => d.count),
      [{ start: '2026-11-29', count: 1 }]
    )
    const weeks = await courseAnalytics.enrollmentsOverTime(course.id, 'week', 'Asia/Shanghai', now)
    assert.lengthOf(weeks, 26)
    assert.equal(weeks[25].start, '2026-11-30')
    assert.deepEqual(
      weeks.filter((w) => w.count),
      [{ start: '2026-11-23', count: 1 }]
    )
  })
})
