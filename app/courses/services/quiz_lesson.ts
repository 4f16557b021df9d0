import type { LessonKindParts } from '#courses/services/lesson_kinds'
import { quizAuthoring } from '#courses/services/quiz_authoring'
import { quizTaking } from '#courses/services/quiz_taking'

/**
 * A quiz lesson: the learner's player takes attempts (resources/views/
 * courses/lessons/_quiz.edge); the editor part is a summary card linking to
 * the quiz's own editor page (GET /teach/lessons/:id/quiz).
 */
export const quizLesson: LessonKindParts = {
  player: 'courses/lessons/_quiz',
  async loadPlayer(lesson, _course, viewer) {
    return { quiz: await quizTaking.player(lesson, viewer) }
  },
  editor: 'courses/teach/lessons/_edit_quiz',
  async loadEditor(lesson) {
    const { settings, questions } = await quizAuthoring.editor(lesson)
    return {
      quizSummary: {
        settings,
        questionCount: questions.length,
        incomplete: questions.filter((question) => question.problem).length,
        totalPoints: questions.reduce((sum, question) => sum + question.points, 0),
      },
    }
  },
}
