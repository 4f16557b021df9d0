import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type Course from '#courses/models/course'
import type Lesson from '#courses/models/lesson'
import { UserFactory } from '#database/factories/user_factory'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import { enrollmentService } from '#courses/services/enrollment_service'
import { quizAuthoring } from '#courses/services/quiz_authoring'
import { quizTaking } from '#courses/services/quiz_taking'
import { courseAnalytics } from '#courses/services/course_analytics'
import { en, isolateEachTest } from '#tests/helpers'
import { addStandardQuestions, optionIds } from '#tests/courses/quiz_helpers'

const DAY = 24 * 3600 * 1000
const PROMPT = `<script>alert("x")</script> Bisque & 'glaze'?`

/** One submitted attempt of this learner with these answers; their enrollment. */
async function take(userId: number, course: Course, lesson: Lesson, answers: [number, number[]][]) {
  const enrollment = await enrollmentService.enroll(userId, course)
  const attempt = await quizTaking.start(enrollment, lesson)
  await quizTaking.submit(await quizTaking.attemptOf(userId, attempt.id), new Map(answers))
  return enrollment
}

/** A review of this enrollment written at this moment (rows as review_service writes them). */
async function review(enrollmentId: number, rating: number, createdAt: Date) {
  const enrollment = await db.from('enrollments').where('id', enrollmentId).firstOrFail()
  await db.table('reviews').insert({
    enrollment_id: enrollmentId,
    course_id: enrollment.course_id,
    apprentice_identity_id: enrollment.apprentice_identity_id,
    rating,
    body: 'Good',
    created_at: createdAt,
    updated_at: createdAt,
  })
}

/** An enrolled learner of the course (no lessons done); their enrollment id. */
async function learnerOf(course: Course, refunded = false) {
  const user = await UserFactory.create()
  const enrollment = await enrollmentService.enroll(user.id, course)
  if (refunded)
    await db.from('enrollments').where('id', enrollment.id).update({ status: 'refunded' })
  return enrollment.id
}

/**
 * A course of a text lesson and two quizzes: the first with the standard
 * questions plus one whose prompt is markup, taken three times by two
 * learners (and once by a refunded one, who counts nowhere); the second
 * never taken.
 */
async function courseWithQuizzes() {
  const { user, identity } = await certifiedMaster()
  const { course, lessons } = await courseWithLessons(identity, ['text', 'quiz', 'quiz'])
  const [, first, second] = lessons
  await db.from('lessons').where('id', first.id).update({ title: 'Clay quiz' })
  await db.from('lessons').where('id', second.id).update({ title: 'Kiln quiz' })
  for (const lesson of [first, second]) {
    await quizAuthoring.saveSettings(lesson, { passPercent: 50, attemptsAllowed: null })
  }
  const [single, multiple, trueFalse] = await addStandardQuestions(first)
  await quizAuthoring.addQuestion(first, {
    kind: 'true_false',
    prompt: PROMPT,
    points: 1,
    answer: 'false',
  })
  await addStandardQuestions(second)
  const { id: marked } = await db.from('quiz_questions').where('prompt', PROMPT).firstOrFail()
  const right = {
    single: await optionIds(single.id, ['Stoneware']),
    multiple: await optionIds(multiple.id, ['Crawling', 'Pinholes']),
    trueFalse: await optionIds(trueFalse.id, ['true']),
    marked: await optionIds(marked, ['false']),
  }
  const wrong = {
    single: await optionIds(single.id, ['Porcelain']),
    multiple: await optionIds(multiple.id, ['Crawling']),
    marked: await optionIds(marked, ['true']),
  }
  const [one, two, refunded] = await Promise.all([
    UserFactory.create(),
    UserFactory.create(),
    UserFactory.create(),
  ])
  // learner one fails (single only: 1 of 5 points), then passes with everything right
  await take(one.id, course, first, [[single.id, right.single]])
  await take(one.id, course, first, [
    [single.id, right.single],
    [multiple.id, right.multiple],
    [trueFalse.id, right.trueFalse],
    [marked, right.marked],
  ])
  // learner two fails: single wrong, multiple half right, the marked one wrong (1 of 5 points)
  await take(two.id, course, first, [
    [single.id, wrong.single],
    [multiple.id, wrong.multiple],
    [trueFalse.id, right.trueFalse],
    [marked, wrong.marked],
  ])
  // a refunded learner who passed: counted nowhere
  const gone = await take(refunded.id, course, first, [
    [single.id, right.single],
    [multiple.id, right.multiple],
    [trueFalse.id, right.trueFalse],
  ])
  await db.from('enrollments').where('id', gone.id).update({ status: 'refunded' })
  return { user, course, first, second }
}

const rowsOf = (html: string, pattern: RegExp) => [...html.matchAll(pattern)].map((m) => m.slice(1))

