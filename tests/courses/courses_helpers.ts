import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient, ApiResponse } from '@japa/api-client'
import type User from '#identity/models/user'
import type Field from '#identity/models/field'
import type Identity from '#identity/models/identity'
import { UserFactory } from '#database/factories/user_factory'
import { FieldFactory, IdentityFactory } from '#database/factories/identity_factory'
import Course from '#courses/models/course'
import CourseSection from '#courses/models/course_section'
import Lesson, { type LessonKind } from '#courses/models/lesson'
import Enrollment from '#courses/models/enrollment'

/*
| Courses for tests, through the models (so every hook runs: search index,
| page-cache purges), in the test's own transaction. Shared by every courses
| spec: keep these exports and their meaning stable, add options rather than
| change them.
*/

export type Person = { user: User; identity: Identity; field: Field }

/**
 * A user acting as a certified master of a field (a new field unless given):
 * the master identity is their default (active) identity.
 */
export async function certifiedMaster(
  options: { field?: Field; displayName?: string; headline?: string } = {}
): Promise<Person> {
  const field = options.field ?? (await FieldFactory.create())
  const user = await UserFactory.merge(
    options.displayName ? { displayName: options.displayName } : {}
  ).create()
  const identity = await IdentityFactory.apply('certifiedMaster')
    .merge({ userId: user.id, fieldId: field.id, headline: options.headline ?? null })
    .create()
  user.defaultIdentityId = identity.id
  await user.save()
  return { user, identity, field }
}

/** A user acting as an apprentice of a field (or another user's apprentice identity there). */
export async function apprenticeIn(field: Field, user?: User): Promise<Person> {
  const person = user ?? (await UserFactory.create())
  const identity = await IdentityFactory.merge({ userId: person.id, fieldId: field.id }).create()
  if (!user) {
    person.defaultIdentityId = identity.id
    await person.save()
  }
  return { user: person, identity, field }
}

export type LessonShape = {
  title?: string
  kind?: LessonKind
  durationSeconds?: number
  isPreview?: boolean
}
export type CourseShape = {
  /** sections, each with its lessons; default: one section of two video lessons (the first a preview) */
  sections?: { title?: string; lessons: LessonShape[] }[]
}

/**
 * A course of the master, with its sections and lessons, and the counts the
 * catalogue shows (lesson_count, duration_seconds). Published unless
 * `status` says otherwise.
 */
export async function makeCourse(
  master: Person,
  attributes: Partial<
    Pick<
      Course,
      | 'title'
      | 'subtitle'
      | 'description'
      | 'level'
      | 'language'
      | 'priceFen'
      | 'status'
      | 'outcomes'
      | 'requirements'
      | 'enrollmentCount'
      | 'publishedAt'
    >
  > = {},
  shape: CourseShape = {}
): Promise<Course> {
  const status = attributes.status ?? 'published'
  const course = await Course.create({
    masterIdentityId: master.identity.id,
    fieldId: master.field.id,
    title: 'A course',
    subtitle: '',
    description: '',
    outcomes: [],
    requirements: [],
    ...attributes,
    status,
    publishedAt:
      attributes.publishedAt ?? (status === 'draft' ? null : DateTime.now().minus({ days: 1 })),
    archivedAt: status === 'archived' ? DateTime.now() : null,
  })
  const sections = shape.sections ?? [
    {
      title: 'Getting started',
      lessons: [
        { title: 'Welcome', durationSeconds: 300, isPreview: true },
        { title: 'Tools', durationSeconds: 600 },
      ],
    },
  ]
  let lessonCount = 0
  let duration = 0
  for (const [index, section] of sections.entries()) {
    const row = await CourseSection.create({
      courseId: course.id,
      position: index + 1,
      title: section.title ?? `Section ${index + 1}`,
    })
    for (const [position, lesson] of section.lessons.entries()) {
      await Lesson.create({
        courseId: course.id,
        sectionId: row.id,
        position: position + 1,
        kind: lesson.kind ?? 'video',
        title: lesson.title ?? `Lesson ${position + 1}`,
        isPreview: lesson.isPreview ?? false,
        durationSeconds: lesson.durationSeconds ?? 0,
      })
      lessonCount++
      duration += lesson.durationSeconds ?? 0
    }
  }
  course.merge({ lessonCount, durationSeconds: duration })
  await course.save()
  return course
}

