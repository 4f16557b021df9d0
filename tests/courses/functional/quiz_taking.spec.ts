import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import QuizAttempt from '#courses/models/quiz_attempt'
import Enrollment from '#courses/models/enrollment'
import Lesson from '#courses/models/lesson'
import { progressService } from '#courses/services/progress_service'
import { quizAuthoring } from '#courses/services/quiz_authoring'
import { UserFactory } from '#database/factories/user_factory'
import { certifiedMaster } from '#database/factories/course_factory'
import { countRows, en, isolateEachTest, pngFile } from '#tests/helpers'
import { optionIds, postAs, quizWorld } from '#tests/courses/quiz_helpers'

type World = Awaited<ReturnType<typeof quizWorld>>

/** The form fields of these answers: each question named, its options chosen. */
function answerForm(answers: [number, number[]][]) {
  return {
    questions: answers.map(([question]) => question),
    answers: Object.fromEntries(answers.map(([question, options]) => [`q${question}`, options])),
  }
}

async function startAttempt(client: any, world: World) {
  const response = await postAs(
    client,
    world.learner,
    `/courses/${world.course.id}/lessons/${world.lesson.id}/quiz/attempts`
  )
  response.assertStatus(302)
  return QuizAttempt.query()
    .where({ enrollmentId: world.enrollment.id })
    .orderBy('number', 'desc')
    .firstOrFail()
}

/** The right answers of the standard quiz. */
async function rightAnswers(world: World): Promise<[number, number[]][]> {
  const [single, multiple, trueFalse] = world.questions
  return [
    [single.id, await optionIds(single.id, ['Stoneware'])],
    [multiple.id, await optionIds(multiple.id, ['Crawling', 'Pinholes'])],
    [trueFalse.id, await optionIds(trueFalse.id, ['true'])],
  ]
}

const lessonUrl = (world: World) => `/courses/${world.course.id}/lessons/${world.lesson.id}`

