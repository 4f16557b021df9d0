import type { IdentitySummary } from '#identity/index'
import type Course from '#courses/models/course'
import type Lesson from '#courses/models/lesson'
import type { LessonViewer } from '#courses/services/lesson_kinds'
import { enrollmentService } from '#courses/services/enrollment_service'
import { notFound } from '#shared/errors/not_found'

type Visitor = { userId: number | null; identity: IdentitySummary | null; saveData: boolean }

/**
 * Who may open a lesson, and as what: the course's master identity (any
 * state of the course), an enrolled apprentice (published or archived: an
 * archived course stays open to those enrolled), anyone for a preview lesson
 * of a published course. A draft is not there for anyone else (404); a
 * lesson one may not open answers null.
 */
export async function lessonViewer(
  visitor: Visitor,
  course: Course,
  lesson: Lesson
): Promise<LessonViewer | null> {
  const isOwner =
    visitor.identity?.role === 'master' && visitor.identity.id === course.masterIdentityId
  if (isOwner) return { ...visitor, access: 'owner', enrollment: null }
  if (course.status === 'draft') notFound()
  const enrollment = await enrollmentService.forLearner(visitor.userId, course)
  if (enrollment) return { ...visitor, access: 'enrolled', enrollment }
  if (lesson.isPreview && course.status === 'published') {
    return { ...visitor, access: 'preview', enrollment: null }
  }
  return null
}
