import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import Field from '#identity/models/field'
import User from '#identity/models/user'
import CertificationEvidence from '#identity/models/certification_evidence'
import CertificationEvent from '#identity/models/certification_event'

export type CertificationStatus = 'pending' | 'approved' | 'rejected' | 'more_info_requested'

export default class CertificationApplication extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare identityId: number

  @column()
  declare userId: number

  @column()
  declare fieldId: number

  @column()
  declare statement: string

  @column()
  declare yearsOfPractice: number

  @column()
  declare lineage: string | null

  @column({ prepare: (value: string[]) => JSON.stringify(value) })
  declare links: string[]

  @column()
  declare status: CertificationStatus

  @column.dateTime()
  declare submittedAt: DateTime

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Field)
  declare field: BelongsTo<typeof Field>

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  @hasMany(() => CertificationEvidence, { foreignKey: 'applicationId' })
  declare evidence: HasMany<typeof CertificationEvidence>

  @hasMany(() => CertificationEvent, { foreignKey: 'applicationId' })
  declare events: HasMany<typeof CertificationEvent>
}
