import type { HttpContext } from '@adonisjs/core/http'
import CoursePolicy from '#courses/policies/course_policy'
import CourseSection from '#courses/models/course_section'
import Lesson from '#courses/models/lesson'
import { courseContent } from '#courses/services/course_content'
import { notFound } from '#shared/errors/not_found'

/*
| What every /teach route does first: finds the course (or the section or
| lesson, then its course) named in the URL and lets only its own master
| identity, while active, go on (CoursePolicy 'edit': 403 otherwise).
*/

export async function ownCourse({ params, bouncer, identity }: HttpContext) {
  const course = await courseContent.course(params.id)
  await bouncer.with(CoursePolicy).authorize('edit', identity, course)
  return course
}

export async function ownSection(ctx: HttpContext) {
  const section = (await CourseSection.find(ctx.params.id)) ?? notFound()
  const course = await courseContent.course(section.courseId)
  await ctx.bouncer.with(CoursePolicy).authorize('edit', ctx.identity, course)
  return { course, section }
}

export async function ownLesson(ctx: HttpContext) {
  const lesson = (await Lesson.find(ctx.params.id)) ?? notFound()
  const course = await courseContent.course(lesson.courseId)
  await ctx.bouncer.with(CoursePolicy).authorize('edit', ctx.identity, course)
  return { course, lesson }
}
