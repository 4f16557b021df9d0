import { DateTime } from 'luxon'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import PayoutEvent from '#payments/models/payout_event'

export type PayoutStatus = 'requested' | 'approved' | 'paid' | 'rejected' | 'cancelled'

/** A master identity's request to be paid some of its available earnings. */
export default class Payout extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare masterIdentityId: number

  @column()
  declare amount: number

  @column()
  declare currency: string

  @column()
  declare status: PayoutStatus

  /** encrypted: payoutDetails.open() reads it, for admins only; never serialized */
  @column({ serializeAs: null })
  declare detailsEncrypted: string

  @column()
  declare reason: string | null

  @column()
  declare decidedByUserId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @column.dateTime()
  declare paidAt: DateTime | null

  @hasMany(() => PayoutEvent)
  declare events: HasMany<typeof PayoutEvent>
}
