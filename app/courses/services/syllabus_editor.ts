import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Course from '#courses/models/course'
import CourseSection from '#courses/models/course_section'
import Lesson, { type LessonKind } from '#courses/models/lesson'
import { lockCourse, refreshCourseStats } from '#courses/services/course_stats'
import { progressService } from '#courses/services/progress_service'
import { SyllabusOrderError, UnknownSectionError } from '#courses/errors_teach'

type Trx = TransactionClientContract
export type Direction = 'up' | 'down'
export type SyllabusOrder = { id: number; lessons?: number[] }[]

const sectionsOf = (courseId: number, trx: Trx) =>
  CourseSection.query({ client: trx }).where('courseId', courseId).orderBy('position').orderBy('id')

const lessonsOf = (courseId: number, trx: Trx) =>
  Lesson.query({ client: trx }).where('courseId', courseId).orderBy('position').orderBy('id')

/** Saves the rows whose place changed (as models, so the course's pages hear of it). */
async function place<Row extends CourseSection | Lesson>(
  rows: Row[],
  trx: Trx,
  extra?: (row: Row) => Partial<Row>
) {
  for (const [index, row] of rows.entries()) {
    row.useTransaction(trx)
    row.merge({ position: index + 1, ...(extra?.(row) ?? {}) } as Partial<Row>)
    if (row.$isDirty) await row.save()
  }
}

/** Moves an entry of a list one step, in place; false at either end. */
function step<T>(list: T[], index: number, direction: Direction) {
  const to = direction === 'up' ? index - 1 : index + 1
  if (index < 0 || to < 0 || to >= list.length) return false
  ;[list[index], list[to]] = [list[to], list[index]]
  return true
}

/**
 * The syllabus of a course as its master edits it: sections and lessons in
 * order. Each change runs in one transaction under the course's row lock,
 * renumbers what moved, and keeps the course's lesson count and length (and
 * its learners' progress, when lessons come or go) true in that same
 * transaction.
 */
export const syllabusEditor = {
  async addSection(course: Course, title: string) {
    return db.transaction(async (trx) => {
      await lockCourse(course.id, trx)
      const sections = await sectionsOf(course.id, trx)
      return CourseSection.create(
        { courseId: course.id, position: sections.length + 1, title },
        { client: trx }
      )
    })
  },

  async renameSection(section: CourseSection, title: string) {
    section.title = title
    await section.save()
  },

  /** Removes a section and its lessons. */
  async deleteSection(section: CourseSection) {
    await db.transaction(async (trx) => {
      const course = await lockCourse(section.courseId, trx)
      section.useTransaction(trx)
      await section.delete()
      await place(await sectionsOf(course.id, trx), trx)
      await refreshCourseStats(course, trx)
      await progressService.recountCourse(course.id, trx)
    })
  },

  async moveSection(section: CourseSection, direction: Direction) {
    await db.transaction(async (trx) => {
      await lockCourse(section.courseId, trx)
      const sections = await sectionsOf(section.courseId, trx)
      const index = sections.findIndex((other) => other.id === section.id)
      if (step(sections, index, direction)) await place(sections, trx)
    })
  },

  /** A new lesson at the end of a section of this course. */
  async addLesson(course: Course, input: { sectionId: number; kind: LessonKind; title: string }) {
    return db.transaction(async (trx) => {
      const locked = await lockCourse(course.id, trx)
      const section = await CourseSection.query({ client: trx })
        .where('id', input.sectionId)
        .where('courseId', course.id)
        .first()
      if (!section) throw new UnknownSectionError()
      const [{ count }] = await trx
        .from('lessons')
        .where('section_id', section.id)
        .count('* as count')
      const lesson = await Lesson.create(
        { ...input, courseId: course.id, position: Number(count) + 1 },
        { client: trx }
      )
      await refreshCourseStats(locked, trx)
      await progressService.recountCourse(course.id, trx)
      return lesson
    })
  },

  async deleteLesson(lesson: Lesson) {
    await db.transaction(async (trx) => {
      const course = await lockCourse(lesson.courseId, trx)
      lesson.useTransaction(trx)
      await lesson.delete()
      const rest = await lessonsOf(course.id, trx)
      await place(
        rest.filter((other) => other.sectionId === lesson.sectionId),
        trx
      )
      await refreshCourseStats(course, trx)
      await progressService.recountCourse(course.id, trx)
    })
  },

  /**
   * One step up or down; past the top or bottom of its section, a lesson
   * goes to the end of the section above or the start of the one below.
   */
  async moveLesson(lesson: Lesson, direction: Direction) {
    await db.transaction(async (trx) => {
      await lockCourse(lesson.courseId, trx)
      const sections = await sectionsOf(lesson.courseId, trx)
      const lessons = await lessonsOf(lesson.courseId, trx)
      const groups = sections.map((section) =>
        lessons.filter((other) => other.sectionId === section.id)
      )
      const at = sections.findIndex((section) => section.id === lesson.sectionId)
      const group = groups[at]
      const index = group.findIndex((other) => other.id === lesson.id)
      if (step(group, index, direction)) return place(group, trx)
      const next = direction === 'up' ? at - 1 : at + 1
      if (next < 0 || next >= sections.length) return
      const [moved] = group.splice(index, 1)
      if (direction === 'up') groups[next].push(moved)
      else groups[next].unshift(moved)
      await place(groups[next], trx, () => ({ sectionId: sections[next].id }))
      await place(group, trx)
    })
  },

  /**
   * The whole syllabus in a new order (drag and drop): it must name every
   * section and every lesson of the course exactly once; lessons may change
   * sections.
   */
  async reorder(course: Course, order: SyllabusOrder) {
    await db.transaction(async (trx) => {
      await lockCourse(course.id, trx)
      const sections = await sectionsOf(course.id, trx)
      const lessons = await lessonsOf(course.id, trx)
      const sectionById = new Map(sections.map((section) => [section.id, section]))
      const lessonById = new Map(lessons.map((lesson) => [lesson.id, lesson]))
      const namedSections = order.map((entry) => entry.id)
      const namedLessons = order.flatMap((entry) => entry.lessons ?? [])
      const exactly = (named: number[], known: Map<number, unknown>) =>
        named.length === known.size &&
        new Set(named).size === named.length &&
        named.every((id) => known.has(id))
      if (!exactly(namedSections, sectionById) || !exactly(namedLessons, lessonById)) {
        throw new SyllabusOrderError()
      }
      await place(
        namedSections.map((id) => sectionById.get(id)!),
        trx
      )
      for (const entry of order) {
        await place(
          (entry.lessons ?? []).map((id) => lessonById.get(id)!),
          trx,
          () => ({ sectionId: entry.id })
        )
      }
    })
  },
}
