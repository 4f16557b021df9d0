import db from '@adonisjs/lucid/services/db'
import { quizContent } from '#courses/services/quiz_content'
import { gradeQuiz } from '#courses/services/quiz_grading'

export type QuestionStats = {
  questionId: number
  prompt: string
  /** Submitted attempts that chose something for it. */
  answered: number
  /** Share of those answers that were right (0–1), null before any. */
  correctRate: number | null
}

export type QuizStats = {
  lessonId: number
  title: string
  /** Submitted attempts. */
  attempts: number
  /** Enrollments with a submitted attempt. */
  learners: number
  /** Share of those learners who passed at least once (0–1), null before any. */
  passRate: number | null
  /** Hardest first: the lowest share right; questions nobody answered last. */
  questions: QuestionStats[]
}

const rate = (part: number, whole: number) => (whole ? part / whole : null)

/**
 * Quiz results for a course's analytics (read by the master's analytics
 * page): per quiz lesson in syllabus order, how many tried and passed, and
 * which questions were hardest. An answer counts as right by gradeQuiz's
 * rules, so the analytics agree with the scores learners saw.
 */
export const quizStats = {
  async forCourse(courseId: number): Promise<QuizStats[]> {
    const lessons = await db
      .from('lessons')
      .join('course_sections', 'course_sections.id', 'lessons.section_id')
      .where('lessons.course_id', courseId)
      .where('lessons.kind', 'quiz')
      .orderBy('course_sections.position')
      .orderBy('lessons.position')
      .select('lessons.id', 'lessons.title')
    return Promise.all(lessons.map((lesson) => this.forLesson(Number(lesson.id), lesson.title)))
  },

  async forLesson(lessonId: number, title: string): Promise<QuizStats> {
    const [questions, attempts, answers] = await Promise.all([
      quizContent.questions(lessonId),
      db
        .from('quiz_attempts')
        .where('lesson_id', lessonId)
        .whereNotNull('submitted_at')
        .select('id', 'enrollment_id', 'passed'),
      db
        .from('quiz_answers')
        .join('quiz_attempts', 'quiz_attempts.id', 'quiz_answers.attempt_id')
        .where('quiz_attempts.lesson_id', lessonId)
        .whereNotNull('quiz_attempts.submitted_at')
        .whereRaw('cardinality(quiz_answers.option_ids) > 0')
        .select('quiz_answers.attempt_id', 'quiz_answers.question_id', 'quiz_answers.option_ids'),
    ])
    const learners = new Set(attempts.map((attempt) => attempt.enrollment_id))
    const passers = new Set(
      attempts.filter((attempt) => attempt.passed).map((attempt) => attempt.enrollment_id)
    )
    const tally = new Map(questions.map((question) => [question.id, { answered: 0, right: 0 }]))
    const byAttempt = new Map<number, Map<number, number[]>>()
    for (const answer of answers) {
      const own = byAttempt.get(answer.attempt_id) ?? new Map()
      own.set(Number(answer.question_id), answer.option_ids.map(Number))
      byAttempt.set(answer.attempt_id, own)
    }
    for (const chosen of byAttempt.values()) {
      const answered = questions.filter((question) => chosen.has(question.id))
      const grade = gradeQuiz(answered, chosen, 0)
      for (const question of answered) {
        const count = tally.get(question.id)!
        count.answered++
        if (grade.questions.get(question.id)?.correct) count.right++
      }
    }
    const stats = questions.map((question) => {
      const { answered, right } = tally.get(question.id)!
      return {
        questionId: question.id,
        prompt: question.prompt,
        answered,
        correctRate: rate(right, answered),
      }
    })
    stats.sort((a, b) => (a.correctRate ?? 2) - (b.correctRate ?? 2))
    return {
      lessonId,
      title,
      attempts: attempts.length,
      learners: learners.size,
      passRate: rate(passers.size, learners.size),
      questions: stats,
    }
  },
}