test.group('Courses: analytics of quizzes and ratings', (group) => {
  isolateEachTest(group)

  test('per quiz: attempts, learners, pass rate, and its hardest questions with the prompts as text', async ({
    client,
    assert,
  }) => {
    const { user, course } = await courseWithQuizzes()
    const response = await client.get(`/teach/courses/${course.id}/analytics`).loginAs(user)
    response.assertStatus(200)
    const html = response.text()

    // quiz, attempts, learners, pass rate: the quiz never taken has a dash
    assert.deepEqual(
      rowsOf(
        html,
        /<tr><th scope="row">([^<]*)<\/th><td>(\d+)<\/td><td>(\d+)<\/td><td>([^<]*)<\/td><\/tr>/g
      ),
      [
        ['Clay quiz', '3', '2', '50%'],
        ['Kiln quiz', '0', '0', '—'],
      ]
    )
    // the hardest first: multiple and the marked one 1 of 2 each (a tie keeps the master's
    // order), single 2 of 3, the true/false 2 of 2
    const escaped = (apostrophe: string) =>
      `&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Bisque &amp; ${apostrophe}glaze${apostrophe}?`
    assert.deepEqual(
      rowsOf(html, /<tr><th scope="row">([^<]*)<\/th><td>(\d+)<\/td><td>([^<]*)<\/td><\/tr>/g),
      [
        ['Which are glaze defects?', '2', '50%'],
        [escaped('&#x27;'), '2', '50%'],
        ['Which clay forgives a beginner most?', '3', '67%'],
        ['A bisque firing comes before glazing.', '2', '100%'],
      ]
    )
    // the quiz never taken has its heading and says nobody answered it, without a chart
    assert.include(html, en('courses_learning.analytics.hardest', { quiz: 'Kiln quiz' }))
    assert.include(html, en('courses_learning.analytics.no_answers'))
    // four charts: enrollments, reach, pass rates, and the hardest questions of the quiz taken
    assert.lengthOf(html.match(/<svg class="chart"/g)!, 4)
    // the prompt is text in the SVG (its tooltip and its cut label) and the table, never markup
    assert.notInclude(html, '<script>alert')
    assert.notInclude(html, 'alert("x")')
    assert.include(html, `<title>${escaped('&#39;')}: 50%</title>`)
  })

  test('a course without quiz lessons or reviews says so in each section', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    const { course } = await courseWithLessons(identity, ['text'])
    const response = await client.get(`/teach/courses/${course.id}/analytics`).loginAs(user)
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, en('courses_learning.analytics.no_quizzes'))
    assert.include(html, en('courses_learning.analytics.no_reviews'))
    assert.lengthOf(html.match(/<svg class="chart"/g)!, 2)
    assert.notMatch(html, /NaN|Infinity/)
  })

  test('the rating trend: 12 months, the mean and count of each, gaps where none', async ({
    client,
    assert,
  }) => {
    const { user, identity } = await certifiedMaster()
    const { course } = await courseWithLessons(identity, ['text'])
    const now = Date.now()
    await review(await learnerOf(course), 5, new Date(now - 60_000))
    await review(await learnerOf(course), 4, new Date(now - 60_000))
    await review(await learnerOf(course), 2, new Date(now - 95 * DAY))
    // a refunded learner's review: if it counted, that month's mean would be 1.5
    await review(await learnerOf(course, true), 1, new Date(now - 95 * DAY))
    const response = await client.get(`/teach/courses/${course.id}/analytics`).loginAs(user)
    response.assertStatus(200)
    const html = response.text()
    const months = rowsOf(
      html,
      /<tr><td>(\d{4}-\d{2})<\/td><td>(\d+)<\/td><td>([^<]*)<\/td><\/tr>/g
    )
    assert.lengthOf(months, 12)
    assert.equal(
      months.reduce((sum, [, count]) => sum + Number(count), 0),
      3
    )
    // in the master's zone: this month last, two reviews, 4.5; about three months before, one
    // of 2; the others empty
    const monthIn = (date: number) =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone: user.timeZone,
        year: 'numeric',
        month: '2-digit',
      }).format(date)
    const recent = monthIn(now - 60_000)
    const older = monthIn(now - 95 * DAY)
    assert.deepEqual(months[11], [recent, '2', '4.5'])
    assert.deepEqual(months.find(([month]) => month === older)?.slice(1), ['1', '2.0'])
    assert.deepEqual(
      months.filter(([month]) => month !== recent && month !== older).map((m) => m.slice(1)),
      Array(10).fill(['0', '—'])
    )
    // the line: a dot on each of the two months, in two pieces (the empty months between)
    assert.lengthOf(html.match(/<circle class="chart-dot"/g)!, 2)
    const path = html.match(/<path class="chart-line" d="([^"]+)"/)![1]
    assert.lengthOf(path.match(/M/g)!, 2)
    assert.notInclude(path, 'L')
  })

  test('ratingTrend: calendar months in the reader’s zone, refunded reviews left out', async ({
    assert,
  }) => {
    const { identity } = await certifiedMaster()
    const { course } = await courseWithLessons(identity, ['text'])
    // read at 02:00 on 1 December 2026 in Shanghai (still 30 November in UTC)
    const now = new Date('2026-11-30T18:00:00Z')
    await review(await learnerOf(course), 5, new Date('2026-11-30T17:00:00Z')) // December there
    await review(await learnerOf(course), 4, new Date('2026-12-01T01:00:00Z'))
    await review(await learnerOf(course), 3, new Date('2026-10-15T12:00:00Z'))
    await review(await learnerOf(course, true), 1, new Date('2026-10-16T12:00:00Z'))
    // January, the first of the 12 months, from its first hour there; December before it is out
    await review(await learnerOf(course), 1, new Date('2025-12-31T16:30:00Z'))
    await review(await learnerOf(course), 2, new Date('2025-12-31T15:30:00Z'))

    const months = await courseAnalytics.ratingTrend(course.id, 'Asia/Shanghai', now)
    assert.lengthOf(months, 12)
    assert.equal(months[0].month, '2026-01')
    assert.equal(months[11].month, '2026-12')
    assert.deepEqual(
      months.filter((m) => m.count),
      [
        { month: '2026-01', count: 1, mean: 1 },
        { month: '2026-10', count: 1, mean: 3 },
        { month: '2026-12', count: 2, mean: 4.5 },
      ]
    )
    assert.deepEqual(months[10], { month: '2026-11', count: 0, mean: null })
  })
})
