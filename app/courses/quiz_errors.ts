import { DomainError, FormError } from '#shared/errors/domain_error'

/** A question whose options break its kind's rule (exactly one correct answer, …). */
export class QuestionOptionsError extends FormError {
  static code = 'E_QUIZ_OPTIONS'

  constructor(rule: string) {
    super('options', `courses_quiz.errors.${rule}`)
  }
}

/** Starting an attempt when the quiz allows no more. */
export class NoAttemptsLeftError extends DomainError {
  static status = 409
  static code = 'E_QUIZ_NO_ATTEMPTS_LEFT'
  static shownAs: 'page' | 'back' = 'back'

  constructor() {
    super('courses_quiz.errors.no_attempts_left')
  }
}

/** Starting a quiz that has no complete question yet. */
export class QuizNotReadyError extends DomainError {
  static status = 409
  static code = 'E_QUIZ_NOT_READY'
  static shownAs: 'page' | 'back' = 'back'

  constructor() {
    super('courses_quiz.errors.not_ready')
  }
}

/** Answering in an attempt already submitted. */
export class AttemptClosedError extends DomainError {
  static status = 409
  static code = 'E_QUIZ_ATTEMPT_CLOSED'

  constructor() {
    super('courses_quiz.errors.attempt_closed')
  }
}

/** An answer naming a question or option that is not the attempt's. */
export class AnswerInvalidError extends DomainError {
  static status = 422
  static code = 'E_QUIZ_ANSWER_INVALID'

  constructor() {
    super('courses_quiz.errors.answer_invalid')
  }
}

/** Asking a question to move past the first or last place. */
export class CannotMoveError extends DomainError {
  static status = 409
  static code = 'E_QUIZ_CANNOT_MOVE'
  static shownAs: 'page' | 'back' = 'back'

  constructor() {
    super('courses_quiz.errors.cannot_move')
  }
}
