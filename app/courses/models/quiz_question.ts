import { DateTime } from 'luxon'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import QuizOption from '#courses/models/quiz_option'

export type QuestionKind = 'single' | 'multiple' | 'true_false' | 'photo'
export const QUESTION_KINDS: QuestionKind[] = ['single', 'multiple', 'true_false', 'photo']

/** One question of a quiz, in order. */
export default class QuizQuestion extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare lessonId: number

  @column()
  declare position: number

  @column()
  declare kind: QuestionKind

  @column()
  declare prompt: string

  @column()
  declare points: number

  @column()
  declare explanation: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => QuizOption, { foreignKey: 'questionId' })
  declare options: HasMany<typeof QuizOption>
}
