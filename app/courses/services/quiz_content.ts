import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import Quiz from '#courses/models/quiz'
import QuizQuestion, { type QuestionKind } from '#courses/models/quiz_question'
import QuizOption from '#courses/models/quiz_option'
import { optionsProblem } from '#courses/services/quiz_rules'

export type QuizSettings = {
  passPercent: number
  attemptsAllowed: number | null
  shuffleQuestions: boolean
  shuffleOptions: boolean
}

export type OptionView = {
  id: number
  text: string
  imageKey: string | null
  imageWidth: number | null
  imageHeight: number | null
  isCorrect: boolean
  feedback: string
}

export type QuestionView = {
  id: number
  position: number
  kind: QuestionKind
  prompt: string
  points: number
  explanation: string
  options: OptionView[]
  /** What keeps it out of the quiz learners take (courses_quiz.errors key), or null. */
  problem: string | null
}

/** A quiz before its master saved any setting. */
export const DEFAULT_SETTINGS: QuizSettings = {
  passPercent: 70,
  attemptsAllowed: null,
  shuffleQuestions: false,
  shuffleOptions: false,
}

const settingsOf = (quiz: Quiz | null): QuizSettings =>
  quiz
    ? {
        passPercent: quiz.passPercent,
        attemptsAllowed: quiz.attemptsAllowed,
        shuffleQuestions: quiz.shuffleQuestions,
        shuffleOptions: quiz.shuffleOptions,
      }
    : { ...DEFAULT_SETTINGS }

/** A quiz lesson's settings and questions, read as plain values. */
export const quizContent = {
  async settings(lessonId: number, client?: QueryClientContract): Promise<QuizSettings> {
    return settingsOf(await Quiz.find(lessonId, { client }))
  },

  /** Every question in the master's order, each with its options and whether learners get it. */
  async questions(lessonId: number, client?: QueryClientContract): Promise<QuestionView[]> {
    const questions = await QuizQuestion.query({ client })
      .where('lessonId', lessonId)
      .orderBy('position')
    if (!questions.length) return []
    const options = await QuizOption.query({ client })
      .whereIn(
        'questionId',
        questions.map((question) => question.id)
      )
      .orderBy('position')
    return questions.map((question) => {
      const own: OptionView[] = options
        .filter((option) => option.questionId === question.id)
        .map((option) => ({
          id: option.id,
          text: option.text,
          imageKey: option.imageKey,
          imageWidth: option.imageWidth,
          imageHeight: option.imageHeight,
          isCorrect: option.isCorrect,
          feedback: option.feedback,
        }))
      return {
        id: question.id,
        position: question.position,
        kind: question.kind,
        prompt: question.prompt,
        points: question.points,
        explanation: question.explanation,
        options: own,
        problem: optionsProblem(question.kind, own),
      }
    })
  },

  /** The questions a learner takes: the complete ones. */
  async ready(lessonId: number, client?: QueryClientContract) {
    const questions = await this.questions(lessonId, client)
    return questions.filter((question) => !question.problem)
  },

  /** Whether this photo belongs to an option of this quiz. */
  async hasPhoto(lessonId: number, key: string) {
    const row = await db
      .from('quiz_options')
      .join('quiz_questions', 'quiz_questions.id', 'quiz_options.question_id')
      .where('quiz_options.image_key', key)
      .where('quiz_questions.lesson_id', lessonId)
      .select('quiz_options.id')
      .first()
    return Boolean(row)
  },
}
