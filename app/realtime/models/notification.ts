import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * One stored in-app notification. Written only by this module
 * (notificationService), in the same transaction as its cause.
 */
export default class Notification extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare recipientId: number

  /** What happened, e.g. `certification.approved`; picks the text shown (notificationText). */
  @column()
  declare kind: string

  /** The values the text interpolates, and an optional `url` (a path on this site). */
  @column({ prepare: (value: Record<string, unknown>) => JSON.stringify(value ?? {}) })
  declare payload: Record<string, unknown>

  @column.dateTime()
  declare readAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
