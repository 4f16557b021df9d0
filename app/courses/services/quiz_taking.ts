import { randomInt } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Course from '#courses/models/course'
import type Enrollment from '#courses/models/enrollment'
import Lesson from '#courses/models/lesson'
import QuizAttempt from '#courses/models/quiz_attempt'
import { courseContent } from '#courses/services/course_content'
import { enrollmentService } from '#courses/services/enrollment_service'
import type { LessonViewer } from '#courses/services/lesson_kinds'
import { progressService } from '#courses/services/progress_service'
import { quizContent, type QuestionView, type QuizSettings } from '#courses/services/quiz_content'
import { attemptOrder } from '#courses/services/quiz_order'
import { gradeQuiz, scorePercent, type QuestionResult } from '#courses/services/quiz_grading'
import {
  AnswerInvalidError,
  AttemptClosedError,
  NoAttemptsLeftError,
  QuizNotReadyError,
} from '#courses/quiz_errors'
import { notFound } from '#shared/errors/not_found'

/** Answers by question id: the options chosen (none: unanswered). */
export type Answers = Map<number, number[]>

type AnswerForm = { questions?: number[]; answers?: Record<string, number[]> }

/** The answers a form sends (answersValidator): every question it names, chosen options or none. */
export function answersFrom(form: AnswerForm): Answers {
  const answers: Answers = new Map()
  for (const id of form.questions ?? []) answers.set(id, [])
  for (const [key, ids] of Object.entries(form.answers ?? {})) {
    const id = /^q(\d{1,15})$/.exec(key)
    if (!id) throw new AnswerInvalidError()
    answers.set(Number(id[1]), ids)
  }
  return answers
}

/** Each answer names a question of the quiz and only that question's options (one, unless multiple). */
function checkAnswers(questions: QuestionView[], answers: Answers) {
  const byId = new Map(questions.map((question) => [question.id, question]))
  for (const [questionId, optionIds] of answers) {
    const question = byId.get(questionId)
    if (!question) throw new AnswerInvalidError()
    const own = new Set(question.options.map((option) => option.id))
    if (optionIds.some((id) => !own.has(id))) throw new AnswerInvalidError()
    if (question.kind !== 'multiple' && new Set(optionIds).size > 1) throw new AnswerInvalidError()
  }
}

async function writeAnswers(attemptId: number, answers: Answers, trx: TransactionClientContract) {
  const now = new Date()
  for (const [questionId, optionIds] of answers) {
    await trx.rawQuery(
      `INSERT INTO quiz_answers (attempt_id, question_id, option_ids, saved_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (attempt_id, question_id) DO UPDATE SET
         option_ids = EXCLUDED.option_ids, saved_at = EXCLUDED.saved_at`,
      [attemptId, questionId, [...new Set(optionIds)], now]
    )
  }
}

async function savedAnswers(attemptId: number): Promise<Answers> {
  const rows = await db
    .from('quiz_answers')
    .where('attempt_id', attemptId)
    .select('question_id', 'option_ids')
  return new Map(rows.map((row) => [Number(row.question_id), row.option_ids.map(Number)]))
}

const orderFor = (questions: QuestionView[], attempt: QuizAttempt, settings: QuizSettings) =>
  attemptOrder(questions, attempt.seed, {
    questions: settings.shuffleQuestions,
    options: settings.shuffleOptions,
  })

export type AttemptContext = {
  attempt: QuizAttempt
  enrollment: Enrollment
  lesson: Lesson
  course: Course
}

/**
 * Taking a quiz (an enrolled apprentice): attempts started within the
 * quiz's limit, answers saved as the apprentice goes, submitted once and
 * graded on the server; a pass completes the lesson.
 */
