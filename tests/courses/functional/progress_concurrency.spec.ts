import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import Enrollment from '#courses/models/enrollment'
import { enrollmentService } from '#courses/services/enrollment_service'
import { progressService } from '#courses/services/progress_service'

/** Races on committed rows: each call takes its own pool connection, as two requests would. */
test.group('Courses under concurrency', () => {
  test('lessons finished at once all count, and complete the course once with one certificate', async ({
    assert,
    cleanup,
  }) => {
    const { user: masterUser, identity: master } = await certifiedMaster()
    const { course, lessons } = await courseWithLessons(master, ['text', 'text', 'text', 'text'])
    const learner = await UserFactory.create()
    cleanup(async () => {
      await db.from('courses').where('id', course.id).delete()
      await db.from('users').whereIn('id', [masterUser.id, learner.id]).delete()
      await db.from('fields').where('id', master.fieldId).delete()
    })

    const enrollments = await Promise.all(
      [1, 2, 3].map(() => enrollmentService.enroll(learner.id, course))
    )
    assert.lengthOf(new Set(enrollments.map((e) => e.id)), 1)
    await course.refresh()
    assert.equal(course.enrollmentCount, 1)

    const results = await Promise.all(
      [...lessons, ...lessons].map((lesson) => progressService.complete(enrollments[0], lesson))
    )
    assert.equal(results.filter((r) => r.justCompleted).length, 1)
    const enrollment = await Enrollment.findOrFail(enrollments[0].id)
    assert.equal(enrollment.completedLessons, 4)
    assert.equal(enrollment.progressPercent, 100)
    assert.isNotNull(enrollment.certificateCode)
  })
})
