import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** An apprentice's review (评价) of a course, one per enrollment, with the master's one reply. */
export default class Review extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare enrollmentId: number

  @column()
  declare courseId: number

  @column()
  declare apprenticeIdentityId: number

  /** 1–5 stars */
  @column()
  declare rating: number

  @column()
  declare body: string

  @column()
  declare masterReply: string | null

  @column.dateTime()
  declare repliedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
