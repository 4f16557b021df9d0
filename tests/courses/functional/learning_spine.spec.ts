import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Enrollment from '#courses/models/enrollment'
import { enrollmentService } from '#courses/services/enrollment_service'
import { progressService } from '#courses/services/progress_service'
import { UserFactory } from '#database/factories/user_factory'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import { countRows, en, isolateEachTest } from '#tests/helpers'

test.group('Courses: enrolling and learning', (group) => {
  isolateEachTest(group)

  test('an apprentice enrolls in a free course, becomes an apprentice of its field and lands on the first lesson', async ({
    client,
    assert,
  }) => {
    const { identity: master } = await certifiedMaster()
    const { course, lessons } = await courseWithLessons(master)
    const learner = await UserFactory.create()

    const response = await client
      .post(`/courses/${course.id}/enroll`)
      .withCsrfToken()
      .loginAs(learner)
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), `/courses/${course.id}/lessons/${lessons[0].id}`)

    const apprentice = await db
      .from('identities')
      .where({ user_id: learner.id, field_id: master.fieldId, role: 'apprentice' })
      .firstOrFail()
    const enrollment = await Enrollment.findByOrFail({ courseId: course.id })
    assert.equal(enrollment.apprenticeIdentityId, apprentice.id)
    await course.refresh()
    assert.equal(course.enrollmentCount, 1)

    const again = await client
      .post(`/courses/${course.id}/enroll`)
      .withCsrfToken()
      .loginAs(learner)
      .redirects(0)
    again.assertStatus(302)
    await course.refresh()
    assert.equal(course.enrollmentCount, 1)
    assert.equal(await countRows('enrollments', { course_id: course.id }), 1)
  })

  test('the lesson page shows the text, the syllabus, and marking it read counts progress up to the certificate', async ({
    client,
    assert,
  }) => {
    const { identity: master } = await certifiedMaster()
    const { course, lessons } = await courseWithLessons(master)
    const learner = await UserFactory.create()
    await client.post(`/courses/${course.id}/enroll`).withCsrfToken().loginAs(learner)

    const page = await client.get(`/courses/${course.id}/lessons/${lessons[0].id}`).loginAs(learner)
    page.assertStatus(200)
    assert.include(page.text(), '<h1>揉泥</h1>')
    assert.include(page.text(), en('courses.mark_read'))
    assert.include(page.text(), lessons[1].title)

    const first = await client
      .post(`/courses/${course.id}/lessons/${lessons[0].id}/complete`)
      .withCsrfToken()
      .loginAs(learner)
      .redirects(0)
    assert.equal(first.header('location'), `/courses/${course.id}/lessons/${lessons[1].id}`)
    let enrollment = await Enrollment.findByOrFail({ courseId: course.id })
    assert.equal(enrollment.progressPercent, 50)
    assert.isNull(enrollment.completedAt)
    assert.isNull(enrollment.certificateCode)

    await client
      .post(`/courses/${course.id}/lessons/${lessons[1].id}/complete`)
      .withCsrfToken()
      .loginAs(learner)
    enrollment = await Enrollment.findByOrFail({ courseId: course.id })
    assert.equal(enrollment.progressPercent, 100)
    assert.isNotNull(enrollment.completedAt)
    assert.match(enrollment.certificateCode!, /^[\w-]{20}$/)
  })

  test('a paid course says it cannot be bought yet, and enrolls nobody', async ({
    client,
    assert,
  }) => {
    const { identity: master } = await certifiedMaster()
    const { course } = await courseWithLessons(master, ['text'], { priceFen: 9900 })
    const learner = await UserFactory.create()
    const response = await client
      .post(`/courses/${course.id}/enroll`)
      .withCsrfToken()
      .loginAs(learner)
      .header('referer', `/courses/${course.id}`)
      .redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage('error', en('courses.errors.paid_course'))
    assert.equal(await countRows('enrollments', { course_id: course.id }), 0)
  })

  test('a master cannot enroll in their own course, nor anyone in a draft', async ({
    client,
    assert,
  }) => {
    const { user, identity: master } = await certifiedMaster()
    const { course } = await courseWithLessons(master)
    const own = await client
      .post(`/courses/${course.id}/enroll`)
      .withCsrfToken()
      .loginAs(user)
      .header('referer', `/courses/${course.id}`)
      .redirects(0)
    own.assertFlashMessage('error', en('courses.errors.own_course'))

    const { course: draft } = await courseWithLessons(master, ['text'], { status: 'draft' })
    const learner = await UserFactory.create()
    const response = await client
      .post(`/courses/${draft.id}/enroll`)
      .withCsrfToken()
      .loginAs(learner)
      .header('referer', '/')
      .redirects(0)
    response.assertFlashMessage('error', en('courses.errors.not_open'))
    assert.equal(await countRows('enrollments'), 0)
  })

  test('a preview lesson is open to anyone; the others need an enrollment', async ({ client }) => {
    const { identity: master } = await certifiedMaster()
    const { course, lessons } = await courseWithLessons(master)
    const stranger = await UserFactory.create()

    const preview = await client.get(`/courses/${course.id}/lessons/${lessons[0].id}`)
    preview.assertStatus(200)
    const guest = await client.get(`/courses/${course.id}/lessons/${lessons[1].id}`).redirects(0)
    guest.assertStatus(302)
    guest.assertHeader('location', '/login')
    const locked = await client
      .get(`/courses/${course.id}/lessons/${lessons[1].id}`)
      .loginAs(stranger)
    locked.assertStatus(403)
    locked.assertTextIncludes(en('courses.errors.lesson_locked'))
    const notMarked = await client
      .post(`/courses/${course.id}/lessons/${lessons[0].id}/complete`)
      .withCsrfToken()
      .loginAs(stranger)
    notMarked.assertStatus(403)
  })

  test('a draft lesson is there for its master only; a lesson under another course is not found', async ({
    client,
  }) => {
    const { user, identity: master } = await certifiedMaster()
    const { course, lessons } = await courseWithLessons(master, ['text'], { status: 'draft' })
    const { course: other } = await courseWithLessons(master)
    const stranger = await UserFactory.create()
    const path = `/courses/${course.id}/lessons/${lessons[0].id}`
    const byOwner = await client.get(path).loginAs(user)
    byOwner.assertStatus(200)
    const byStranger = await client.get(path).loginAs(stranger)
    byStranger.assertStatus(404)
    const underOther = await client
      .get(`/courses/${other.id}/lessons/${lessons[0].id}`)
      .loginAs(user)
    underOther.assertStatus(404)
  })

  test('a suspended apprentice identity cannot enroll, and its enrollment opens no lessons meanwhile', async ({
    client,
    assert,
  }) => {
    const { identity: master } = await certifiedMaster()
    const { course, lessons } = await courseWithLessons(master)
    const { course: other } = await courseWithLessons(master)
    const learner = await UserFactory.create()
    await client.post(`/courses/${course.id}/enroll`).withCsrfToken().loginAs(learner)
    await db
      .from('identities')
      .where({ user_id: learner.id, field_id: master.fieldId, role: 'apprentice' })
      .update({ status: 'suspended' })
    const { accountCache } = await import('#identity/services/account_cache')
    await accountCache.changed(learner.id)

    const locked = await client
      .get(`/courses/${course.id}/lessons/${lessons[1].id}`)
      .loginAs(learner)
    locked.assertStatus(403)
    const refused = await client
      .post(`/courses/${other.id}/enroll`)
      .withCsrfToken()
      .loginAs(learner)
      .header('referer', `/courses/${other.id}`)
      .redirects(0)
    refused.assertFlashMessage('error', en('courses.errors.apprentice_suspended'))
    assert.equal(await countRows('enrollments', { course_id: other.id }), 0)
  })

  test('opening lessons remembers where to continue, without rewriting the enrollment on every view', async ({
    assert,
  }) => {
    const { identity: master } = await certifiedMaster()
    const { course, lessons } = await courseWithLessons(master)
    const learner = await UserFactory.create()
    const enrollment = await enrollmentService.enroll(learner.id, course)

    await progressService.open(enrollment, lessons[0])
    await enrollment.refresh()
    assert.equal(enrollment.lastLessonId, lessons[0].id)
    const first = enrollment.lastActivityAt!.toMillis()
    assert.equal(await countRows('lesson_progress', { enrollment_id: enrollment.id }), 1)

    await progressService.open(enrollment, lessons[0])
    await enrollment.refresh()
    assert.equal(enrollment.lastActivityAt!.toMillis(), first)

    await progressService.open(enrollment, lessons[1])
    await enrollment.refresh()
    assert.equal(enrollment.lastLessonId, lessons[1].id)
    assert.equal(await countRows('lesson_progress', { enrollment_id: enrollment.id }), 2)
  })
})
