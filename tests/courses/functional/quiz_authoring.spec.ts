import { test } from '@japa/runner'
import drive from '@adonisjs/drive/services/main'
import edge from 'edge.js'
import Quiz from '#courses/models/quiz'
import { lessonKinds } from '#courses/services/lesson_kinds'
import QuizQuestion from '#courses/models/quiz_question'
import QuizOption from '#courses/models/quiz_option'
import { quizContent } from '#courses/services/quiz_content'
import { quizAuthoring } from '#courses/services/quiz_authoring'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import {
  countRows,
  en,
  fieldErrors,
  fileWith,
  isolateEachTest,
  pngFile,
  removeUploads,
} from '#tests/helpers'
import { postAs, quizWorld } from '#tests/courses/quiz_helpers'

const optionRows = (rows: { text: string; correct?: boolean; feedback?: string }[]) =>
  Object.fromEntries(
    rows.flatMap((row, index) => [
      [`options[${index}][text]`, row.text],
      ...(row.correct ? [[`options[${index}][correct]`, 'true']] : []),
      ...(row.feedback ? [[`options[${index}][feedback]`, row.feedback]] : []),
    ])
  )

test.group('Quiz editor', (group) => {
  isolateEachTest(group)
  group.each.setup(() => {
    drive.fake('fs')
    return () => drive.restore('fs')
  })
  group.teardown(() => removeUploads())

  test('the master opens the quiz editor with its settings and questions', async ({
    client,
    assert,
  }) => {
    const { masterUser, master, lesson } = await quizWorld()
    const page = await client
      .get(`/teach/lessons/${lesson.id}/quiz`)
      .loginAs(masterUser)
      .withSession({ identity_id: master.id })
    page.assertStatus(200)
    assert.include(page.text(), en('courses_quiz.editor.title', { title: lesson.title }))
    assert.include(page.text(), 'Which clay forgives a beginner most?')
    assert.include(page.text(), 'name="passPercent"')
    assert.include(page.text(), en('courses_quiz.editor.move_down'))
  })

  test('the lesson editor’s quiz part sums the quiz up and links to its editor', async ({
    assert,
  }) => {
    const { course, lesson } = await quizWorld()
    const parts = lessonKinds.of('quiz')
    const props = await parts.loadEditor(lesson, course)
    const html = await edge
      .share({ t: (key: string, data?: Record<string, unknown>) => en(key, data) })
      .render(parts.editor, { ...props, lesson, course })
    assert.include(html, en('courses_quiz.editor.summary', { count: 3, pass: 50 }))
    assert.include(html, `href="/teach/lessons/${lesson.id}/quiz"`)
  })

  test('a lesson that is not a quiz has no quiz editor', async ({ client }) => {
    const { user, identity } = await certifiedMaster()
    const { lessons } = await courseWithLessons(identity, ['text'])
    const page = await client.get(`/teach/lessons/${lessons[0].id}/quiz`).loginAs(user)
    page.assertStatus(404)
  })

  test('settings are saved; a pass mark over 100 is refused and changes nothing', async ({
    client,
    assert,
  }) => {
    const { masterUser, master, lesson } = await quizWorld()
    const url = `/teach/lessons/${lesson.id}/quiz`
    const saved = await postAs(client, masterUser, url, master).form({
      passPercent: '80',
      attemptsAllowed: '3',
      shuffleQuestions: 'true',
    })
    saved.assertStatus(302)
    assert.equal(saved.header('location'), url)
    assert.deepEqual(await quizContent.settings(lesson.id), {
      passPercent: 80,
      attemptsAllowed: 3,
      shuffleQuestions: true,
      shuffleOptions: false,
    })

    const unlimited = await postAs(client, masterUser, url, master).form({
      passPercent: '60',
      attemptsAllowed: '',
    })
    unlimited.assertStatus(302)
    const unlimitedSettings = await quizContent.settings(lesson.id)
    assert.isNull(unlimitedSettings.attemptsAllowed)

    const bad = await postAs(client, masterUser, url, master)
      .header('referer', url)
      .form({ passPercent: '150', attemptsAllowed: '0' })
    bad.assertStatus(302)
    assert.properties(fieldErrors(bad), ['passPercent', 'attemptsAllowed'])
    const quiz = await Quiz.findOrFail(lesson.id)
    assert.equal(quiz.passPercent, 60)
  })

  test('questions of each kind are added; true/false gets its two options', async ({
    client,
    assert,
  }) => {
    const { masterUser, master, lesson } = await quizWorld()
    const url = `/teach/lessons/${lesson.id}/quiz/questions`
    const added = await postAs(client, masterUser, url, master).form({
      kind: 'multiple',
      prompt: 'Which tools trim a foot ring?',
      points: '2',
      explanation: 'Loop tools cut, ribs smooth.',
      ...optionRows([
        { text: 'Loop tool', correct: true, feedback: 'Yes.' },
        { text: 'Wire', correct: false },
        { text: '' },
        { text: 'Ribbon tool', correct: true },
      ]),
    })
    added.assertStatus(302)
    const question = await QuizQuestion.query()
      .where({ lessonId: lesson.id, position: 4 })
      .firstOrFail()
    assert.equal(
      added.header('location'),
      `/teach/lessons/${lesson.id}/quiz#question-${question.id}`
    )
    const options = await QuizOption.query().where('questionId', question.id).orderBy('position')
    assert.deepEqual(
      options.map((option) => [option.text, option.isCorrect, option.position]),
      [
        ['Loop tool', true, 1],
        ['Wire', false, 2],
        ['Ribbon tool', true, 3],
      ]
    )
    assert.equal(options[0].feedback, 'Yes.')

    await postAs(client, masterUser, url, master).form({
      'kind': 'true_false',
      'prompt': 'Porcelain shrinks more than stoneware.',
      'points': '1',
      'answer': 'true',
      'options[0][feedback]': 'Right: up to 15 %.',
    })
    const tf = await QuizQuestion.query().where({ lessonId: lesson.id, position: 5 }).firstOrFail()
    const tfOptions = await QuizOption.query().where('questionId', tf.id).orderBy('position')
    assert.deepEqual(
      tfOptions.map((option) => [option.text, option.isCorrect, option.feedback]),
      [
        ['true', true, 'Right: up to 15 %.'],
        ['false', false, ''],
      ]
    )
  })

  test('a question breaking its kind’s rule is refused with a clear message and nothing is written', async ({
    client,
    assert,
  }) => {
    const { masterUser, master, lesson } = await quizWorld()
    const url = `/teach/lessons/${lesson.id}/quiz/questions`
    const send = (form: Record<string, string>) =>
      postAs(client, masterUser, url, master)
        .header('referer', `/teach/lessons/${lesson.id}/quiz`)
        .form({ prompt: 'Q?', points: '1', _form: 'new-question', ...form })
    const cases: [Record<string, string>, string][] = [
      [
        {
          kind: 'single',
          ...optionRows([
            { text: 'A', correct: true },
            { text: 'B', correct: true },
          ]),
        },
        'single_one_correct',
      ],
      [{ kind: 'single', ...optionRows([{ text: 'A', correct: true }]) }, 'needs_two_options'],
      [
        { kind: 'multiple', ...optionRows([{ text: 'A' }, { text: 'B' }]) },
        'multiple_needs_correct',
      ],
      [{ kind: 'true_false' }, 'true_false_one_answer'],
    ]
    for (const [form, rule] of cases) {
      const response = await send(form)
      response.assertStatus(302)
      assert.deepEqual(fieldErrors(response).options, [en(`courses_quiz.errors.${rule}`)], rule)
    }
    const invalid = await send({ kind: 'essay', points: '0' })
    assert.properties(fieldErrors(invalid), ['kind', 'points'])
    assert.equal(await countRows('quiz_questions', { lesson_id: lesson.id }), 3)
  })

  test('a question is edited: options changed, removed and added; an edit leaving no correct answer changes nothing', async ({
    client,
    assert,
  }) => {
    const { masterUser, master, lesson, questions } = await quizWorld()
    const single = questions[0]
    const [stoneware, porcelain] = single.options
    const url = `/teach/quiz-questions/${single.id}`
    const saved = await postAs(client, masterUser, url, master).form({
      'prompt': 'Which clay suits a first bowl?',
      'points': '3',
      'options[0][id]': String(stoneware.id),
      'options[0][text]': 'Stoneware',
      'options[0][feedback]': 'It is.',
      'options[1][id]': String(porcelain.id),
      'options[1][text]': 'Porcelain',
      'options[1][remove]': 'true',
      'options[2][text]': 'Earthenware',
      'options[2][correct]': 'true',
    })
    saved.assertStatus(302)
    let [after] = await quizContent.questions(lesson.id)
    assert.equal(after.prompt, 'Which clay suits a first bowl?')
    assert.equal(after.points, 3)
    assert.deepEqual(
      after.options.map((option) => [option.text, option.isCorrect, option.feedback]),
      [
        ['Stoneware', false, 'It is.'],
        ['Earthenware', true, ''],
      ]
    )

    const refused = await postAs(client, masterUser, url, master)
      .header('referer', '/teach')
      .form({
        'prompt': 'Changed?',
        'points': '1',
        'options[0][id]': String(stoneware.id),
        'options[0][text]': 'Stoneware',
        'options[1][id]': String(after.options[1].id),
        'options[1][text]': 'Earthenware',
      })
    assert.deepEqual(fieldErrors(refused).options, [en('courses_quiz.errors.single_one_correct')])
    ;[after] = await quizContent.questions(lesson.id)
    assert.equal(after.prompt, 'Which clay suits a first bowl?')

    const foreign = await postAs(client, masterUser, url, master)
      .header('referer', '/teach')
      .form({
        'prompt': 'Q',
        'points': '1',
        'options[0][id]': String(questions[1].options[0].id),
        'options[0][text]': 'x',
      })
    assert.deepEqual(fieldErrors(foreign).options, [en('courses_quiz.errors.unknown_option')])
  })

  test('questions move up and down, and are deleted with the order kept whole', async ({
    client,
    assert,
  }) => {
    const { masterUser, master, lesson, questions } = await quizWorld()
    const order = () => quizContent.questions(lesson.id).then((all) => all.map((q) => q.id))
    const [a, b, c] = questions.map((q) => q.id)
    await postAs(client, masterUser, `/teach/quiz-questions/${c}/move`, master).form({
      direction: 'up',
    })
    assert.deepEqual(await order(), [a, c, b])
    await postAs(client, masterUser, `/teach/quiz-questions/${a}/move`, master).form({
      direction: 'down',
    })
    assert.deepEqual(await order(), [c, a, b])
    const stuck = await postAs(client, masterUser, `/teach/quiz-questions/${c}/move`, master)
      .header('referer', `/teach/lessons/${lesson.id}/quiz`)
      .form({ direction: 'up' })
    stuck.assertFlashMessage('error', en('courses_quiz.errors.cannot_move'))
    const bad = await postAs(client, masterUser, `/teach/quiz-questions/${c}/move`, master)
      .header('referer', '/x')
      .form({ direction: 'sideways' })
    assert.properties(fieldErrors(bad), ['direction'])
    assert.deepEqual(await order(), [c, a, b])

    const removed = await postAs(client, masterUser, `/teach/quiz-questions/${a}/delete`, master)
    removed.assertStatus(302)
    const left = await quizContent.questions(lesson.id)
    assert.deepEqual(
      left.map((q) => [q.id, q.position]),
      [
        [c, 1],
        [b, 2],
      ]
    )
  })

  test('a photo question takes photos checked by content; the correct one is unique', async ({
    client,
    assert,
  }) => {
    const { masterUser, master, lesson, questions } = await quizWorld()
    await postAs(client, masterUser, `/teach/lessons/${lesson.id}/quiz/questions`, master).form({
      kind: 'photo',
      prompt: 'Which glaze is under-fired?',
      points: '2',
    })
    const question = await QuizQuestion.query()
      .where({ lessonId: lesson.id, kind: 'photo' })
      .firstOrFail()
    const upload = async (name: string, fields: Record<string, string>, file?: string) =>
      client
        .post(`/teach/quiz-questions/${question.id}/photos`)
        .loginAs(masterUser)
        .withSession({ identity_id: master.id })
        .header('referer', `/teach/lessons/${lesson.id}/quiz`)
        .fields(fields)
        .file('image', file ?? (await pngFile(name)))
        .withCsrfToken()
        .redirects(0)

    await upload('a.png', { text: 'Matte and dry', correct: 'true', feedback: 'Yes: dry surface.' })
    const oneShown = await quizContent.questions(lesson.id)
    assert.equal(oneShown[3].problem, 'photo_needs_two')
    await upload('b.png', { text: 'Glossy' })
    await upload('c.png', { correct: 'true' })
    const [, , , photoQuestion] = await quizContent.questions(lesson.id)
    assert.isNull(photoQuestion.problem)
    assert.deepEqual(
      photoQuestion.options.map((option) => [option.text, option.isCorrect]),
      [
        ['Matte and dry', false],
        ['Glossy', false],
        ['', true],
      ]
    )
    const disk = drive.use('fs') as ReturnType<typeof drive.fake>
    for (const option of photoQuestion.options) {
      disk.assertExists(`quiz-photos/${option.imageKey}.webp`)
      assert.isAbove(option.imageWidth!, 0)
    }

    const notImage = await upload('x', {}, await fileWith('fake.png', 'not an image at all'))
    // refused by content (the multipart parser or the encoder, whichever sees it first)
    assert.lengthOf(fieldErrors(notImage).image, 1)
    assert.equal(await countRows('quiz_options', { question_id: question.id }), 3)

    const toText = await client
      .post(`/teach/quiz-questions/${questions[0].id}/photos`)
      .loginAs(masterUser)
      .header('referer', '/x')
      .file('image', await pngFile('d.png'))
      .withCsrfToken()
      .redirects(0)
    assert.deepEqual(fieldErrors(toText).options, [en('courses_quiz.errors.not_photo_question')])

    // deleting the question deletes its photos
    const keys = photoQuestion.options.map((option) => option.imageKey!)
    await quizAuthoring.removeQuestion(question)
    for (const key of keys) disk.assertMissing(`quiz-photos/${key}.webp`)
  })

  test('nobody but the course’s master identity edits the quiz', async ({ client, assert }) => {
    const { masterUser, lesson, questions, learner } = await quizWorld()
    const { user: stranger } = await certifiedMaster()
    // the same person, acting as an apprentice in another field
    const otherField = await FieldFactory.create()
    const ownApprentice = await IdentityFactory.merge({
      userId: masterUser.id,
      fieldId: otherField.id,
    }).create()
    const unenrolled = await UserFactory.create()
    const q = questions[0].id
    const attempts: [string, Record<string, string>][] = [
      [`/teach/lessons/${lesson.id}/quiz`, { passPercent: '1' }],
      [
        `/teach/lessons/${lesson.id}/quiz/questions`,
        { kind: 'true_false', prompt: 'x', points: '1', answer: 'true' },
      ],
      [`/teach/quiz-questions/${q}`, { prompt: 'Hacked', points: '1' }],
      [`/teach/quiz-questions/${q}/move`, { direction: 'down' }],
      [`/teach/quiz-questions/${q}/delete`, {}],
    ]
    for (const [user, as] of [
      [stranger, undefined],
      [masterUser, ownApprentice],
      [learner, undefined],
      [unenrolled, undefined],
    ] as const) {
      const page = await client
        .get(`/teach/lessons/${lesson.id}/quiz`)
        .loginAs(user)
        .withSession(as ? { identity_id: as.id } : {})
      page.assertStatus(403)
      for (const [url, form] of attempts) {
        const response = await postAs(client, user, url, as).form(form)
        assert.equal(response.status(), 403, url)
      }
    }
    for (const [url, form] of attempts) {
      const guest = await client.post(url).form(form).withCsrfToken().redirects(0)
      assert.equal(guest.header('location'), '/login')
    }
    const settings = await quizContent.settings(lesson.id)
    assert.equal(settings.passPercent, 50)
    const after = await quizContent.questions(lesson.id)
    assert.deepEqual(
      after.map((question) => question.prompt),
      questions.map((question) => question.prompt)
    )
  })
})
