import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import { UserFactory } from '#database/factories/user_factory'
import Enrollment from '#courses/models/enrollment'
import { enrollmentService } from '#courses/services/enrollment_service'
import { progressService } from '#courses/services/progress_service'
import { en, isolateEachTest } from '#tests/helpers'

/*
| Attacks on publishing: a master whose certification no longer holds
| (suspended, or sent back to pending) keeps editing their drafts, but
| nothing they do may put a course in front of learners — nor make one on
| sale — without the checks publishing makes.
*/

const DETAILS = {
  title: 'Wheel throwing basics',
  level: 'beginner',
  language: 'en',
  description: 'We throw bowls.',
  pricing: 'free',
}

async function uncertifiedMasterWith(status: 'archived' | 'published') {
  const { user, identity } = await certifiedMaster()
  const { course } = await courseWithLessons(identity, ['text'], { status })
  await db.from('identities').where('id', identity.id).update({ status: 'suspended' })
  return { user, course }
}

test.group('Attack: publishing around the publish check', (group) => {
  isolateEachTest(group)

  test('a suspended master cannot bring an archived course back to the catalogue', async ({
    client,
    assert,
  }) => {
    const { user, course } = await uncertifiedMasterWith('archived')
    const response = await client
      .post(`/teach/courses/${course.id}/reopen`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(403)
    await course.refresh()
    assert.equal(course.status, 'archived')
  })

  test('a suspended master cannot put a published free course on sale', async ({
    client,
    assert,
  }) => {
    const { user, course } = await uncertifiedMasterWith('published')
    const response = await client
      .post(`/teach/courses/${course.id}`)
      .loginAs(user)
      .withCsrfToken()
      .form({ ...DETAILS, pricing: 'paid', price: '99' })
      .redirects(0)
    response.assertStatus(403)
    await course.refresh()
    assert.equal(course.priceFen, 0)
  })

  test('a suspended master still edits the details of a published course, free', async ({
    client,
    assert,
  }) => {
    const { user, course } = await uncertifiedMasterWith('published')
    const response = await client
      .post(`/teach/courses/${course.id}`)
      .loginAs(user)
      .withCsrfToken()
      .form(DETAILS)
      .redirects(0)
    response.assertStatus(302)
    await course.refresh()
    assert.equal(course.title, DETAILS.title)
  })
})

test.group('Attack: a stale syllabus in another tab', (group) => {
  isolateEachTest(group)

  test('a drag and drop over a syllabus changed meanwhile gets the syllabus as it is, with why, not JSON', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    const { course, section, lessons } = await courseWithLessons(identity, ['text', 'text', 'text'])
    // another tab deleted the last lesson; this tab still shows it
    await lessons[2].delete()
    const response = await client
      .post(`/teach/courses/${course.id}/order`)
      .loginAs(user)
      .withCsrfToken()
      .header('hx-request', 'true')
      .header('accept-language', 'en')
      .form({ order: `${section.id}:${lessons[2].id},${lessons[1].id},${lessons[0].id}` })
    response.assertStatus(422)
    assert.match(response.header('content-type') ?? '', /^text\/html/)
    assert.include(response.text(), 'data-sections')
    assert.include(response.text(), `data-lesson-id="${lessons[1].id}"`)
    assert.notInclude(response.text(), `data-lesson-id="${lessons[2].id}"`)
    assert.include(response.text(), en('courses_teach.errors.order_mismatch'))
  })
})

test.group('Attack: a video card polled over a bad link', (group) => {
  isolateEachTest(group)

  test('a processing card that polls keeps itself on an error answer (a restart, a lost session) and polls on', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    const { lessons } = await courseWithLessons(identity, ['video'])
    await db.table('lesson_videos').insert({
      lesson_id: lessons[0].id,
      original_key: 'course-videos/00000000-0000-4000-8000-000000000000.mp4',
      original_size: 1000,
      original_type: 'video/mp4',
      state: 'processing',
      created_at: new Date(),
      updated_at: new Date(),
    })
    const card = await client
      .get(`/teach/lessons/${lessons[0].id}/video/card`)
      .loginAs(user)
      .header('hx-request', 'true')
    card.assertStatus(200)
    assert.include(card.text(), 'hx-trigger="every 3s"')
    // htmx 4 swaps error answers in: without these the card became the error's text and stopped
    assert.include(card.text(), 'hx-status:4xx="swap:none"')
    assert.include(card.text(), 'hx-status:5xx="swap:none"')
  })
})

test.group('Attack: the syllabus shrinks under its learners', (group) => {
  isolateEachTest(group)

  test('a learner who had done every other lesson completes the course, with a certificate, when the master deletes the last one', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    const { course, lessons } = await courseWithLessons(identity, ['text', 'text', 'text'])
    const learner = await UserFactory.create()
    const enrollment = await enrollmentService.enroll(learner.id, course)
    await progressService.complete(enrollment, lessons[0])
    await progressService.complete(enrollment, lessons[1])
    const halfway = await UserFactory.create()
    const other = await enrollmentService.enroll(halfway.id, course)
    await progressService.complete(other, lessons[0])

    const response = await client
      .post(`/teach/lessons/${lessons[2].id}/delete`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)

    await enrollment.refresh()
    assert.equal(enrollment.progressPercent, 100)
    assert.isNotNull(enrollment.completedAt)
    assert.match(enrollment.certificateCode!, /^[\w-]{20}$/)
    const told = await db
      .from('notifications')
      .where({ recipient_id: learner.id, kind: 'courses.completed' })
    assert.lengthOf(told, 1)
    const stillLearning = await Enrollment.findOrFail(other.id)
    assert.equal(stillLearning.progressPercent, 50)
    assert.isNull(stillLearning.completedAt)
    assert.isNull(stillLearning.certificateCode)
  })
})
