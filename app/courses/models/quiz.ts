import { DateTime } from 'luxon'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import QuizQuestion from '#courses/models/quiz_question'

/** A quiz lesson's settings; the lesson's id is the quiz's. */
export default class Quiz extends BaseModel {
  @column({ isPrimary: true })
  declare lessonId: number

  /** The share of the points needed to pass, in percent. */
  @column()
  declare passPercent: number

  /** null: unlimited. */
  @column()
  declare attemptsAllowed: number | null

  @column()
  declare shuffleQuestions: boolean

  @column()
  declare shuffleOptions: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => QuizQuestion, { foreignKey: 'lessonId', localKey: 'lessonId' })
  declare questions: HasMany<typeof QuizQuestion>
}
