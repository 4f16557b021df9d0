import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Course from '#courses/models/course'

export type EnrollmentStatus = 'active' | 'refunded'

/** An apprentice identity's place in a course, with its progress. */
export default class Enrollment extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare courseId: number

  @column()
  declare apprenticeIdentityId: number

  @column()
  declare status: EnrollmentStatus

  @column()
  declare progressPercent: number

  @column()
  declare completedLessons: number

  @column()
  declare lastLessonId: number | null

  @column.dateTime()
  declare lastActivityAt: DateTime | null

  @column.dateTime()
  declare completedAt: DateTime | null

  /** The certificate's public verification id (结业证书), set on completion. */
  @column()
  declare certificateCode: string | null

  @column.dateTime()
  declare certificateRevokedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Course)
  declare course: BelongsTo<typeof Course>
}
