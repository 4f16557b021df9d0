import { DomainError } from '#shared/errors/domain_error'

/** Enrolling in a course that is not open to new apprentices (a draft, or archived). */
export class CourseNotOpenError extends DomainError {
  static status = 409
  static code = 'E_COURSE_NOT_OPEN'
  static shownAs: 'page' | 'back' = 'back'

  constructor() {
    super('courses.errors.not_open')
  }
}

/** A master enrolling in their own course. */
export class OwnCourseError extends DomainError {
  static status = 409
  static code = 'E_OWN_COURSE'
  static shownAs: 'page' | 'back' = 'back'

  constructor() {
    super('courses.errors.own_course')
  }
}

/** Enrolling in a paid course without buying it: it is bought through checkout instead. */
export class PaidCourseError extends DomainError {
  static status = 409
  static code = 'E_PAID_COURSE_NOT_YET'
  static shownAs: 'page' | 'back' = 'back'

  constructor() {
    super('courses.errors.paid_course')
  }
}

/** Opening a lesson of a course one is not enrolled in (and that is not a preview). */
export class LessonLockedError extends DomainError {
  static status = 403
  static code = 'E_LESSON_LOCKED'

  constructor() {
    super('courses.errors.lesson_locked')
  }
}

/** Marking a lesson done in a way its kind does not allow (a quiz is passed, not marked). */
export class NotMarkableError extends DomainError {
  static status = 422
  static code = 'E_LESSON_NOT_MARKABLE'
  static shownAs: 'page' | 'back' = 'back'

  constructor() {
    super('courses.errors.not_markable')
  }
}

/** Enrolling while one's apprentice identity in the field is suspended. */
export class ApprenticeSuspendedError extends DomainError {
  static status = 403
  static code = 'E_APPRENTICE_SUSPENDED'
  static shownAs: 'page' | 'back' = 'back'

  constructor() {
    super('courses.errors.apprentice_suspended')
  }
}

/** An analytics address asking for a period the charts do not have (?period=…). */
export class UnknownPeriodError extends DomainError {
  static status = 400
  static code = 'E_UNKNOWN_PERIOD'

  constructor() {
    super('courses_learning.errors.unknown_period')
  }
}

/** Buying a course the learner is already enrolled in. */
export class AlreadyEnrolledError extends DomainError {
  static status = 409
  static code = 'E_ALREADY_ENROLLED'

  constructor() {
    super('courses.errors.already_enrolled')
  }
}

/** Buying a free course: it is enrolled in, not bought. */
export class FreeCourseError extends DomainError {
  static status = 409
  static code = 'E_FREE_COURSE'

  constructor() {
    super('courses.errors.free_course')
  }
}
