import { identityDirectory, type IdentityCard } from '#identity/index'
import type Course from '#courses/models/course'

/** A course as a card shows it (catalogue, field page, profile), the same in every language. */
export type CourseCard = {
  id: number
  title: string
  subtitle: string
  level: Course['level']
  language: Course['language']
  cover: { url: string; width: number; height: number } | null
  master: { userId: number; displayName: string } | null
  rating: number | null
  ratingCount: number
  isFree: boolean
  /** "199" or "199.50" (yuan, from fen) */
  price: string
  lessonCount: number
  duration: { hours: number; minutes: number }
}

/**
 * Where a course's cover is served (the course editor stores it; the key in
 * the address makes a new cover a new address). Only here, so one change
 * follows the editor's route.
 */
export function courseCoverUrl(course: Pick<Course, 'id' | 'coverKey'>) {
  return course.coverKey ? `/courses/${course.id}/cover?v=${course.coverKey}` : null
}

/** CNY fen as yuan: 19900 → "199", 19950 → "199.50". */
export function yuanOf(fen: number) {
  return fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2)
}

/** Whole hours and the minutes left, rounded to the minute (at least one for a non-empty course). */
export function hoursAndMinutes(seconds: number) {
  const total = seconds > 0 ? Math.max(1, Math.round(seconds / 60)) : 0
  return { hours: Math.floor(total / 60), minutes: total % 60 }
}

/** "12:05" or "1:02:05": a lesson's length in the syllabus. */
export function clockDuration(seconds: number) {
  const s = Math.max(0, Math.round(seconds))
  const hours = Math.floor(s / 3600)
  const minutes = Math.floor((s % 3600) / 60)
  const rest = String(s % 60).padStart(2, '0')
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`
}

function toCard(course: Course, master: IdentityCard | undefined): CourseCard {
  const cover = courseCoverUrl(course)
  return {
    id: course.id,
    title: course.title,
    subtitle: course.subtitle,
    level: course.level,
    language: course.language,
    cover:
      cover && course.coverWidth && course.coverHeight
        ? { url: cover, width: course.coverWidth, height: course.coverHeight }
        : cover
          ? { url: cover, width: 640, height: 360 }
          : null,
    master: master ? { userId: master.userId, displayName: master.displayName } : null,
    rating: course.rating,
    ratingCount: course.ratingCount,
    isFree: course.isFree,
    price: yuanOf(course.priceFen),
    lessonCount: course.lessonCount,
    duration: hoursAndMinutes(course.durationSeconds),
  }
}

/** Cards of courses, with their masters' names (one query for all of them). */
export async function courseCards(courses: Course[]): Promise<CourseCard[]> {
  const masters = await identityDirectory.cards(courses.map((course) => course.masterIdentityId))
  return courses.map((course) => toCard(course, masters.get(course.masterIdentityId)))
}
