import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A choice of a question: a text, or a photo of work with an optional caption. */
export default class QuizOption extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare questionId: number

  @column()
  declare position: number

  @column()
  declare text: string

  @column()
  declare imageKey: string | null

  @column()
  declare imageWidth: number | null

  @column()
  declare imageHeight: number | null

  @column()
  declare isCorrect: boolean

  @column()
  declare feedback: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
