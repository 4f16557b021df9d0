import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type PayoutAction = 'requested' | 'approved' | 'paid' | 'rejected' | 'cancelled'

/** A payout's audit trail: who did what, when and why. Never updated. */
export default class PayoutEvent extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare payoutId: number

  @column()
  declare actorUserId: number | null

  @column()
  declare action: PayoutAction

  @column()
  declare note: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
