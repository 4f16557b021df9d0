import db from '@adonisjs/lucid/services/db'
import Notification from '#realtime/models/notification'

/** The values a notification's text interpolates, plus an optional `url` (a path on this site). */
export type NotificationPayload = Record<string, unknown>

/** A stored notification, as other modules and the views see it. */
export type NotificationRecord = {
  id: number
  kind: string
  payload: NotificationPayload
  readAt: Date | null
  createdAt: Date
}

/** How many notifications `after()` returns at most (a reconnecting client asks again for more). */
export const CATCH_UP_LIMIT = 100

export function toRecord(row: Notification): NotificationRecord {
  return {
    id: row.id,
    kind: row.kind,
    payload: row.payload ?? {},
    readAt: row.readAt ? row.readAt.toJSDate() : null,
    createdAt: row.createdAt.toJSDate(),
  }
}

/** The reads that live delivery needs too (live_notifications.ts), apart from the store's writes. */
export const notificationReads = {
  /** The header badge: one COUNT on the partial index of unread rows. */
  async unreadCount(userId: number): Promise<number> {
    const row = await db
      .from('notifications')
      .where({ recipient_id: userId, in_app: true })
      .whereNull('read_at')
      .count('* as total')
      .first()
    return Number(row?.total ?? 0)
  },

  /**
   * What a (re)connecting client missed: the user's notifications with an id
   * above the last one it saw, oldest first, at most CATCH_UP_LIMIT.
   */
  async after(userId: number, afterId: number): Promise<NotificationRecord[]> {
    const from = Number.isSafeInteger(afterId) && afterId > 0 ? afterId : 0
    const rows = await Notification.query()
      .where({ recipient_id: userId, in_app: true })
      .where('id', '>', from)
      .orderBy('id', 'asc')
      .limit(CATCH_UP_LIMIT)
    return rows.map(toRecord)
  },
}
