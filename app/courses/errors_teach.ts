import { DomainError } from '#shared/errors/domain_error'

/** Publishing a course that lacks what a learner needs: each missing item is named. */
export class CourseNotReadyError extends DomainError {
  static status = 422
  static code = 'E_COURSE_NOT_READY'
  static shownAs: 'page' | 'back' = 'back'

  constructor(readonly missing: string[]) {
    super('courses_teach.errors.not_ready')
  }
}

/**
 * A publish, archive or reopen that found the course already moved on
 * (another tab, a double click): one of two racing requests wins, the other
 * reads this.
 */
export class CourseStatusChangedError extends DomainError {
  static status = 409
  static code = 'E_COURSE_STATUS_CHANGED'
  static shownAs: 'page' | 'back' = 'back'

  constructor(status: string) {
    super(`courses_teach.errors.already_${status}`)
  }
}

/** A syllabus order that does not name each section and lesson of the course exactly once. */
export class SyllabusOrderError extends DomainError {
  static status = 422
  static code = 'E_SYLLABUS_ORDER'
  static shownAs: 'page' | 'back' = 'back'

  constructor() {
    super('courses_teach.errors.order_mismatch')
  }
}

/** A lesson put into a section of another course. */
export class UnknownSectionError extends DomainError {
  static status = 422
  static code = 'E_UNKNOWN_SECTION'
  static shownAs: 'page' | 'back' = 'back'

  constructor() {
    super('courses_teach.errors.unknown_section')
  }
}
