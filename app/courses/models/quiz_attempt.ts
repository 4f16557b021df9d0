import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** An apprentice's go at a quiz: open until submitted, then graded. */
export default class QuizAttempt extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare enrollmentId: number

  @column()
  declare lessonId: number

  /** 1 for the first attempt, counted per enrollment and quiz. */
  @column()
  declare number: number

  /** Fixes this attempt's order of questions and options. */
  @column()
  declare seed: number

  @column.dateTime()
  declare startedAt: DateTime

  @column.dateTime()
  declare submittedAt: DateTime | null

  @column()
  declare score: number | null

  @column()
  declare maxScore: number | null

  @column()
  declare passed: boolean | null

  get isOpen() {
    return this.submittedAt === null
  }
}
