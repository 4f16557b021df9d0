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

  /** Shown in the app (list, bell, live), per the reader's preference for its topic. */
  @column()
  declare inApp: boolean

  /** Mailed in a digest if still unread and unseen after a while. */
  @column()
  declare email: boolean

  @column.dateTime()
  declare seenAt: DateTime | null

  @column.dateTime()
  declare emailedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
