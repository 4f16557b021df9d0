import Course from '#courses/models/course'
import CourseSection from '#courses/models/course_section'
import Lesson from '#courses/models/lesson'
import { notFound } from '#shared/errors/not_found'

/** A lesson's columns in a syllabus: everything but its body. */
const SYLLABUS_COLUMNS = [
  'id',
  'course_id',
  'section_id',
  'position',
  'kind',
  'title',
  'is_preview',
  'duration_seconds',
  'created_at',
  'updated_at',
]

export type SyllabusSection = { id: number; title: string; lessons: Lesson[] }

/** A course's content in syllabus order: sections, then lessons within each. */
export const courseContent = {
  async course(id: number): Promise<Course> {
    return (await Course.find(id)) ?? notFound()
  },

  /** A lesson of that course, or the 404 page (a lesson id under another course's URL). */
  async lesson(courseId: number, lessonId: number): Promise<{ course: Course; lesson: Lesson }> {
    const [course, lesson] = await Promise.all([Course.find(courseId), Lesson.find(lessonId)])
    if (!course || !lesson || lesson.courseId !== course.id) notFound()
    return { course, lesson }
  },

  /**
   * The sections and their lessons' outlines: what a syllabus shows, not the
   * lessons' bodies (a text lesson's Markdown and HTML are read with the lesson).
   */
  async syllabus(courseId: number): Promise<SyllabusSection[]> {
    const [sections, lessons] = await Promise.all([
      CourseSection.query()
        .where('courseId', courseId)
        .select('id', 'course_id', 'title', 'position')
        .orderBy('position')
        .orderBy('id'),
      Lesson.query()
        .where('courseId', courseId)
        .select(SYLLABUS_COLUMNS)
        .orderBy('position')
        .orderBy('id'),
    ])
    return sections.map((section) => ({
      id: section.id,
      title: section.title,
      lessons: lessons.filter((lesson) => lesson.sectionId === section.id),
    }))
  },

  /** Every lesson id in syllabus order. */
  orderedLessonIds(syllabus: SyllabusSection[]) {
    return syllabus.flatMap((section) => section.lessons.map((lesson) => lesson.id))
  },
}
