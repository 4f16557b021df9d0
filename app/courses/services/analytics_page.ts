import type { I18n } from '@adonisjs/i18n'
import type Course from '#courses/models/course'
import { courseAnalytics, type Period } from '#courses/services/course_analytics'
import { columnChart } from '#courses/services/charts/column_chart'
import { barChart } from '#courses/services/charts/bar_chart'

const percent = (share: number) => `${Math.round(share * 100)}%`

/** "11-30" for a day, "11-24" (the Monday) for a week: the year is in the table. */
const shortDate = (start: string) => start.slice(5)

/**
 * The analytics page of a course: each section's numbers, its chart (SVG
 * made on the server, charts/*.ts) and the same numbers as a table.
 */
export const analyticsPage = {
  async build(course: Course, period: Period, options: { i18n: I18n; zone: string }) {
    const { i18n, zone } = options
    const t = (key: string, values?: Record<string, unknown>) =>
      i18n.t(`courses_learning.analytics.${key}`, values)
    const [buckets, learners] = await Promise.all([
      courseAnalytics.enrollmentsOverTime(course.id, period, zone),
      courseAnalytics.learners(course.id),
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
    }
  },
}
