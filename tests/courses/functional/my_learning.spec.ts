import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import { enrollmentService } from '#courses/services/enrollment_service'
import { progressService } from '#courses/services/progress_service'
import { en, isolateEachTest } from '#tests/helpers'

/** The ids of the courses on a page, in the order shown. */
const courseIdsIn = (html: string) =>
  [...html.matchAll(/<h3 class="learning-title"><a href="\/courses\/(\d+)">/g)].map((m) =>
    Number(m[1])
  )

test.group('Courses: my learning', (group) => {
  isolateEachTest(group)

  test('a guest is sent to log in', async ({ client }) => {
    const response = await client.get('/learning').redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })

  test('with no course yet, the page points to the catalogue', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const response = await client.get('/learning').loginAs(user)
    response.assertStatus(200)
    assert.include(response.text(), en('courses_learning.empty_title'))
    assert.include(response.text(), 'href="/courses"')
    assert.equal(response.header('cache-control'), 'private, no-store')
  })

  test('courses are grouped per apprentice identity, the active one first, each with its progress and the way on', async ({
    client,
    assert,
  }) => {
    const { identity: potter } = await certifiedMaster()
    const { identity: weaver } = await certifiedMaster()
    const { course: clay, lessons: clayLessons } = await courseWithLessons(potter, [
      'text',
      'text',
      'text',
    ])
    const { course: loom, lessons: loomLessons } = await courseWithLessons(weaver, ['text'])
    const learner = await UserFactory.create()
    const clayEnrollment = await enrollmentService.enroll(learner.id, clay)
    const loomEnrollment = await enrollmentService.enroll(learner.id, loom)
    // one lesson done, the learner was last on the first: continue with the second
    await progressService.open(clayEnrollment, clayLessons[0])
    await progressService.complete(clayEnrollment, clayLessons[0])
    await progressService.complete(loomEnrollment, loomLessons[0])

    const apprentices = await db
      .from('identities')
      .where({ user_id: learner.id, role: 'apprentice' })
      .orderBy('id')
    assert.lengthOf(apprentices, 2)
    // acting as the weaving apprentice (the second identity): its course comes first
    learner.defaultIdentityId = apprentices.find((a) => a.field_id === weaver.fieldId).id
    await learner.save()

    const response = await client.get('/learning').loginAs(learner)
    response.assertStatus(200)
    const html = response.text()
    assert.deepEqual(courseIdsIn(html), [loom.id, clay.id])
    assert.include(html, en('courses_learning.progress', { percent: 33, done: 1, total: 3 }))
    assert.include(html, `href="/courses/${clay.id}/lessons/${clayLessons[1].id}"`)
    assert.include(html, en('courses_learning.continue'))
    // the finished course: completed, its certificate, no lesson to continue with
    assert.include(html, en('courses_learning.completed'))
    assert.include(html, `href="/learning/${loomEnrollment.id}/certificate"`)
    assert.notInclude(html, `href="/courses/${loom.id}/lessons/`)
    assert.notInclude(html, `href="/learning/${clayEnrollment.id}/certificate"`)
  })

  test('a refunded enrollment and another user’s courses are not listed', async ({
    client,
    assert,
  }) => {
    const { identity: master } = await certifiedMaster()
    const { course } = await courseWithLessons(master)
    const { course: other } = await courseWithLessons(master)
    const learner = await UserFactory.create()
    const someoneElse = await UserFactory.create()
    const refunded = await enrollmentService.enroll(learner.id, course)
    await db.from('enrollments').where('id', refunded.id).update({ status: 'refunded' })
    await enrollmentService.enroll(someoneElse.id, other)

    const response = await client.get('/learning').loginAs(learner)
    assert.deepEqual(courseIdsIn(response.text()), [])
    assert.include(response.text(), en('courses_learning.empty_title'))
  })

  test('the header links to my learning, and an apprentice dashboard offers to continue', async ({
    client,
    assert,
  }) => {
    const { identity: master } = await certifiedMaster()
    const { course, lessons } = await courseWithLessons(master)
    const learner = await UserFactory.create()
    await enrollmentService.enroll(learner.id, course)
    const apprentice = await db
      .from('identities')
      .where({ user_id: learner.id, role: 'apprentice' })
      .firstOrFail()
    learner.defaultIdentityId = apprentice.id
    await learner.save()

    const dashboard = await client.get('/dashboard').loginAs(learner)
    dashboard.assertStatus(200)
    assert.include(dashboard.text(), 'href="/learning"')
    assert.include(dashboard.text(), en('courses_learning.dashboard_title'))
    assert.include(dashboard.text(), `href="/courses/${course.id}/lessons/${lessons[0].id}"`)
  })

  test('a master dashboard has no "continue learning"; the apprentice one of another field stays empty', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    user.defaultIdentityId = identity.id
    await user.save()
    const dashboard = await client.get('/dashboard').loginAs(user)
    dashboard.assertStatus(200)
    assert.notInclude(dashboard.text(), en('courses_learning.dashboard_title'))

    const field = await FieldFactory.create()
    const learner = await UserFactory.create()
    const apprentice = await IdentityFactory.merge({
      userId: learner.id,
      fieldId: field.id,
    }).create()
    learner.defaultIdentityId = apprentice.id
    await learner.save()
    const empty = await client.get('/dashboard').loginAs(learner)
    assert.include(empty.text(), en('courses_learning.dashboard_empty'))
  })
})
