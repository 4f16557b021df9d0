import db from '@adonisjs/lucid/services/db'
import type { ApiClient } from '@japa/api-client'
import type User from '#identity/models/user'
import type Identity from '#identity/models/identity'
import type Lesson from '#courses/models/lesson'
import QuizOption from '#courses/models/quiz_option'
import { UserFactory } from '#database/factories/user_factory'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import { enrollmentService } from '#courses/services/enrollment_service'
import { quizAuthoring } from '#courses/services/quiz_authoring'
import { quizContent } from '#courses/services/quiz_content'

/** The three questions of the test quiz: 1 + 2 + 1 points. */
export async function addStandardQuestions(lesson: Lesson) {
  await quizAuthoring.addQuestion(lesson, {
    kind: 'single',
    prompt: 'Which clay forgives a beginner most?',
    points: 1,
    explanation: 'Stoneware is plastic and fires in a wide range.',
    options: [
      { text: 'Stoneware', correct: true, feedback: 'Yes: plastic and forgiving.' },
      { text: 'Porcelain', feedback: 'Beautiful, but it slumps on the wheel.' },
    ],
  })
  await quizAuthoring.addQuestion(lesson, {
    kind: 'multiple',
    prompt: 'Which are glaze defects?',
    points: 2,
    options: [
      { text: 'Crawling', correct: true },
      { text: 'Pinholes', correct: true },
      { text: 'Leather-hard', feedback: 'That is a state of drying clay.' },
    ],
  })
  await quizAuthoring.addQuestion(lesson, {
    kind: 'true_false',
    prompt: 'A bisque firing comes before glazing.',
    points: 1,
    answer: 'true',
  })
  return quizContent.questions(lesson.id)
}

/**
 * A published course of a certified master with a text lesson and a quiz
 * lesson holding the standard questions (pass mark 50 %, unlimited attempts
 * unless told), and an apprentice enrolled in it.
 */
export async function quizWorld(settings: { attemptsAllowed?: number | null } = {}) {
  const { user: masterUser, identity: master } = await certifiedMaster()
  const { course, lessons } = await courseWithLessons(master, ['text', 'quiz'])
  const lesson = lessons[1]
  await quizAuthoring.saveSettings(lesson, {
    passPercent: 50,
    attemptsAllowed: settings.attemptsAllowed ?? null,
  })
  const questions = await addStandardQuestions(lesson)
  const learner = await UserFactory.create()
  const enrollment = await enrollmentService.enroll(learner.id, course)
  return { masterUser, master, course, lesson, questions, learner, enrollment }
}

/** The ids of a question's options whose text is one of these. */
export async function optionIds(questionId: number, texts: string[]) {
  const options = await QuizOption.query().where('questionId', questionId).orderBy('position')
  return options.filter((option) => texts.includes(option.text)).map((option) => option.id)
}

/** A POST as this user acting as this identity, with the CSRF token, not following redirects. */
export function postAs(client: ApiClient, user: User, url: string, as?: Identity) {
  const request = client.post(url).loginAs(user).withCsrfToken().redirects(0)
  return as ? request.withSession({ identity_id: as.id }) : request
}

/** Removes a quizWorld made with committed rows (races, browser tests). */
export async function removeQuizWorld(world: Awaited<ReturnType<typeof quizWorld>>) {
  await db.from('courses').where('id', world.course.id).delete()
  await db.from('users').whereIn('id', [world.masterUser.id, world.learner.id]).delete()
  await db.from('fields').where('id', world.master.fieldId).delete()
}
