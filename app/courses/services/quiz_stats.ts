import db from '@adonisjs/lucid/services/db'

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
 * One row per question of each quiz lesson (a lesson without questions: one
 * row with no question), with the lesson's attempt counts on every row.
 * Attempts count when submitted by an active enrollment (a refunded one no
 * longer counts, as everywhere on the analytics page).
 *
 * An answer is right by gradeQuiz's rules (services/quiz_grading.ts), so the
 * analytics agree with the scores learners saw: of the question's own
 * options the chosen ones are exactly the correct ones, there is at least
 * one, and only a multiple-choice question may have more than one. Chosen
 * ids that are not the question's options are ignored. Kept here in SQL so
 * the page reads counts, not every answer ever given.
 */
const QUERY = `
  WITH quiz_lessons AS (
    SELECT l.id, l.title, s.position AS section_position, l.position
      FROM lessons l JOIN course_sections s ON s.id = l.section_id
     WHERE l.course_id = :courseId AND l.kind = 'quiz'
  ), attempts AS (
    SELECT a.id, a.lesson_id, a.enrollment_id, a.passed
      FROM quiz_attempts a
      JOIN quiz_lessons q ON q.id = a.lesson_id
      JOIN enrollments e ON e.id = a.enrollment_id AND e.status = 'active'
     WHERE a.submitted_at IS NOT NULL
  ), per_lesson AS (
    SELECT lesson_id, count(*)::int AS attempts,
           count(DISTINCT enrollment_id)::int AS learners,
           count(DISTINCT enrollment_id) FILTER (WHERE passed)::int AS passers
      FROM attempts GROUP BY lesson_id
  ), marks AS (
    SELECT qa.question_id,
           count(o.id) FILTER (WHERE o.is_correct) AS correct_options,
           count(o.id) FILTER (WHERE o.is_correct AND o.id = ANY (qa.option_ids)) AS chosen_right,
           count(o.id) FILTER (WHERE NOT o.is_correct AND o.id = ANY (qa.option_ids)) AS chosen_wrong,
           bool_or(qq.kind = 'multiple') AS multiple
      FROM quiz_answers qa
      JOIN attempts a ON a.id = qa.attempt_id
      JOIN quiz_questions qq ON qq.id = qa.question_id
      LEFT JOIN quiz_options o ON o.question_id = qa.question_id
     WHERE cardinality(qa.option_ids) > 0
     GROUP BY qa.attempt_id, qa.question_id
  ), per_question AS (
    SELECT question_id, count(*)::int AS answered,
           count(*) FILTER (WHERE correct_options > 0 AND chosen_right = correct_options
                            AND chosen_wrong = 0 AND (multiple OR chosen_right = 1))::int AS answered_right
      FROM marks GROUP BY question_id
  )
  SELECT q.id AS lesson_id, q.title,
         COALESCE(pl.attempts, 0) AS attempts, COALESCE(pl.learners, 0) AS learners,
         COALESCE(pl.passers, 0) AS passers,
         qq.id AS question_id, qq.prompt,
         COALESCE(pq.answered, 0) AS answered, COALESCE(pq.answered_right, 0) AS answered_right
    FROM quiz_lessons q
    LEFT JOIN per_lesson pl ON pl.lesson_id = q.id
    LEFT JOIN quiz_questions qq ON qq.lesson_id = q.id
    LEFT JOIN per_question pq ON pq.question_id = qq.id
   ORDER BY q.section_position, q.position, q.id, qq.position`

/**
 * Quiz results for a course's analytics (read by the master's analytics
 * page): per quiz lesson in syllabus order, how many tried and passed, and
 * which questions were hardest. One grouped query, whatever the number of
 * quizzes, attempts or answers.
 */
export const quizStats = {
  async forCourse(courseId: number): Promise<QuizStats[]> {
    const { rows } = await db.rawQuery(QUERY, { courseId })
    const quizzes = new Map<number, QuizStats>()
    for (const row of rows) {
      const lessonId = Number(row.lesson_id)
      let quiz = quizzes.get(lessonId)
      if (!quiz) {
        quiz = {
          lessonId,
          title: row.title,
          attempts: row.attempts,
          learners: row.learners,
          passRate: rate(row.passers, row.learners),
          questions: [],
        }
        quizzes.set(lessonId, quiz)
      }
      if (row.question_id !== null) {
        quiz.questions.push({
          questionId: Number(row.question_id),
          prompt: row.prompt,
          answered: row.answered,
          correctRate: rate(row.answered_right, row.answered),
        })
      }
    }
    const list = [...quizzes.values()]
    // a stable sort: equally hard questions stay in the master's order
    for (const quiz of list)
      quiz.questions.sort((a, b) => (a.correctRate ?? 2) - (b.correctRate ?? 2))
    return list
  },
}
