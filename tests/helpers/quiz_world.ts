import db from '@adonisjs/lucid/services/db'
import type User from '#identity/models/user'
import Identity from '#identity/models/identity'
import { certifiedMaster, courseWithLessons } from '#database/factories/course_factory'
import { enrollmentService } from '#courses/services/enrollment_service'
import { quizAuthoring } from '#courses/services/quiz_authoring'
import { quizTaking } from '#courses/services/quiz_taking'
import { addStandardQuestions } from '#tests/courses/quiz_helpers'
import { pngFile } from '#tests/helpers'

/** The authorization world's quiz things (tests/helpers/authorization_world.ts). */

/** A quiz lesson in a course of the owner's own master identity. */
export async function ownQuizOf(owner: User) {
  const identity = await Identity.findOrFail(owner.defaultIdentityId)
  const { course, lessons } = await courseWithLessons(identity, ['text', 'quiz'])
  const questions = await addStandardQuestions(lessons[1])
  return { course, lesson: lessons[1], questions }
}

/**
 * A quiz lesson with a photo question in another master's course of the
 * field, the owner enrolled (as an apprentice) with an attempt open.
 */
export async function enrolledQuizOf(owner: User, fieldId: number) {
  const { identity } = await certifiedMaster()
  await db.from('identities').where('id', identity.id).update({ field_id: fieldId })
  identity.fieldId = fieldId
  const { course, lessons } = await courseWithLessons(identity, ['text', 'quiz'])
  const lesson = lessons[1]
  await addStandardQuestions(lesson)
  const photo = await quizAuthoring.addQuestion(lesson, {
    kind: 'photo',
    prompt: 'Which glaze is under-fired?',
    points: 1,
  })
  await quizAuthoring.addPhoto(photo, await pngFile('dry.png'), { correct: true })
  await quizAuthoring.addPhoto(photo, await pngFile('glossy.png'), {})
  const option = await db.from('quiz_options').where('question_id', photo.id).firstOrFail()
  const enrollment = await enrollmentService.enroll(owner.id, course)
  const attempt = await quizTaking.start(enrollment, lesson)
  return { course, lesson, attempt, photoKey: option.image_key as string }
}
