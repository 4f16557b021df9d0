import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import QuizAttempt from '#courses/models/quiz_attempt'
import { quizTaking } from '#courses/services/quiz_taking'
import { countRows } from '#tests/helpers'
import { optionIds, quizWorld, removeQuizWorld } from '#tests/courses/quiz_helpers'

type World = Awaited<ReturnType<typeof quizWorld>>

/** Committed rows, removed afterwards: each call takes its own pool connection, as requests would. */
async function committedWorld(cleanup: (fn: () => Promise<void>) => void, attemptsAllowed: number) {
  const world = await quizWorld({ attemptsAllowed })
  cleanup(() => removeQuizWorld(world))
  return world
}

const settle = <T>(tasks: Promise<T>[]) => Promise.allSettled(tasks)

async function contextOf(world: World, attempt: QuizAttempt) {
  return quizTaking.attemptOf(world.learner.id, attempt.id)
}

test.group('Quizzes under concurrency', () => {
  test('starts at once never make two open attempts nor pass the attempt limit', async ({
    assert,
    cleanup,
  }) => {
    const world = await committedWorld(cleanup, 2)
    const starts = () =>
      settle(Array.from({ length: 6 }, () => quizTaking.start(world.enrollment, world.lesson)))

    const first = await starts()
    const ids = new Set(first.map((r) => (r.status === 'fulfilled' ? r.value.id : null)))
    assert.equal(ids.size, 1, 'every start answers the one open attempt')
    const [attempt] = await QuizAttempt.query().where('enrollmentId', world.enrollment.id)
    await quizTaking.submit(await contextOf(world, attempt), new Map())

    const second = await starts()
    assert.isTrue(second.every((r) => r.status === 'fulfilled'))
    await quizTaking.submit(
      await contextOf(
        world,
        await QuizAttempt.query()
          .where({ enrollmentId: world.enrollment.id, number: 2 })
          .firstOrFail()
      ),
      new Map()
    )

    const third = await starts()
    assert.isTrue(third.every((r) => r.status === 'rejected'))
    for (const r of third) {
      if (r.status === 'rejected') assert.equal(r.reason.code, 'E_QUIZ_NO_ATTEMPTS_LEFT')
    }
    assert.equal(await countRows('quiz_attempts', { enrollment_id: world.enrollment.id }), 2)
  })

  test('the database itself refuses a second open attempt and one past the limit', async ({
    assert,
    cleanup,
  }) => {
    const world = await committedWorld(cleanup, 1)
    const insert = (number: number, submitted: boolean) =>
      db.table('quiz_attempts').insert({
        enrollment_id: world.enrollment.id,
        lesson_id: world.lesson.id,
        number,
        seed: 1,
        started_at: new Date(),
        ...(submitted ? { submitted_at: new Date(), score: 0, max_score: 4, passed: false } : {}),
      })
    await insert(1, false)
    await assert.rejects(() => insert(2, false), /quiz_attempts_one_open|past the limit/)
    await db.from('quiz_attempts').where('enrollment_id', world.enrollment.id).delete()
    await insert(1, true)
    await assert.rejects(() => insert(2, true), /past the limit of 1/)
  })

  test('submits at once grade once; answers racing the submit land before it or are refused', async ({
    assert,
    cleanup,
  }) => {
    const world = await committedWorld(cleanup, 3)
    const attempt = await quizTaking.start(world.enrollment, world.lesson)
    const context = await contextOf(world, attempt)
    const [single, multiple, trueFalse] = world.questions
    const right = new Map([
      [single.id, await optionIds(single.id, ['Stoneware'])],
      [multiple.id, await optionIds(multiple.id, ['Crawling', 'Pinholes'])],
    ])
    await quizTaking.save(attempt.id, world.lesson.id, right)
    const saves = Array.from({ length: 8 }, () =>
      quizTaking.save(
        attempt.id,
        world.lesson.id,
        new Map([[trueFalse.id, trueFalse.options.filter((o) => o.isCorrect).map((o) => o.id)]])
      )
    )
    const submits = Array.from({ length: 5 }, () => quizTaking.submit(context, new Map()))
    const [saved, submitted] = await Promise.all([settle(saves), settle(submits)])

    assert.isTrue(submitted.every((r) => r.status === 'fulfilled'))
    for (const r of saved) {
      if (r.status === 'rejected') assert.equal(r.reason.code, 'E_QUIZ_ATTEMPT_CLOSED')
    }
    await attempt.refresh()
    const trueFalseSaved = await db
      .from('quiz_answers')
      .where({ attempt_id: attempt.id, question_id: trueFalse.id })
      .first()
    // the score counts the true/false answer exactly when it was saved before the grading
    assert.equal(attempt.score, trueFalseSaved ? 4 : 3)
    if (trueFalseSaved) assert.isAtMost(+trueFalseSaved.saved_at, +attempt.submittedAt!.toJSDate())
    const progress = await db
      .from('lesson_progress')
      .where({ enrollment_id: world.enrollment.id, lesson_id: world.lesson.id })
      .firstOrFail()
    assert.isNotNull(progress.completed_at)
  })
})