export const quizTaking = {
  /** An attempt of the user's own enrollment (anyone else's: not found). */
  async attemptOf(userId: number, attemptId: number): Promise<AttemptContext> {
    const attempt = (await QuizAttempt.find(attemptId)) ?? notFound()
    const lesson = (await Lesson.find(attempt.lessonId)) ?? notFound()
    const course = await courseContent.course(lesson.courseId)
    const enrollment = await enrollmentService.forLearner(userId, course)
    if (enrollment?.id !== attempt.enrollmentId) notFound()
    return { attempt, enrollment, lesson, course }
  },

  /**
   * A new attempt, or the open one (a second click continues it). The
   * enrollment's row lock makes starts one at a time, so the count read is
   * the count written; the database also refuses a second open attempt and
   * an attempt past the limit (migration 1764800000130).
   */
  async start(enrollment: Enrollment, lesson: Lesson): Promise<QuizAttempt> {
    const questions = await quizContent.ready(lesson.id)
    if (!questions.length) throw new QuizNotReadyError()
    return db.transaction(async (trx) => {
      await trx.from('enrollments').where('id', enrollment.id).forUpdate().select('id')
      const attempts = await QuizAttempt.query({ client: trx })
        .where({ enrollmentId: enrollment.id, lessonId: lesson.id })
        .orderBy('number', 'desc')
      const open = attempts.find((attempt) => attempt.isOpen)
      if (open) return open
      const settings = await quizContent.settings(lesson.id, trx)
      if (settings.attemptsAllowed !== null && attempts.length >= settings.attemptsAllowed) {
        throw new NoAttemptsLeftError()
      }
      return QuizAttempt.create(
        {
          enrollmentId: enrollment.id,
          lessonId: lesson.id,
          number: (attempts[0]?.number ?? 0) + 1,
          seed: randomInt(2 ** 31),
          startedAt: DateTime.now(),
        },
        { client: trx }
      )
    })
  },

  /**
   * Saves answers into an open attempt. Its row is read under a share lock,
   * which a submission's update waits for: an answer lands before the
   * grading or is refused after it, never in between.
   */
  async save(attemptId: number, lessonId: number, answers: Answers) {
    checkAnswers(await quizContent.ready(lessonId), answers)
    await db.transaction(async (trx) => {
      const row = await trx
        .from('quiz_attempts')
        .where('id', attemptId)
        .forShare()
        .select('submitted_at')
        .first()
      if (!row || row.submitted_at !== null) throw new AttemptClosedError()
      await writeAnswers(attemptId, answers, trx)
    })
  },

  /**
   * Submits an attempt (saving the answers the form carries first) and
   * grades it. A conditional update submits it once; submitting again
   * changes nothing and answers the same result. A pass completes the
   * lesson (again harmlessly on a repeated submit, should the first have
   * stopped in between).
   */
  async submit({ attempt, enrollment, lesson }: AttemptContext, answers: Answers) {
    const questions = await quizContent.ready(lesson.id)
    if (answers.size) checkAnswers(questions, answers)
    const settings = await quizContent.settings(lesson.id)
    await db.transaction(async (trx) => {
      const row = await trx
        .from('quiz_attempts')
        .where('id', attempt.id)
        .forUpdate()
        .select('submitted_at')
        .first()
      if (!row || row.submitted_at !== null) return
      await writeAnswers(attempt.id, answers, trx)
      const saved = await trx
        .from('quiz_answers')
        .where('attempt_id', attempt.id)
        .select('question_id', 'option_ids')
      const grade = gradeQuiz(
        questions,
        new Map(saved.map((answer) => [Number(answer.question_id), answer.option_ids.map(Number)])),
        settings.passPercent
      )
      await trx.from('quiz_attempts').where('id', attempt.id).whereNull('submitted_at').update({
        submitted_at: new Date(),
        score: grade.score,
        max_score: grade.maxScore,
        passed: grade.passed,
      })
    })
    await attempt.refresh()
    if (attempt.passed) await progressService.complete(enrollment, lesson)
    return attempt
  },

  /** What the quiz shows its viewer: the start, the open attempt, or the last result. */
  async player(lesson: Lesson, viewer: LessonViewer) {
    const [settings, all] = await Promise.all([
      quizContent.settings(lesson.id),
      quizContent.questions(lesson.id),
    ])
    const questions = all.filter((question) => !question.problem)
    const totalPoints = questions.reduce((sum, question) => sum + question.points, 0)
    const base = { settings, questions, totalPoints, incomplete: all.length - questions.length }
    if (!viewer.enrollment) return { ...base, mode: viewer.access }
    const attempts = await QuizAttempt.query()
      .where({ enrollmentId: viewer.enrollment.id, lessonId: lesson.id })
      .orderBy('number', 'desc')
    const open = attempts.find((attempt) => attempt.isOpen) ?? null
    const submitted = attempts.filter((attempt) => !attempt.isOpen)
    const best = submitted.reduce<number | null>(
      (top, attempt) => Math.max(top ?? 0, scorePercent(attempt.score!, attempt.maxScore!)),
      null
    )
    const left =
      settings.attemptsAllowed === null
        ? null
        : Math.max(settings.attemptsAllowed - attempts.length, 0)
    const learner = {
      ...base,
      mode: 'learner' as const,
      attemptsUsed: attempts.length,
      attemptsLeft: left,
      canStart: !open && questions.length > 0 && left !== 0,
      bestPercent: best,
      passedOnce: submitted.some((attempt) => attempt.passed),
    }
    if (open) {
      const answers = await savedAnswers(open.id)
      return {
        ...learner,
        open: { attempt: open, questions: orderFor(questions, open, settings), answers },
      }
    }
    const last = submitted[0]
    if (!last) return learner
    const answers = await savedAnswers(last.id)
    const grade = gradeQuiz(questions, answers, settings.passPercent)
    return {
      ...learner,
      result: {
        attempt: last,
        percent: scorePercent(last.score!, last.maxScore!),
        questions: orderFor(questions, last, settings).map((question) => ({
          ...question,
          result: grade.questions.get(question.id) as QuestionResult,
        })),
      },
    }
  },
}
