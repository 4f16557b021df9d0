import { test } from '@japa/runner'
import { UserFactory } from '#database/factories/user_factory'
import { enrollmentService } from '#courses/services/enrollment_service'
import { quizTaking } from '#courses/services/quiz_taking'
import { quizStats } from '#courses/services/quiz_stats'
import { isolateEachTest } from '#tests/helpers'
import { optionIds, quizWorld } from '#tests/courses/quiz_helpers'

test.group('Quiz stats for analytics', (group) => {
  isolateEachTest(group)

  test('per quiz: attempts, learners, pass rate, and questions hardest first', async ({
    assert,
  }) => {
    const world = await quizWorld()
    const [single, multiple, trueFalse] = world.questions
    const stoneware = await optionIds(single.id, ['Stoneware'])
    const porcelain = await optionIds(single.id, ['Porcelain'])
    const defects = await optionIds(multiple.id, ['Crawling', 'Pinholes'])
    const crawling = await optionIds(multiple.id, ['Crawling'])
    const yes = await optionIds(trueFalse.id, ['true'])

    /** One submitted attempt of this learner with these answers. */
    const take = async (userId: number, answers: [number, number[]][]) => {
      const enrollment = await enrollmentService.enroll(userId, world.course)
      const attempt = await quizTaking.start(enrollment, world.lesson)
      const context = await quizTaking.attemptOf(userId, attempt.id)
      await quizTaking.submit(context, new Map(answers))
    }
    const second = await UserFactory.create()
    // learner 1: fails (1 of 4), then passes (4 of 4); learner 2 fails once (multiple half right)
    await take(world.learner.id, [[single.id, stoneware]])
    await take(world.learner.id, [
      [single.id, stoneware],
      [multiple.id, defects],
      [trueFalse.id, yes],
    ])
    await take(second.id, [
      [single.id, porcelain],
      [multiple.id, crawling],
      [trueFalse.id, yes],
    ])

    const [stats] = await quizStats.forCourse(world.course.id)
    assert.equal(stats.lessonId, world.lesson.id)
    assert.equal(stats.title, world.lesson.title)
    assert.equal(stats.attempts, 3)
    assert.equal(stats.learners, 2)
    assert.equal(stats.passRate, 0.5)
    assert.deepEqual(
      stats.questions.map((q) => [q.questionId, q.answered, q.correctRate]),
      [
        [multiple.id, 2, 0.5],
        [single.id, 3, 2 / 3],
        [trueFalse.id, 2, 1],
      ]
    )
  })

  test('a course without quiz attempts has rates of null, and no quiz lessons gives an empty list', async ({
    assert,
  }) => {
    const world = await quizWorld()
    const [stats] = await quizStats.forCourse(world.course.id)
    assert.deepEqual([stats.attempts, stats.learners, stats.passRate], [0, 0, null])
    assert.isTrue(stats.questions.every((q) => q.answered === 0 && q.correctRate === null))
    assert.deepEqual(await quizStats.forCourse(world.course.id + 1000), [])
  })
})
