import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#identity/models/user'

export type CertificationAction =
  'submitted' | 'resubmitted' | 'approved' | 'rejected' | 'more_info_requested'

/** What a reviewer decides about an application. */
export type Decision = 'approve' | 'reject' | 'request_info'

/** The history of an application: who did what, when and why. Never updated. */
export default class CertificationEvent extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare applicationId: number

  @column()
  declare actorId: number | null

  @column()
  declare action: CertificationAction

  @column()
  declare note: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => User, { foreignKey: 'actorId' })
  declare actor: BelongsTo<typeof User>
}
