import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import { UserFactory } from '#database/factories/user_factory'
import { readyVideo } from '#database/factories/lesson_video_factory'
import { enrollmentService } from '#courses/services/enrollment_service'
import { isolateWithFakeDisk, videoCourse } from '#tests/courses/video_helpers'
import { en, isolateEachTest, sessionIdOf } from '#tests/helpers'
import { postAs, quizWorld } from '#tests/courses/quiz_helpers'
import { certifiedMaster, enrollIn, makeCourse } from '#tests/courses/courses_helpers'
import { REVIEW_SAVE_LIMIT } from '#courses/services/review_service'

/** The standard quiz world with its learner's attempt started through the route. */
async function quizStarted(client: ApiClient) {
  const world = await quizWorld()
  const lessonUrl = `/courses/${world.course.id}/lessons/${world.lesson.id}`
  await postAs(client, world.learner, `${lessonUrl}/quiz/attempts`)
  const attempt = await db.from('quiz_attempts').where('lesson_id', world.lesson.id).firstOrFail()
  return { world, lessonUrl, attempt }
}

/*
| Attacks on learning as a slow link makes them happen: requests arriving
| late, out of order, or twice.
*/

test.group('Attack: learning over a slow link', (group) => {
  isolateEachTest(group)

  test("an answer saved as the submit's redirect is on its way leaves the result's message for the page", async ({
    client,
    assert,
  }) => {
    const { world, lessonUrl, attempt } = await quizStarted(client)
    const submitted = await postAs(client, world.learner, `/quiz-attempts/${attempt.id}/submit`)
    submitted.assertStatus(302)
    const sessionId = sessionIdOf(submitted)
    // the last answer's htmx save, sent just before the click, reaches the server after it
    const late = await client
      .post(`/quiz-attempts/${attempt.id}/answers`)
      .usingSession(sessionId)
      .withCsrfToken()
      .header('hx-request', 'true')
      .form({ questions: [world.questions[0].id] })
    late.assertStatus(409)
    const page = await client.get(lessonUrl).usingSession(sessionId)
    assert.include(page.text(), en('courses_quiz.failed_flash'))
  })
})

test.group('Attack: htmx answers that go wrong', (group) => {
  isolateEachTest(group)

  // htmx 4 swaps error answers into the page too: they must be HTML a learner can read, never JSON
  test('an answer saved into a submitted attempt, or naming a foreign option, answers a readable fragment', async ({
    client,
    assert,
  }) => {
    const { world, attempt } = await quizStarted(client)
    const save = (form: Record<string, unknown>) =>
      postAs(client, world.learner, `/quiz-attempts/${attempt.id}/answers`)
        .header('hx-request', 'true')
        .header('accept-language', 'en')
        .form(form)
    const [single, multiple] = world.questions
    const foreign = await save({
      questions: [single.id],
      answers: { [`q${single.id}`]: [multiple.options[0].id] },
    })
    foreign.assertStatus(422)
    assert.match(foreign.header('content-type') ?? '', /^text\/html/)
    assert.include(foreign.text(), 'role="alert"')
    assert.include(foreign.text(), en('courses_quiz.errors.answer_invalid'))

    await postAs(client, world.learner, `/quiz-attempts/${attempt.id}/submit`).form({})
    const late = await save({ questions: [single.id] })
    late.assertStatus(409)
    assert.match(late.header('content-type') ?? '', /^text\/html/)
    assert.include(late.text(), en('courses_quiz.errors.attempt_closed'))
  })
})

/** The name under which the lesson page's player keeps, on the device, what was seen. */
const seenKeyOf = (page: { text(): string }) =>
  /<video[^>]*\sdata-seen="([^"]+)"/.exec(page.text())?.[1]

test.group('Attack: learning on a shared device', (group) => {
  isolateWithFakeDisk(group)

  test('what one learner watched on a device is not counted for the next learner, nor for a replaced video', async ({
    client,
    assert,
  }) => {
    const { course, lesson, learner } = await videoCourse()
    const sibling = await UserFactory.create()
    await enrollmentService.enroll(sibling.id, course)
    await readyVideo(lesson)
    const url = `/courses/${course.id}/lessons/${lesson.id}`
    const first = seenKeyOf(await client.get(url).loginAs(learner))
    const second = seenKeyOf(await client.get(url).loginAs(sibling))
    assert.isString(first)
    assert.isString(second)
    assert.notEqual(first, second)

    await db.from('lesson_videos').where('lesson_id', lesson.id).delete()
    await readyVideo(lesson)
    const replaced = seenKeyOf(await client.get(url).loginAs(learner))
    assert.isString(replaced)
    assert.notEqual(replaced, first)
  })
})

test.group('Attack: a script editing its review', (group) => {
  isolateEachTest(group)

  // each save purges the course page, the catalogue, the field page and the profile from the
  // anonymous page cache on every instance: unthrottled, one learner keeps the busiest pages cold
  test('saving one review again and again is throttled per person, and the throttled save changes nothing', async ({
    client,
    assert,
  }) => {
    const course = await makeCourse(await certifiedMaster())
    const learner = await UserFactory.create()
    await enrollIn(course, learner, { completed: 1 })
    const save = (body: string) =>
      client
        .post(`/courses/${course.id}/review`)
        .loginAs(learner)
        .withCsrfToken()
        .form({ rating: '4', body })
        .redirects(0)
    for (let i = 0; i < REVIEW_SAVE_LIMIT.requests; i++) {
      const saved = await save(`edit ${i}`)
      saved.assertStatus(302)
    }
    const over = await save('one too many')
    over.assertStatus(429)
    const row = await db.from('reviews').where('course_id', course.id).firstOrFail()
    assert.equal(row.body, `edit ${REVIEW_SAVE_LIMIT.requests - 1}`)
  })
})
