import type { I18n } from '@adonisjs/i18n'
import type Course from '#courses/models/course'
import { courseAnalytics, type Period, type RatingMonth } from '#courses/services/course_analytics'
import { quizStats, type QuizStats } from '#courses/services/quiz_stats'
import { columnChart } from '#courses/services/charts/column_chart'
import { barChart } from '#courses/services/charts/bar_chart'
import { lineChart } from '#courses/services/charts/line_chart'

const percent = (share: number) => `${Math.round(share * 100)}%`

/** A share that may not exist yet (nobody tried): a dash. */
const percentOrDash = (share: number | null) => (share === null ? '—' : percent(share))

/** "11-30" for a day, "11-24" (the Monday) for a week: the year is in the table. */
const shortDate = (start: string) => start.slice(5)

/** How many of a quiz's hardest questions the page shows. */
export const HARDEST_SHOWN = 5

type T = (key: string, values?: Record<string, unknown>) => string

/**
 * The analytics page of a course: each section's numbers, its chart (SVG
 * made on the server, charts/*.ts) and the same numbers as a table.
 */
export const analyticsPage = {
  async build(course: Course, period: Period, options: { i18n: I18n; zone: string }) {
    const { i18n, zone } = options
    const t: T = (key, values) => i18n.t(`courses_learning.analytics.${key}`, values)
    const [buckets, learners, quizzes, months] = await Promise.all([
      courseAnalytics.enrollmentsOverTime(course.id, period, zone),
      courseAnalytics.learners(course.id),
      quizStats.forCourse(course.id),
      courseAnalytics.ratingTrend(course.id, zone),
    ])
    const reach = await courseAnalytics.lessonReach(course.id, learners.enrolled)
    const newEnrollments = buckets.reduce((sum, bucket) => sum + bucket.count, 0)

    const enrollmentsChart = columnChart({
      id: 'chart-enrollments',
      title: t(`enrollments_title.${period}`),
      description: t(`enrollments_summary.${period}`, { count: newEnrollments }),
      columns: buckets.map((bucket) => ({ label: shortDate(bucket.start), value: bucket.count })),
      labelEvery: period === 'day' ? 5 : 4,
    })
    const reachChart = reach.length
      ? barChart({
          id: 'chart-reach',
          title: t('reach_title'),
          description: t('reach_summary', { lessons: reach.length, enrolled: learners.enrolled }),
          bars: reach.map((lesson) => ({
            label: lesson.title,
            share: lesson.share,
            text: percent(lesson.share),
          })),
        })
      : null
    return {
      course,
      period,
      periods: ['day', 'week'] as Period[],
      learners: { ...learners, completionPercent: percent(learners.completionRate) },
      enrollments: { buckets, total: newEnrollments, chart: enrollmentsChart },
      reach: {
        lessons: reach.map((l) => ({ ...l, percent: percent(l.share) })),
        chart: reachChart,
      },
      quizzes: quizSection(quizzes, t),
      ratings: ratingSection(months, t, i18n.locale),
    }
  },
}

/** Each quiz's pass rate (one chart for all), and per quiz its hardest answered questions. */
function quizSection(quizzes: QuizStats[], t: T) {
  const list = quizzes.map((quiz) => {
    const hardest = quiz.questions
      .filter((question) => question.answered > 0)
      .slice(0, HARDEST_SHOWN)
      .map((question) => ({ ...question, percent: percentOrDash(question.correctRate) }))
    return {
      ...quiz,
      passPercent: percentOrDash(quiz.passRate),
      hardest,
      chart: hardest.length
        ? barChart({
            id: `chart-quiz-${quiz.lessonId}`,
            title: t('hardest_title', { quiz: quiz.title }),
            description: t('hardest_summary', { count: hardest.length, quiz: quiz.title }),
            bars: hardest.map((question) => ({
              label: question.prompt,
              share: question.correctRate ?? 0,
              text: question.percent,
            })),
          })
        : null,
    }
  })
  const chart = list.length
    ? barChart({
        id: 'chart-quizzes',
        title: t('pass_title'),
        description: t('pass_summary', { quizzes: list.length }),
        bars: list.map((quiz) => ({
          label: quiz.title,
          share: quiz.passRate ?? 0,
          text: quiz.passPercent,
        })),
      })
    : null
  return { list, chart }
}

/** The mean rating per month on a 1–5 line (gaps where a month had no review). */
function ratingSection(months: RatingMonth[], t: T, locale: string) {
  const count = months.reduce((sum, month) => sum + month.count, 0)
  const monthName = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' })
  const rows = months.map((month) => ({
    ...month,
    meanText: month.mean === null ? '—' : month.mean.toFixed(1),
  }))
  const chart = count
    ? lineChart({
        id: 'chart-ratings',
        title: t('ratings_title'),
        description: t('ratings_summary', { count }),
        min: 1,
        max: 5,
        points: months.map((month) => ({
          label: monthName.format(new Date(`${month.month}-01T00:00:00Z`)),
          value: month.mean,
        })),
      })
    : null
  return { months: rows, count, chart }
}