test.group('Taking a quiz', (group) => {
  isolateEachTest(group)

  test('an apprentice starts, answers as they go (htmx), and the page restores the saved answers', async ({
    client,
    assert,
  }) => {
    const world = await quizWorld()
    const intro = await client.get(lessonUrl(world)).loginAs(world.learner)
    intro.assertStatus(200)
    assert.include(intro.text(), en('courses_quiz.start'))
    assert.notInclude(intro.text(), 'Which clay forgives')

    const attempt = await startAttempt(client, world)
    assert.equal(attempt.number, 1)
    const page = await client.get(lessonUrl(world)).loginAs(world.learner)
    assert.include(page.text(), 'Which clay forgives a beginner most?')
    assert.include(page.text(), 'x-data="quizAutosave"')
    assert.include(page.text(), 'hx-trigger="change"')
    assert.notInclude(page.text(), 'Yes: plastic and forgiving.', 'no feedback before submitting')

    const [single] = await rightAnswers(world)
    const saved = await postAs(client, world.learner, `/quiz-attempts/${attempt.id}/answers`)
      .header('HX-Request', 'true')
      .form(answerForm([single]))
    saved.assertStatus(200)
    assert.include(saved.text(), en('courses_quiz.saved'))
    assert.notInclude(saved.text(), '<html')
    const row = await db.from('quiz_answers').where({ attempt_id: attempt.id }).firstOrFail()
    assert.deepEqual(row.option_ids.map(Number), single[1])

    // changing it replaces it; clearing a question sends it with no option
    const [, porcelain] = await optionIds(single[0], ['Stoneware', 'Porcelain'])
    await postAs(client, world.learner, `/quiz-attempts/${attempt.id}/answers`)
      .header('HX-Request', 'true')
      .form(answerForm([[single[0], [porcelain]]]))
    const reloaded = await client.get(lessonUrl(world)).loginAs(world.learner)
    assert.match(reloaded.text(), new RegExp(`value="${porcelain}"[^>]*checked`))
    assert.equal(await countRows('quiz_answers', { attempt_id: attempt.id }), 1)

    // a second start continues the open attempt
    await startAttempt(client, world)
    assert.equal(await countRows('quiz_attempts', { enrollment_id: world.enrollment.id }), 1)
  })

  test('submitting grades on the server, shows feedback, completes the lesson, and a second submit shows the same result', async ({
    client,
    assert,
  }) => {
    const world = await quizWorld()
    const attempt = await startAttempt(client, world)
    const answers = await rightAnswers(world)
    // one wrong option chosen on the 1-point true/false: 3 of 4 points, 75 % ≥ 50 %
    answers[2][1] = await optionIds(world.questions[2].id, ['false'])
    const submit = () =>
      postAs(client, world.learner, `/quiz-attempts/${attempt.id}/submit`).form(answerForm(answers))
    const first = await submit()
    first.assertStatus(302)
    assert.equal(first.header('location'), `${lessonUrl(world)}#quiz`)
    first.assertFlashMessage('success', en('courses_quiz.passed_flash'))
    await attempt.refresh()
    assert.deepEqual([attempt.score, attempt.maxScore, attempt.passed], [3, 4, true])
    const progress = await db
      .from('lesson_progress')
      .where({ enrollment_id: world.enrollment.id, lesson_id: world.lesson.id })
      .firstOrFail()
    assert.isNotNull(progress.completed_at)
    const enrollment = await Enrollment.findOrFail(world.enrollment.id)
    assert.equal(enrollment.completedLessons, 1)

    const submittedAt = attempt.submittedAt!.toISO()
    // a second submit, even with other answers, changes nothing
    answers[2][1] = await optionIds(world.questions[2].id, ['true'])
    const again = await submit()
    assert.equal(again.header('location'), `${lessonUrl(world)}#quiz`)
    await attempt.refresh()
    assert.deepEqual([attempt.score, attempt.submittedAt!.toISO()], [3, submittedAt])

    const page = await client.get(lessonUrl(world)).loginAs(world.learner)
    const html = page.text()
    assert.include(html, en('courses_quiz.score', { score: 3, max: 4, percent: 75 }))
    assert.include(html, en('courses_quiz.passed'))
    assert.include(html, en('courses_quiz.wrong'))
    assert.include(html, 'Yes: plastic and forgiving.')
    assert.include(html, 'Stoneware is plastic and fires in a wide range.')
    assert.include(html, en('courses_quiz.all_or_nothing'))
    assert.include(html, en('courses_quiz.retry'))
  })

  test('passing the quiz that is the course’s last lesson says the course is finished', async ({
    client,
    assert,
  }) => {
    const world = await quizWorld()
    const text = await Lesson.query()
      .where({ courseId: world.course.id, kind: 'text' })
      .firstOrFail()
    await progressService.complete(world.enrollment, text)
    const attempt = await startAttempt(client, world)
    const response = await postAs(
      client,
      world.learner,
      `/quiz-attempts/${attempt.id}/submit`
    ).form(answerForm(await rightAnswers(world)))
    response.assertStatus(302)
    response.assertFlashMessage('success', en('courses.course_done'))
    const enrollment = await Enrollment.findOrFail(world.enrollment.id)
    assert.isNotNull(enrollment.completedAt)
    assert.isNotNull(enrollment.certificateCode)
  })

  test('without JavaScript the submit saves every answer; an unanswered quiz fails, and attempts run out', async ({
    client,
    assert,
  }) => {
    const world = await quizWorld({ attemptsAllowed: 2 })
    const first = await startAttempt(client, world)
    const failed = await postAs(client, world.learner, `/quiz-attempts/${first.id}/submit`).form({})
    failed.assertFlashMessage('error', en('courses_quiz.failed_flash'))
    await first.refresh()
    assert.deepEqual([first.score, first.passed], [0, false])

    const second = await startAttempt(client, world)
    assert.equal(second.number, 2)
    assert.notEqual(second.id, first.id)
    const answers = await rightAnswers(world)
    await postAs(client, world.learner, `/quiz-attempts/${second.id}/submit`).form(
      answerForm(answers)
    )
    await second.refresh()
    assert.deepEqual([second.score, second.passed], [4, true])
    assert.equal(await countRows('quiz_answers', { attempt_id: second.id }), 3)

    const page = await client.get(lessonUrl(world)).loginAs(world.learner)
    assert.include(page.text(), en('courses_quiz.best', { percent: 100 }))
    assert.notInclude(page.text(), en('courses_quiz.retry'))
    assert.include(page.text(), en('courses_quiz.attempts_left', { left: 0, allowed: 2 }))

    const third = await postAs(
      client,
      world.learner,
      `/courses/${world.course.id}/lessons/${world.lesson.id}/quiz/attempts`
    ).header('referer', lessonUrl(world))
    third.assertFlashMessage('error', en('courses_quiz.errors.no_attempts_left'))
    assert.equal(await countRows('quiz_attempts', { enrollment_id: world.enrollment.id }), 2)
  })

  test('after a failed attempt with attempts left the right answers stay hidden; the last attempt shows them', async ({
    client,
    assert,
  }) => {
    const world = await quizWorld({ attemptsAllowed: 2 })
    const first = await startAttempt(client, world)
    await postAs(client, world.learner, `/quiz-attempts/${first.id}/submit`).form({})
    const hidden = await client.get(lessonUrl(world)).loginAs(world.learner)
    assert.include(hidden.text(), en('courses_quiz.answers_later'))
    assert.notInclude(hidden.text(), `✓ ${en('courses_quiz.correct_answer')}`)
    assert.notInclude(hidden.text(), 'is-correct')

    const second = await startAttempt(client, world)
    await postAs(client, world.learner, `/quiz-attempts/${second.id}/submit`).form({})
    const shown = await client.get(lessonUrl(world)).loginAs(world.learner)
    assert.notInclude(shown.text(), en('courses_quiz.answers_later'))
    assert.include(shown.text(), `✓ ${en('courses_quiz.correct_answer')}`)
  })

  test('answers naming another question’s option, or a submitted attempt, are refused and nothing is written', async ({
    client,
    assert,
  }) => {
    const world = await quizWorld()
    const attempt = await startAttempt(client, world)
    const [single, multiple] = await rightAnswers(world)
    const statusOf = (form: Record<string, unknown>) => send(form).then((r) => r.status())
    const send = (form: Record<string, unknown>) =>
      postAs(client, world.learner, `/quiz-attempts/${attempt.id}/answers`)
        .header('HX-Request', 'true')
        .form(form)
    assert.equal(await statusOf(answerForm([[single[0], multiple[1]]])), 422)
    // two options on a single-choice question
    const both = await optionIds(single[0], ['Stoneware', 'Porcelain'])
    assert.equal(await statusOf(answerForm([[single[0], both]])), 422)
    assert.equal(await statusOf(answerForm([[999999, []]])), 422)
    assert.equal(await statusOf({ answers: { x1: [1] } }), 422)
    assert.equal(await statusOf({ answers: { q1: ['abc'] } }), 422)
    assert.equal(await countRows('quiz_answers', { attempt_id: attempt.id }), 0)

    await postAs(client, world.learner, `/quiz-attempts/${attempt.id}/submit`).form({})
    const late = await send(answerForm([single]))
    late.assertStatus(409)
    assert.include(late.text(), en('courses_quiz.errors.attempt_closed'))
    assert.equal(await countRows('quiz_answers', { attempt_id: attempt.id }), 0)
  })

  test('nobody else answers or submits an apprentice’s attempt; the master previews without recording', async ({
    client,
    assert,
  }) => {
    const world = await quizWorld()
    const attempt = await startAttempt(client, world)
    const [single] = await rightAnswers(world)
    const { user: stranger } = await certifiedMaster()
    const unenrolled = await UserFactory.create()
    for (const user of [stranger, unenrolled, world.masterUser]) {
      for (const path of ['answers', 'submit']) {
        const response = await postAs(client, user, `/quiz-attempts/${attempt.id}/${path}`).form(
          answerForm([single])
        )
        assert.equal(response.status(), 404, path)
      }
      const start = await postAs(
        client,
        user,
        `/courses/${world.course.id}/lessons/${world.lesson.id}/quiz/attempts`
      )
      assert.equal(start.status(), 403)
    }
    const guest = await client
      .post(`/quiz-attempts/${attempt.id}/submit`)
      .withCsrfToken()
      .redirects(0)
    assert.equal(guest.header('location'), '/login')
    await attempt.refresh()
    assert.isTrue(attempt.isOpen)
    assert.equal(await countRows('quiz_answers', { attempt_id: attempt.id }), 0)

    const preview = await client
      .get(lessonUrl(world))
      .loginAs(world.masterUser)
      .withSession({ identity_id: world.master.id })
    preview.assertStatus(200)
    assert.include(preview.text(), en('courses_quiz.owner_preview'))
    assert.include(preview.text(), en('courses_quiz.correct_answer'))
    assert.notInclude(preview.text(), en('courses_quiz.start'))
    assert.equal(await countRows('quiz_attempts', { lesson_id: world.lesson.id }), 1)
  })

  test('photos are served to those who may open the lesson only', async ({ client, assert }) => {
    drive.fake('fs')
    try {
      const world = await quizWorld()
      const question = await quizAuthoring.addQuestion(world.lesson, {
        kind: 'photo',
        prompt: 'Which glaze is under-fired?',
        points: 1,
      })
      await quizAuthoring.addPhoto(question, await pngFile('p.png'), { correct: true })
      await quizAuthoring.addPhoto(question, await pngFile('q.png'), {})
      const option = await db.from('quiz_options').where('question_id', question.id).first()
      const key = option.image_key
      const url = `${lessonUrl(world)}/quiz/photos/${key}`
      const learner = await client.get(url).loginAs(world.learner)
      learner.assertStatus(200)
      assert.equal(learner.header('content-type'), 'image/webp')
      assert.include(learner.header('cache-control'), 'private')
      const owner = await client.get(url).loginAs(world.masterUser)
      owner.assertStatus(200)
      const unenrolled = await client.get(url).loginAs(await UserFactory.create())
      unenrolled.assertStatus(403)
      const guest = await client.get(url).redirects(0)
      assert.equal(guest.header('location'), '/login')
      // the key under another lesson's URL
      const other = await client
        .get(`/courses/${world.course.id}/lessons/${world.lesson.id - 1}/quiz/photos/${key}`)
        .loginAs(world.learner)
      other.assertStatus(404)
    } finally {
      drive.restore('fs')
    }
  })
})
