import type { LessonKindParts } from '#courses/services/lesson_kinds'

/**
 * A text lesson: its Markdown was sanitised into `body_html` when saved; the
 * learner marks it read. The editor is the Markdown field on the lesson form.
 */
export const textLesson: LessonKindParts = {
  player: 'courses/lessons/_text',
  async loadPlayer(lesson, _course, viewer) {
    return { html: lesson.bodyHtml, canMark: viewer.access === 'enrolled' }
  },
  editor: 'courses/teach/lessons/_edit_text',
  async loadEditor(lesson) {
    return { markdown: lesson.bodyMarkdown }
  },
}
