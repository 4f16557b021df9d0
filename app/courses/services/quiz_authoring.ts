import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type Lesson from '#courses/models/lesson'
import QuizQuestion, { type QuestionKind } from '#courses/models/quiz_question'
import QuizOption from '#courses/models/quiz_option'
import { quizContent, type QuizSettings } from '#courses/services/quiz_content'
import { quizPhotoStore } from '#courses/services/quiz_photo_store'
import { MAX_OPTIONS, optionsProblem } from '#courses/services/quiz_rules'
import { CannotMoveError, QuestionOptionsError } from '#courses/quiz_errors'
import { notFound } from '#shared/errors/not_found'

type OptionRow = {
  id?: number
  text?: string | null
  feedback?: string | null
  correct?: boolean
  remove?: boolean
}
type QuestionText = {
  prompt: string
  points: number
  explanation?: string | null
  options?: OptionRow[]
}
type NewOption = { text: string; feedback: string; isCorrect: boolean }

const filled = (value: string | null | undefined) => (value ?? '').trim()

/** The new options a form's rows add: rows with a text (blank rows are the form's spare ones). */
const newRows = (rows: OptionRow[]): NewOption[] =>
  rows
    .filter((row) => !row.id && filled(row.text))
    .map((row) => ({
      text: filled(row.text),
      feedback: filled(row.feedback),
      isCorrect: Boolean(row.correct),
    }))

/** Refuses options their kind cannot use; a photo question may wait for its second photo. */
function check(kind: QuestionKind, options: { isCorrect: boolean }[]) {
  const problem = optionsProblem(kind, options)
  if (problem && !(kind === 'photo' && problem === 'photo_needs_two')) {
    throw new QuestionOptionsError(problem)
  }
}

/** Locks the quiz (made on first use): one change to its question list at a time. */
async function lockQuiz(lessonId: number, trx: TransactionClientContract) {
  const now = new Date()
  await trx.rawQuery(
    `INSERT INTO quizzes (lesson_id, created_at, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (lesson_id) DO NOTHING`,
    [lessonId, now, now]
  )
  await trx.from('quizzes').where('lesson_id', lessonId).forUpdate().select('lesson_id')
}

async function insertOptions(
  questionId: number,
  options: NewOption[],
  from: number,
  trx: TransactionClientContract
) {
  for (const [index, option] of options.entries()) {
    await QuizOption.create({ questionId, position: from + index, ...option }, { client: trx })
  }
}

/**
 * Writing a quiz (the master, acting as the course's master identity):
 * settings, questions in order, their options. Each use case checks the
 * whole question before writing it, in one transaction: nothing is half
 * written.
 */
