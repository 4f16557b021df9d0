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
  /** 0 for free; shown with the coursePrice template helper (app/courses/setup.ts) */
  priceFen: number
  lessonCount: number
  /** shown with the courseDuration template helper */
  durationSeconds: number
}

/**
 * Where a course's cover is served (the course editor stores it; the key in
 * the address makes a new cover a new address). Only here, so one change
 * follows the editor's route.
 */
export function courseCoverUrl(course: Pick<Course, 'id' | 'coverKey'>) {
  return course.coverKey ? `/courses/${course.id}/cover?v=${course.coverKey}` : null
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
    priceFen: course.priceFen,
    lessonCount: course.lessonCount,
    durationSeconds: course.durationSeconds,
  }
}

/** Cards of courses, with their masters' names (one query for all of them). */
export async function courseCards(courses: Course[]): Promise<CourseCard[]> {
  const masters = await identityDirectory.cards(courses.map((course) => course.masterIdentityId))
  return courses.map((course) => toCard(course, masters.get(course.masterIdentityId)))
}