/** A published course of a new certified master (in a new field unless given). */
export async function publishedCourse(
  attributes: Parameters<typeof makeCourse>[1] = {},
  options: { field?: Field; displayName?: string } = {}
) {
  const master = await certifiedMaster(options)
  const course = await makeCourse(master, attributes)
  return { master, course }
}

/** The course's lessons in syllabus order. */
export function lessonsOf(course: Course) {
  return Lesson.query()
    .where('lessons.course_id', course.id)
    .join('course_sections', 'course_sections.id', 'lessons.section_id')
    .orderBy('course_sections.position')
    .orderBy('lessons.position')
    .select('lessons.*')
}

/**
 * Enrolls a person through their apprentice identity in the course's field
 * (made if they have none), as enrolling does; with `completed`, that many
 * lessons are completed in order.
 */
export async function enrollIn(course: Course, user: User, options: { completed?: number } = {}) {
  let identityRow = await db
    .from('identities')
    .where({ user_id: user.id, field_id: course.fieldId, role: 'apprentice' })
    .first()
  if (!identityRow) {
    const made = await IdentityFactory.merge({ userId: user.id, fieldId: course.fieldId }).create()
    identityRow = { id: made.id }
  }
  const enrollment = await Enrollment.create({
    courseId: course.id,
    apprenticeIdentityId: identityRow.id,
    status: 'active',
  })
  await db.from('courses').where('id', course.id).increment('enrollment_count', 1)
  const lessons = await lessonsOf(course)
  for (const lesson of lessons.slice(0, options.completed ?? 0)) {
    await completeLesson(enrollment, lesson)
  }
  return enrollment
}

/** Marks a lesson completed for an enrollment. */
export async function completeLesson(enrollment: Enrollment, lesson: Lesson) {
  const now = new Date()
  await db.table('lesson_progress').insert({
    enrollment_id: enrollment.id,
    lesson_id: lesson.id,
    opened_at: now,
    completed_at: now,
    updated_at: now,
  })
}

const ENTITIES: Record<string, string> = { '&#x27;': "'", '&amp;': '&', '&quot;': '"' }
const unescapeHtml = (html: string) =>
  html.replace(/&#x27;|&amp;|&quot;/g, (entity) => ENTITIES[entity])

/** The titles on a page's course cards, in order (catalogue, field page, profile). */
export function cardTitles(html: string) {
  return [...html.matchAll(/<h3 class="course-card-title"><a [^>]*>([^<]*)<\/a>/g)].map((match) =>
    unescapeHtml(match[1])
  )
}

/** The titles the anonymous catalogue shows for a query string ("q=陶艺&level=beginner"), in order. */
export async function catalogueTitles(client: ApiClient, query = '') {
  const response = await client
    .get(query ? `/courses?${query}` : '/courses')
    .header('accept-language', 'en')
  response.assertStatus(200)
  return cardTitles(response.text())
}

/** Sends a request and asserts its status (the response is returned for more checks). */
export async function expectStatus(request: PromiseLike<ApiResponse>, status: number) {
  const response = await request
  response.assertStatus(status)
  return response
}

/** A response's body text. */
export async function textOf(request: PromiseLike<ApiResponse>) {
  const response = await request
  return response.text()
}

/**
 * A course as the busiest pages show one: three sections of lessons with
 * previews, a description, outcomes and a learner's review (the page-weight
 * test measures its page). Returns the course id and the learner's user id.
 */
export async function pageWeightCourse(master: Person) {
  const lessons = (count: number) =>
    Array.from({ length: count }, (_, index) => ({
      title: `第 ${index + 1} 课：揉泥、拉坯与修坯`,
      durationSeconds: 300 + index * 60,
      isPreview: index === 0,
    }))
  const course = await makeCourse(
    master,
    {
      title: '陶艺零基础入门',
      subtitle: '从揉泥到第一只碗',
      description: '## 这门课讲什么\n\n从**揉泥**开始，一步一步做出第一只碗。',
      outcomes: ['独立完成拉坯', '认识常见釉料'],
      requirements: ['一块泥和一份耐心'],
    },
    {
      sections: [
        { title: '准备', lessons: lessons(4) },
        { title: '拉坯', lessons: lessons(6) },
        { title: '上釉与烧制', lessons: lessons(5) },
      ],
    }
  )
  const learner = await UserFactory.create()
  await enrollIn(course, learner, { completed: 1 })
  const { reviewService } = await import('#courses/services/review_service')
  await reviewService.save(learner.id, course, { rating: 5, body: '讲得很清楚，适合零基础。' })
  return { id: course.id, learnerId: learner.id }
}
