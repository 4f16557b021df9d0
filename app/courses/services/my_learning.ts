import db from '@adonisjs/lucid/services/db'
import { identityDirectory, type IdentitySummary } from '#identity/index'
import { nextLesson } from '#courses/services/progress_maths'
import { courseCoverUrl } from '#courses/services/learning_links'

export type LearningItem = {
  enrollmentId: number
  courseId: number
  title: string
  coverUrl: string | null
  coverWidth: number | null
  coverHeight: number | null
  master: { userId: number; displayName: string } | null
  progressPercent: number
  completedLessons: number
  lessonCount: number
  lastActivityAt: Date | null
  completedAt: Date | null
  hasCertificate: boolean
  /** The lesson to continue with (null: every lesson done, or a course with none). */
  nextLessonId: number | null
}

export type LearningGroup = { identity: IdentitySummary; items: LearningItem[] }

/**
 * "My learning" (我的学习): the courses a user takes through each of their
 * apprentice identities, one group per identity, the active identity's first.
 * Four queries whatever the number of courses: enrollments, the lessons of
 * their courses in syllabus order, the lessons done, the masters.
 */
export const myLearning = {
  async of(userId: number, activeIdentityId: number | null): Promise<LearningGroup[]> {
    const apprentices = await identityDirectory.apprenticesOf(userId)
    if (!apprentices.length) return []
    const enrollments = await db
      .from('enrollments as e')
      .join('courses as c', 'c.id', 'e.course_id')
      .whereIn(
        'e.apprentice_identity_id',
        apprentices.map((identity) => identity.id)
      )
      .where('e.status', 'active')
      .whereNot('c.status', 'draft')
      .orderByRaw('e.last_activity_at DESC NULLS LAST, e.id DESC')
      .select(
        'e.id',
        'e.apprentice_identity_id',
        'e.progress_percent',
        'e.completed_lessons',
        'e.last_lesson_id',
        'e.last_activity_at',
        'e.completed_at',
        'e.certificate_code',
        'c.id as course_id',
        'c.title',
        'c.cover_key',
        'c.cover_width',
        'c.cover_height',
        'c.lesson_count',
        'c.master_identity_id'
      )
    const courseIds = [...new Set(enrollments.map((row) => row.course_id as number))]
    const [ordered, done, masters] = await Promise.all([
      lessonsInOrder(courseIds),
      lessonsDone(enrollments.map((row) => row.id as number)),
      identityDirectory.cards(enrollments.map((row) => row.master_identity_id as number)),
    ])
    const items = new Map<number, LearningItem[]>()
    for (const row of enrollments) {
      const master = masters.get(row.master_identity_id)
      const item: LearningItem = {
        enrollmentId: row.id,
        courseId: row.course_id,
        title: row.title,
        coverUrl: courseCoverUrl(row.course_id, row.cover_key),
        coverWidth: row.cover_width,
        coverHeight: row.cover_height,
        master: master ? { userId: master.userId, displayName: master.displayName } : null,
        progressPercent: row.progress_percent,
        completedLessons: row.completed_lessons,
        lessonCount: row.lesson_count,
        lastActivityAt: row.last_activity_at,
        completedAt: row.completed_at,
        hasCertificate: row.completed_at !== null && row.certificate_code !== null,
        nextLessonId: nextLesson(
          ordered.get(row.course_id) ?? [],
          done.get(row.id) ?? new Set(),
          row.last_lesson_id
        ),
      }
      const list = items.get(row.apprentice_identity_id) ?? []
      list.push(item)
      items.set(row.apprentice_identity_id, list)
    }
    const groups = apprentices
      .filter((identity) => items.has(identity.id))
      .map((identity) => ({ identity, items: items.get(identity.id)! }))
    // the identity being acted as first, the others as they were taken up
    return groups.sort(
      (a, b) =>
        Number(b.identity.id === activeIdentityId) - Number(a.identity.id === activeIdentityId)
    )
  },
}

/** Each course's lesson ids in syllabus order (sections, then lessons within each). */
async function lessonsInOrder(courseIds: number[]) {
  const ordered = new Map<number, number[]>()
  if (!courseIds.length) return ordered
  const rows = await db
    .from('lessons as l')
    .join('course_sections as s', 's.id', 'l.section_id')
    .whereIn('l.course_id', courseIds)
    .orderBy([
      { column: 's.position' },
      { column: 's.id' },
      { column: 'l.position' },
      { column: 'l.id' },
    ])
    .select('l.id', 'l.course_id')
  for (const row of rows) {
    const list = ordered.get(row.course_id) ?? []
    list.push(row.id)
    ordered.set(row.course_id, list)
  }
  return ordered
}

/** The lessons each enrollment has done. */
async function lessonsDone(enrollmentIds: number[]) {
  const done = new Map<number, Set<number>>()
  if (!enrollmentIds.length) return done
  const rows = await db
    .from('lesson_progress')
    .whereIn('enrollment_id', enrollmentIds)
    .whereNotNull('completed_at')
    .select('enrollment_id', 'lesson_id')
  for (const row of rows) {
    const set = done.get(row.enrollment_id) ?? new Set<number>()
    set.add(row.lesson_id)
    done.set(row.enrollment_id, set)
  }
  return done
}
