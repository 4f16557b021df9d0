import type { QuestionKind } from '#courses/models/quiz_question'

export type GradedQuestion = {
  id: number
  kind: QuestionKind
  points: number
  options: { id: number; isCorrect: boolean }[]
}

export type QuestionResult = { chosen: number[]; correct: boolean; earned: number }

export type QuizGrade = {
  score: number
  maxScore: number
  passed: boolean
  questions: Map<number, QuestionResult>
}

/**
 * Grades an attempt: each question earns its points when answered right,
 * nothing otherwise. A multiple-choice question is all-or-nothing: the
 * chosen options must be exactly the correct ones (partial credit would
 * reward ticking every box). Single, true/false and photo questions are
 * right when the one option chosen is the correct one. Options chosen that
 * are not the question's are ignored; an unanswered question earns nothing.
 * The quiz is passed when the score reaches `passPercent` of the points
 * (the boundary passes).
 */
export function gradeQuiz(
  questions: GradedQuestion[],
  answers: Map<number, number[]>,
  passPercent: number
): QuizGrade {
  const results = new Map<number, QuestionResult>()
  let score = 0
  let maxScore = 0
  for (const question of questions) {
    const own = new Set(question.options.map((option) => option.id))
    const chosen = [...new Set(answers.get(question.id) ?? [])].filter((id) => own.has(id))
    const right = question.options.filter((option) => option.isCorrect).map((option) => option.id)
    const correct =
      right.length > 0 &&
      chosen.length === right.length &&
      right.every((id) => chosen.includes(id)) &&
      (question.kind === 'multiple' || chosen.length === 1)
    const earned = correct ? question.points : 0
    results.set(question.id, { chosen, correct, earned })
    score += earned
    maxScore += question.points
  }
  const passed = maxScore > 0 && score * 100 >= passPercent * maxScore
  return { score, maxScore, passed, questions: results }
}

/** A score as a whole percentage of the points, rounded down (never shows a pass that is not). */
export function scorePercent(score: number, maxScore: number) {
  return maxScore > 0 ? Math.floor((score * 100) / maxScore) : 0
}
