import router from '@adonisjs/core/services/router'
import { identityDirectory } from '#identity/index'
import { courseDescriptionHtml } from '#courses/services/lesson_markdown'
import { DomainError } from '#shared/errors/domain_error'
import { notFound } from '#shared/errors/not_found'
import Course from '#courses/models/course'
import type Enrollment from '#courses/models/enrollment'
import { courseCards } from '#courses/services/course_cards'
import { courseContent } from '#courses/services/course_content'
import { enrollmentService } from '#courses/services/enrollment_service'
import { reviewService } from '#courses/services/review_service'

/** An archived course, asked for by someone not enrolled: it is no longer offered (410). */
export class CourseArchivedError extends DomainError {
  static status = 410
  static code = 'E_COURSE_ARCHIVED'
  static back = { route: 'courses.index', labelKey: 'courses_catalogue.back_to_catalogue' }

  constructor() {
    super('courses_catalogue.archived_message')
  }
}

export const REVIEWS_ON_COURSE_PAGE = 5

/** The course page (课程详情): everything a visitor needs to decide, and a learner to go on. */
export const coursePage = {
  find(id: number) {
    return Course.find(id)
  },

  /**
   * Who the viewer is to the course, when they may see it: a draft is its
   * master's only (404 for others), an archived course its master's and its
   * learners' (CourseArchivedError for others).
   */
  async access(course: Course, userId: number | null, isOwner: boolean) {
    if (course.status === 'draft' && !isOwner) notFound()
    // the active enrollment of the user's apprentice identity in the field, whichever identity acts
    const enrollment: Enrollment | null = await enrollmentService.forLearner(userId, course)
    const enrolled = enrollment !== null
    if (course.status === 'archived' && !isOwner && !enrolled) throw new CourseArchivedError()
    return { isOwner, enrollment, enrolled }
  },

  /** Sections in order, each with its lessons in order (title, kind, length, preview). */
  async syllabus(courseId: number) {
    const sections = await courseContent.syllabus(courseId)
    return sections.map((section) => ({
      id: section.id,
      title: section.title,
      lessons: section.lessons.map((lesson) => ({
        id: lesson.id,
        title: lesson.title,
        kind: lesson.kind,
        isPreview: lesson.isPreview,
        durationSeconds: lesson.durationSeconds,
      })),
    }))
  },

  /** The page's state, the same for every anonymous visitor (it is cached for them). */
  async load(course: Course) {
    const [[card], syllabus, master, masterRating, reviews, distribution] = await Promise.all([
      courseCards([course]),
      this.syllabus(course.id),
      identityDirectory.card(course.masterIdentityId),
      this.masterRating(course.masterIdentityId),
      reviewService.page(course.id, 1, REVIEWS_ON_COURSE_PAGE),
      reviewService.distribution(course.id),
    ])
    const lessons = syllabus.flatMap((section) => section.lessons)
    return {
      course,
      card,
      descriptionHtml: courseDescriptionHtml(course),
      syllabus,
      firstLesson: lessons[0] ?? null,
      previewCount: lessons.filter((lesson) => lesson.isPreview).length,
      master,
      masterRating,
      reviews,
      distribution,
      editHref: router.makeUrl('teach.courses.edit', { id: course.id }),
    }
  },

  /** A master's mean rating over their published and archived courses (null before any review). */
  async masterRating(masterIdentityId: number) {
    const row = await Course.query()
      .where('masterIdentityId', masterIdentityId)
      .whereIn('status', ['published', 'archived'])
      .sum('rating_sum as sum')
      .sum('rating_count as count')
      .first()
    const count = Number(row?.$extras.count ?? 0)
    const sum = Number(row?.$extras.sum ?? 0)
    return count ? { rating: Math.round((sum / count) * 10) / 10, count } : null
  },
}
