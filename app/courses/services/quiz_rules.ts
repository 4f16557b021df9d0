import type { QuestionKind } from '#courses/models/quiz_question'

/** A question has at most this many options (photos included). */
export const MAX_OPTIONS = 10

/**
 * What keeps a question's options from being answerable, as the key of the
 * message under courses_quiz.errors, or null when they are fine: a single
 * choice or photo question needs exactly one correct option, a multiple
 * choice one at least one, every kind at least two options (true/false
 * exactly its two).
 */
export function optionsProblem(kind: QuestionKind, options: { isCorrect: boolean }[]) {
  const correct = options.filter((option) => option.isCorrect).length
  if (options.length > MAX_OPTIONS) return 'too_many_options'
  if (kind === 'true_false') {
    return options.length === 2 && correct === 1 ? null : 'true_false_one_answer'
  }
  if (options.length < 2) return kind === 'photo' ? 'photo_needs_two' : 'needs_two_options'
  if (kind === 'multiple') return correct >= 1 ? null : 'multiple_needs_correct'
  if (correct === 1) return null
  return kind === 'photo' ? 'photo_one_correct' : 'single_one_correct'
}
