import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#database/factories/user_factory'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import { enrollmentService } from '#courses/services/enrollment_service'
import { progressService } from '#courses/services/progress_service'
import { quizAuthoring } from '#courses/services/quiz_authoring'
import { quizTaking } from '#courses/services/quiz_taking'
import { addStandardQuestions, optionIds } from '#tests/courses/quiz_helpers'

const DAY = 24 * 3600 * 1000

/**
 * Committed rows for the learning pages in a browser (page weight,
 * screenshots): a certified master's two courses; a learner (zh-CN or en)
 * halfway through the first and done with the second (a certificate); six
 * more learners of the first, enrolled over the last weeks at different
 * stages; the first course ends with a quiz three of them took (one passed
 * at the second try, one failed, one passed) and five of them reviewed it
 * over the last months (with months between without a review). `users` lists whom to delete afterwards (their identities, courses
 * and enrollments go with them).
 */
export async function learningStory(locale: 'zh-CN' | 'en' = 'zh-CN') {
  const { user: masterUser, identity } = await certifiedMaster()
  const zh = locale === 'zh-CN'
  const { course, lessons } = await courseWithLessons(
    identity,
    ['text', 'text', 'text', 'text', 'quiz'],
    {
      title: zh ? '拉坯基础：从定中心到收口' : 'Throwing basics: from centring to the rim',
    }
  )
  const titles = zh
    ? ['揉泥与定中心', '开孔与拉高', '修坯的节奏', '收口与切底', '小测：从泥到釉']
    : [
        'Wedging and centring',
        'Opening and pulling up',
        'Trimming',
        'Closing the rim',
        'Quiz: clay to glaze',
      ]
  for (const [index, lesson] of lessons.entries()) {
    await db.from('lessons').where('id', lesson.id).update({ title: titles[index] })
  }
  const { course: short, lessons: shortLessons } = await courseWithLessons(identity, ['text'], {
    title: zh ? '釉色入门' : 'Glazes for beginners',
  })
  const learner = await UserFactory.merge({
    locale,
    displayName: zh ? '林小满' : 'Lin Xiaoman',
    timeZone: 'Asia/Shanghai',
  }).create()
  const enrollment = await enrollmentService.enroll(learner.id, course)
  await progressService.open(enrollment, lessons[1])
  await progressService.complete(enrollment, lessons[0])
  const finished = await enrollmentService.enroll(learner.id, short)
  await progressService.complete(finished, shortLessons[0])
  await finished.refresh()

  const quiz = lessons[4]
  await quizAuthoring.saveSettings(quiz, { passPercent: 60, attemptsAllowed: null })
  const [single, multiple, trueFalse] = await addStandardQuestions(quiz)
  const right: [number, number[]][] = [
    [single.id, await optionIds(single.id, ['Stoneware'])],
    [multiple.id, await optionIds(multiple.id, ['Crawling', 'Pinholes'])],
    [trueFalse.id, await optionIds(trueFalse.id, ['true'])],
  ]
  const wrong: [number, number[]][] = [
    [single.id, await optionIds(single.id, ['Porcelain'])],
    [multiple.id, await optionIds(multiple.id, ['Crawling'])],
    [trueFalse.id, await optionIds(trueFalse.id, ['false'])],
  ]
  /** Who of the others takes the quiz, with which answers, attempt after attempt. */
  const attempts: Record<number, [number, number[]][][]> = {
    0: [[wrong[0], wrong[1], right[2]], right],
    1: [[right[0], wrong[1], wrong[2]]],
    2: [[right[0], right[1], wrong[2]]],
  }
  /** Who reviews, how many months ago, with what rating. */
  const reviews: Record<number, [number, number]> = {
    0: [0, 5],
    1: [1, 4],
    2: [3, 3],
    3: [4, 5],
    4: [7, 4],
  }

  const others: number[] = []
  const now = Date.now()
  for (const [index, done] of [4, 3, 2, 1, 1, 0].entries()) {
    const other = await UserFactory.create()
    others.push(other.id)
    const theirs = await enrollmentService.enroll(other.id, course)
    for (const lesson of lessons.slice(0, done)) await progressService.complete(theirs, lesson)
    await db
      .from('enrollments')
      .where('id', theirs.id)
      .update({
        created_at: new Date(now - (index * 4 + 1) * DAY),
        last_activity_at: new Date(now - index * 3 * DAY),
      })
    for (const answers of attempts[index] ?? []) {
      const attempt = await quizTaking.start(theirs, quiz)
      await quizTaking.submit(await quizTaking.attemptOf(other.id, attempt.id), new Map(answers))
    }
    if (reviews[index]) {
      const [monthsAgo, rating] = reviews[index]
      const written = new Date(now - (monthsAgo * 30 + 1) * DAY)
      await db.table('reviews').insert({
        enrollment_id: theirs.id,
        course_id: course.id,
        apprentice_identity_id: theirs.apprenticeIdentityId,
        rating,
        body: zh ? '讲得很清楚。' : 'Clear and patient.',
        created_at: written,
        updated_at: written,
      })
    }
  }
  return {
    masterUser,
    learner,
    course,
    certificate: finished,
    users: [masterUser.id, learner.id, ...others],
  }
}
