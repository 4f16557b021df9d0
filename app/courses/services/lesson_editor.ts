import db from '@adonisjs/lucid/services/db'
import type Lesson from '#courses/models/lesson'
import { courseImages } from '#courses/services/course_images'
import { lessonMarkdown } from '#courses/services/lesson_markdown'
import { lockCourse, refreshCourseStats } from '#courses/services/course_stats'

/** A lesson's title and preview flag, and the text of a text lesson. */
export const lessonEditor = {
  async update(lesson: Lesson, input: { title: string; isPreview?: boolean }) {
    lesson.merge({ title: input.title, isPreview: input.isPreview ?? false })
    await lesson.save()
  },

  /**
   * Saves a text lesson's Markdown with its sanitised HTML and reading time
   * (the course's length follows in the same transaction). An uploaded
   * image is stored first and named at the end of the text, so a form sent
   * without JavaScript loses nothing the master typed.
   */
  async saveText(lesson: Lesson, markdown: string, imagePath?: string) {
    let text = markdown.replace(/\r\n/g, '\n')
    if (imagePath) {
      const url = await courseImages.saveLessonImage(imagePath)
      text = `${text.trimEnd()}\n\n![](${url})\n`.trimStart()
    }
    await db.transaction(async (trx) => {
      const course = await lockCourse(lesson.courseId, trx)
      lesson.useTransaction(trx)
      lesson.merge({
        bodyMarkdown: text,
        bodyHtml: lessonMarkdown.render(text),
        durationSeconds: lessonMarkdown.readingSeconds(text),
      })
      await lesson.save()
      await refreshCourseStats(course, trx)
    })
  },
}
