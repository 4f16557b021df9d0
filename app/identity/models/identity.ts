import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Field from '#identity/models/field'

export type IdentityRole = 'master' | 'apprentice'
export type IdentityStatus =
  'active' | 'pending' | 'certified' | 'rejected' | 'more_info_requested' | 'suspended'

/** One of a user's identities: a role (master or apprentice) in one field. */
export default class Identity extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare fieldId: number

  @column()
  declare role: IdentityRole

  @column()
  declare status: IdentityStatus

  @column()
  declare headline: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Field)
  declare field: BelongsTo<typeof Field>

  get isCertifiedMaster() {
    return this.role === 'master' && this.status === 'certified'
  }
}