export const quizAuthoring = {
  async saveSettings(lesson: Lesson, settings: Partial<QuizSettings>) {
    const now = new Date()
    await db.rawQuery(
      `INSERT INTO quizzes (lesson_id, pass_percent, attempts_allowed, shuffle_questions, shuffle_options, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (lesson_id) DO UPDATE SET
         pass_percent = EXCLUDED.pass_percent, attempts_allowed = EXCLUDED.attempts_allowed,
         shuffle_questions = EXCLUDED.shuffle_questions, shuffle_options = EXCLUDED.shuffle_options,
         updated_at = EXCLUDED.updated_at`,
      [
        lesson.id,
        settings.passPercent ?? 70,
        settings.attemptsAllowed ?? null,
        Boolean(settings.shuffleQuestions),
        Boolean(settings.shuffleOptions),
        now,
        now,
      ]
    )
  },

  /** A new question at the end; true/false gets its two options, a photo question its photos later. */
  async addQuestion(
    lesson: Lesson,
    data: QuestionText & { kind: QuestionKind; answer?: 'true' | 'false' }
  ) {
    const rows = data.options ?? []
    let options: NewOption[] = []
    if (data.kind === 'true_false') {
      if (!data.answer) throw new QuestionOptionsError('true_false_one_answer')
      options = (['true', 'false'] as const).map((value, index) => ({
        text: value,
        feedback: filled(rows[index]?.feedback),
        isCorrect: data.answer === value,
      }))
    } else if (data.kind !== 'photo') {
      options = newRows(rows)
    }
    check(data.kind, options)
    return db.transaction(async (trx) => {
      await lockQuiz(lesson.id, trx)
      const last = await trx
        .from('quiz_questions')
        .where('lesson_id', lesson.id)
        .max('position as position')
        .first()
      const question = await QuizQuestion.create(
        {
          lessonId: lesson.id,
          position: (last?.position ?? 0) + 1,
          kind: data.kind,
          prompt: data.prompt,
          points: data.points,
          explanation: filled(data.explanation),
        },
        { client: trx }
      )
      await insertOptions(question.id, options, 1, trx)
      return question
    })
  },

  /**
   * The question's text and its options as the form sends them: existing
   * rows changed or removed (true/false keeps its two), new rows added.
   */
  async updateQuestion(question: QuizQuestion, data: QuestionText) {
    const rows = data.options ?? []
    const existing = await QuizOption.query().where('questionId', question.id).orderBy('position')
    const byId = new Map(existing.map((option) => [option.id, option]))
    if (rows.some((row) => row.id && !byId.has(row.id))) {
      throw new QuestionOptionsError('unknown_option')
    }
    const rowOf = new Map(rows.filter((row) => row.id).map((row) => [row.id!, row]))
    const removed: QuizOption[] = []
    const kept: { option: QuizOption; changes: Partial<NewOption> }[] = []
    for (const option of existing) {
      const row = rowOf.get(option.id)
      if (row?.remove && question.kind !== 'true_false') {
        removed.push(option)
        continue
      }
      if (!row) {
        kept.push({ option, changes: {} })
        continue
      }
      const text = question.kind === 'true_false' ? option.text : filled(row.text)
      if (!text && !option.imageKey) throw new QuestionOptionsError('option_needs_text')
      kept.push({
        option,
        changes: { text, feedback: filled(row.feedback), isCorrect: Boolean(row.correct) },
      })
    }
    const added = ['single', 'multiple'].includes(question.kind) ? newRows(rows) : []
    check(question.kind, [
      ...kept.map(({ option, changes }) => ({
        isCorrect: changes.isCorrect ?? option.isCorrect,
      })),
      ...added,
    ])
    await db.transaction(async (trx) => {
      await lockQuiz(question.lessonId, trx)
      if (removed.length) {
        await trx
          .from('quiz_options')
          .whereIn(
            'id',
            removed.map((option) => option.id)
          )
          .delete()
      }
      for (const [index, { option, changes }] of kept.entries()) {
        option.useTransaction(trx)
        option.merge({ ...changes, position: index + 1 })
        await option.save()
      }
      await insertOptions(question.id, added, kept.length + 1, trx)
      question.useTransaction(trx)
      question.merge({
        prompt: data.prompt,
        points: data.points,
        explanation: filled(data.explanation),
      })
      await question.save()
    })
    await quizPhotoStore.remove(removed.flatMap((option) => option.imageKey ?? []))
  },

  async removeQuestion(question: QuizQuestion) {
    const images = await QuizOption.query()
      .where('questionId', question.id)
      .whereNotNull('imageKey')
    await db.transaction(async (trx) => {
      await lockQuiz(question.lessonId, trx)
      await trx.from('quiz_questions').where('id', question.id).delete()
      await trx
        .from('quiz_questions')
        .where('lesson_id', question.lessonId)
        .where('position', '>', question.position)
        .decrement('position', 1)
    })
    await quizPhotoStore.remove(images.map((option) => option.imageKey!))
  },

  /** One place up or down, swapping with the neighbour. */
  async moveQuestion(question: QuizQuestion, direction: 'up' | 'down') {
    await db.transaction(async (trx) => {
      await lockQuiz(question.lessonId, trx)
      const current = await trx
        .from('quiz_questions')
        .where('id', question.id)
        .select('position')
        .first()
      if (!current) notFound()
      const neighbour = await trx
        .from('quiz_questions')
        .where('lesson_id', question.lessonId)
        .where('position', direction === 'up' ? '<' : '>', current.position)
        .orderBy('position', direction === 'up' ? 'desc' : 'asc')
        .select('id', 'position')
        .first()
      if (!neighbour) throw new CannotMoveError()
      await trx
        .from('quiz_questions')
        .where('id', question.id)
        .update({ position: neighbour.position })
      await trx
        .from('quiz_questions')
        .where('id', neighbour.id)
        .update({ position: current.position })
    })
  },

  /** A photo of work as a new option of a photo question; ticked correct, it becomes the one correct photo. */
  async addPhoto(
    question: QuizQuestion,
    tmpPath: string,
    data: { text?: string | null; feedback?: string | null; correct?: boolean }
  ) {
    if (question.kind !== 'photo') throw new QuestionOptionsError('not_photo_question')
    const image = await quizPhotoStore.save(tmpPath)
    try {
      await db.transaction(async (trx) => {
        await lockQuiz(question.lessonId, trx)
        const last = await trx
          .from('quiz_options')
          .where('question_id', question.id)
          .select(db.raw('count(*)::int AS count'), db.raw('max(position) AS position'))
          .first()
        if (last.count >= MAX_OPTIONS) throw new QuestionOptionsError('too_many_options')
        if (data.correct) {
          await trx
            .from('quiz_options')
            .where('question_id', question.id)
            .update({ is_correct: false })
        }
        await QuizOption.create(
          {
            questionId: question.id,
            position: (last?.position ?? 0) + 1,
            text: filled(data.text),
            feedback: filled(data.feedback),
            isCorrect: Boolean(data.correct),
            ...image,
          },
          { client: trx }
        )
      })
    } catch (error) {
      await quizPhotoStore.remove([image.imageKey])
      throw error
    }
  },

  /** What the editor page shows. */
  async editor(lesson: Lesson) {
    const [settings, questions] = await Promise.all([
      quizContent.settings(lesson.id),
      quizContent.questions(lesson.id),
    ])
    return { settings, questions }
  },
}
