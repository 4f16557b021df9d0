import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { en, isolateEachTest, sessionIdOf } from '#tests/helpers'
import { postAs, quizWorld } from '#tests/courses/quiz_helpers'

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
    const world = await quizWorld()
    const lessonUrl = `/courses/${world.course.id}/lessons/${world.lesson.id}`
    await postAs(client, world.learner, `${lessonUrl}/quiz/attempts`)
    const attempt = await db.from('quiz_attempts').where('lesson_id', world.lesson.id).firstOrFail()
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
