import db from '@adonisjs/lucid/services/db'

export type Period = 'day' | 'week'

/** How far back each period's chart looks: 30 days, or 26 weeks. */
export const PERIODS: Record<Period, number> = { day: 30, week: 26 }

export type EnrollmentBucket = { start: string; count: number }

export type LearnerSummary = {
  enrolled: number
  active7: number
  active30: number
  completed: number
  /** completed ÷ enrolled, 0 to 1 (0 with nobody enrolled) */
  completionRate: number
}

/** A month's reviews: how many, and their mean rating (null: none that month, a gap). */
export type RatingMonth = { month: string; count: number; mean: number | null }

/** How many months the rating trend looks back, this one included. */
export const RATING_MONTHS = 12

export type LessonReach = {
  lessonId: number
  title: string
  kind: string
  completed: number
  /** the share of enrollments that completed it, 0 to 1 */
  share: number
}

const DEFAULT_ZONE = 'Asia/Shanghai'

/**
 * A course's numbers for its master (课程数据): each is one grouped query
 * over the course's active enrollments (a refunded one no longer counts).
 */
export const courseAnalytics = {
  /**
   * New enrollments per day (the last 30) or per week (the last 26, weeks
   * from Monday), in the reader's time zone, oldest first; empty periods are 0.
   */
  async enrollmentsOverTime(
    courseId: number,
    period: Period,
    zone: string = DEFAULT_ZONE,
    now: Date = new Date()
  ): Promise<EnrollmentBucket[]> {
    const { rows } = await db.rawQuery(
      `WITH bounds AS (
         SELECT date_trunc(:unit, :now::timestamptz AT TIME ZONE :zone) AS last,
                date_trunc(:unit, :now::timestamptz AT TIME ZONE :zone) - (:span - 1) * :step::interval AS first
       ), counts AS (
         SELECT date_trunc(:unit, e.created_at AT TIME ZONE :zone) AS bucket, count(*)::int AS n
           FROM enrollments e, bounds
          WHERE e.course_id = :courseId AND e.status = 'active'
            AND e.created_at >= (bounds.first AT TIME ZONE :zone)
          GROUP BY 1
       )
       SELECT to_char(s.bucket, 'YYYY-MM-DD') AS start, COALESCE(counts.n, 0) AS count
         FROM bounds, generate_series(bounds.first, bounds.last, :step::interval) AS s(bucket)
         LEFT JOIN counts ON counts.bucket = s.bucket
        ORDER BY s.bucket`,
      {
        unit: period,
        step: `1 ${period}`,
        span: PERIODS[period],
        zone: validZone(zone),
        now: now.toISOString(),
        courseId,
      }
    )
    return rows.map((row: any) => ({ start: row.start, count: Number(row.count) }))
  },

  /**
   * The rating trend: per calendar month of the last 12 (in the reader's
   * zone, this month last), the reviews written that month and their mean
   * rating as it stands now. Reviews of refunded enrollments do not count.
   */
  async ratingTrend(
    courseId: number,
    zone: string = DEFAULT_ZONE,
    now: Date = new Date()
  ): Promise<RatingMonth[]> {
    const { rows } = await db.rawQuery(
      `WITH bounds AS (
         SELECT date_trunc('month', :now::timestamptz AT TIME ZONE :zone) AS last,
                date_trunc('month', :now::timestamptz AT TIME ZONE :zone) - (:span - 1) * interval '1 month' AS first
       ), months AS (
         SELECT date_trunc('month', r.created_at AT TIME ZONE :zone) AS bucket,
                count(*)::int AS n, avg(r.rating)::float AS mean
           FROM reviews r
           JOIN enrollments e ON e.id = r.enrollment_id AND e.status = 'active', bounds
          WHERE r.course_id = :courseId
            AND r.created_at >= (bounds.first AT TIME ZONE :zone)
          GROUP BY 1
       )
       SELECT to_char(s.bucket, 'YYYY-MM') AS month, COALESCE(months.n, 0) AS count, months.mean
         FROM bounds, generate_series(bounds.first, bounds.last, interval '1 month') AS s(bucket)
         LEFT JOIN months ON months.bucket = s.bucket
        ORDER BY s.bucket`,
      { courseId, zone: validZone(zone), now: now.toISOString(), span: RATING_MONTHS }
    )
    return rows.map((row: any) => ({
      month: row.month,
      count: Number(row.count),
      mean: row.mean === null ? null : Number(row.mean),
    }))
  },

  /** Who is enrolled, who was active lately (7 and 30 days), who completed. */
  async learners(courseId: number, now: Date = new Date()): Promise<LearnerSummary> {
    const row = await db
      .from('enrollments')
      .where({ course_id: courseId, status: 'active' })
      .select(
        db.raw('count(*)::int AS enrolled'),
        db.raw(
          `count(*) FILTER (WHERE last_activity_at >= ?::timestamptz - interval '7 days')::int AS active7`,
          [now.toISOString()]
        ),
        db.raw(
          `count(*) FILTER (WHERE last_activity_at >= ?::timestamptz - interval '30 days')::int AS active30`,
          [now.toISOString()]
        ),
        db.raw('count(completed_at)::int AS completed')
      )
      .firstOrFail()
    return {
      enrolled: row.enrolled,
      active7: row.active7,
      active30: row.active30,
      completed: row.completed,
      completionRate: row.enrolled ? row.completed / row.enrolled : 0,
    }
  },

  /**
   * The drop-off: for each lesson in syllabus order, how many enrollments
   * completed it and what share of all enrollments that is.
   */
  async lessonReach(courseId: number, enrolled: number): Promise<LessonReach[]> {
    const { rows } = await db.rawQuery(
      `SELECT l.id, l.title, l.kind, count(done.lesson_id)::int AS completed
         FROM lessons l
         JOIN course_sections s ON s.id = l.section_id
         LEFT JOIN (
           SELECT lp.lesson_id FROM lesson_progress lp
             JOIN enrollments e ON e.id = lp.enrollment_id
            WHERE e.course_id = :courseId AND e.status = 'active' AND lp.completed_at IS NOT NULL
         ) done ON done.lesson_id = l.id
        WHERE l.course_id = :courseId
        GROUP BY l.id, s.position, s.id
        ORDER BY s.position, s.id, l.position, l.id`,
      { courseId }
    )
    return rows.map((row: any) => ({
      lessonId: row.id,
      title: row.title,
      kind: row.kind,
      completed: row.completed,
      share: enrolled ? Math.min(1, row.completed / enrolled) : 0,
    }))
  },
}

/** A zone PostgreSQL knows by the same name as Intl (an unknown one: Beijing time). */
function validZone(zone: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return /^[\w+\-/]+$/.test(zone) ? zone : DEFAULT_ZONE
  } catch {
    return DEFAULT_ZONE
  }
}
