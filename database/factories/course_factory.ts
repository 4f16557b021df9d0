import factory from '@adonisjs/lucid/factories'
import Course from '#courses/models/course'
import CourseSection from '#courses/models/course_section'
import Lesson, { type LessonKind } from '#courses/models/lesson'
import type Identity from '#identity/models/identity'
import { IdentityFactory, UserFactory } from '#database/factories/identity_factory'

export const CourseFactory = factory
  .define(Course, ({ faker }) => ({
    title: `陶艺入门 ${faker.string.alphanumeric(6)}`,
    subtitle: '',
    level: 'beginner' as const,
    language: 'zh-CN' as const,
    description: '从揉泥开始。',
    outcomes: [] as string[],
    requirements: [] as string[],
    priceFen: 0,
    currency: 'CNY',
    status: 'draft' as const,
  }))
  .state('published', (course) => {
    course.status = 'published'
  })
  .build()

/** A certified master identity (with its user and field). */
export async function certifiedMaster() {
  const user = await UserFactory.create()
  const identity = await IdentityFactory.apply('certifiedMaster')
    .merge({ userId: user.id })
    .with('field')
    .create()
  return { user, identity }
}

/**
 * A course of this master identity with one section holding lessons of the
 * given kinds (text lessons carry a body), in order; published unless told.
 */
export async function courseWithLessons(
  master: Identity,
  kinds: LessonKind[] = ['text', 'text'],
  overrides: Partial<Pick<Course, 'status' | 'priceFen' | 'title'>> = {}
) {
  const course = await CourseFactory.merge({
    masterIdentityId: master.id,
    fieldId: master.fieldId,
    status: 'published',
    ...overrides,
  }).create()
  const section = await CourseSection.create({ courseId: course.id, position: 1, title: '第一章' })
  const lessons: Lesson[] = []
  for (const [index, kind] of kinds.entries()) {
    lessons.push(
      await Lesson.create({
        courseId: course.id,
        sectionId: section.id,
        position: index + 1,
        kind,
        title: `第 ${index + 1} 课`,
        isPreview: index === 0,
        durationSeconds: kind === 'video' ? 120 : 60,
        bodyMarkdown: kind === 'text' ? '# 揉泥' : '',
        bodyHtml: kind === 'text' ? '<h1>揉泥</h1>' : '',
      })
    )
  }
  course.lessonCount = lessons.length
  await course.save()
  return { course, section, lessons }
}
