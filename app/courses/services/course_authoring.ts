import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { IdentitySummary } from '#identity/index'
import Course, { type CourseLanguage, type CourseLevel } from '#courses/models/course'
import CourseSection from '#courses/models/course_section'
import { courseImages } from '#courses/services/course_images'
import { lockCourse } from '#courses/services/course_stats'
import { CourseNotReadyError, CourseStatusChangedError } from '#courses/errors_teach'
import { linesOf, yuanToFen } from '#courses/validators/teach_validators'

/** The course form as validated (validators/teach_validators.ts). */
export type CourseDetails = {
  title: string
  subtitle?: string
  level: CourseLevel
  language: CourseLanguage
  description?: string
  outcomes?: string
  requirements?: string
  pricing: 'free' | 'paid'
  price?: string
}

function columnsOf(details: CourseDetails) {
  return {
    title: details.title,
    subtitle: details.subtitle ?? '',
    level: details.level,
    language: details.language,
    description: details.description ?? '',
    outcomes: linesOf(details.outcomes),
    requirements: linesOf(details.requirements),
    priceFen: details.pricing === 'paid' ? yuanToFen(details.price ?? '')! : 0,
  }
}

/** The items a learner needs before a course is published, by the keys the page names them. */
async function missingForPublishing(
  course: Course,
  trx: typeof db | Parameters<typeof lockCourse>[1]
) {
  const missing: string[] = []
  const [{ count }] = await trx.from('lessons').where('course_id', course.id).count('* as count')
  if (Number(count) === 0) missing.push('lesson')
  if (!course.coverKey) missing.push('cover')
  if (!course.description.trim()) missing.push('description')
  // a lesson a learner could open but never finish: no video, no question, no text
  const empty = await trx
    .from('lessons')
    .where('lessons.course_id', course.id)
    .where((lesson) => {
      lesson
        .where((video) => {
          video
            .where('lessons.kind', 'video')
            .whereNotExists((ready) =>
              ready
                .from('lesson_videos')
                .whereColumn('lesson_videos.lesson_id', 'lessons.id')
                .whereNot('lesson_videos.state', 'failed')
            )
        })
        .orWhere((quiz) => {
          quiz
            .where('lessons.kind', 'quiz')
            .whereNotExists((question) =>
              question.from('quiz_questions').whereColumn('quiz_questions.lesson_id', 'lessons.id')
            )
        })
        .orWhere((text) => {
          text.where('lessons.kind', 'text').whereRaw("btrim(lessons.body_markdown) = ''")
        })
    })
    .distinct('lessons.kind')
  for (const kind of ['video', 'quiz', 'text']) {
    if (empty.some((row) => row.kind === kind)) missing.push(`${kind}_content`)
  }
  return missing
}

/**
 * A master identity's courses: starting one, its details and cover, and its
 * way from draft to published to archived (and back to published). Each
 * status change locks the course's row and checks where it stands, so two
 * racing requests give one change and one clear refusal.
 */
export const courseAuthoring = {
  /** The identity's courses, latest changed first. */
  forMaster(identityId: number) {
    return Course.query()
      .where('masterIdentityId', identityId)
      .orderBy('updatedAt', 'desc')
      .orderBy('id', 'desc')
  },

  /** A new draft in the identity's field, with a first section to put lessons in. */
  async create(identity: IdentitySummary, details: CourseDetails, firstSectionTitle: string) {
    return db.transaction(async (trx) => {
      const course = await Course.create(
        { masterIdentityId: identity.id, fieldId: identity.field.id, ...columnsOf(details) },
        { client: trx }
      )
      await CourseSection.create(
        { courseId: course.id, position: 1, title: firstSectionTitle },
        { client: trx }
      )
      return course
    })
  },

  async update(course: Course, details: CourseDetails) {
    course.merge(columnsOf(details))
    await course.save()
  },

  /** A new cover under a new key; the old one is removed once the course names the new. */
  async setCover(course: Course, tmpPath: string) {
    const cover = await courseImages.saveCover(tmpPath)
    const oldKey = course.coverKey
    try {
      course.merge(cover)
      await course.save()
    } catch (error) {
      await courseImages.removeCover(cover.coverKey)
      throw error
    }
    if (oldKey) await courseImages.removeCover(oldKey)
  },

  /**
   * Draft → published, once it has a lesson, a cover and a description
   * (CourseNotReadyError names each one missing). The caller has checked
   * who may publish it (and, for a paid course, who may sell it).
   */
  async publish(courseId: number) {
    return db.transaction(async (trx) => {
      const course = await lockCourse(courseId, trx)
      if (course.status !== 'draft') throw new CourseStatusChangedError(course.status)
      const missing = await missingForPublishing(course, trx)
      if (missing.length) throw new CourseNotReadyError(missing)
      course.useTransaction(trx)
      course.merge({ status: 'published', publishedAt: DateTime.now() })
      await course.save()
      return course
    })
  },

  /** Published → archived: off the catalogue, still open to those enrolled. */
  async archive(courseId: number) {
    return this.move(courseId, 'published', 'archived')
  },

  /** Archived → published again. */
  async reopen(courseId: number) {
    return this.move(courseId, 'archived', 'published')
  },

  async move(courseId: number, from: 'published' | 'archived', to: 'published' | 'archived') {
    return db.transaction(async (trx) => {
      const course = await lockCourse(courseId, trx)
      if (course.status !== from) throw new CourseStatusChangedError(course.status)
      course.useTransaction(trx)
      course.merge({ status: to, archivedAt: to === 'archived' ? DateTime.now() : null })
      await course.save()
      return course
    })
  },
}
