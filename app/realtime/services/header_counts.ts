import db from '@adonisjs/lucid/services/db'

export type HeaderCounts = {
  unreadNotifications: number
  /** The newest notification id the page shows: where the live bell resumes. */
  lastNotificationId: number
  unreadMessages: number
}

/**
 * The header of every signed-in page in one round trip: the bell (unread
 * count on its partial index, newest id) and the unread chat messages.
 */
export async function headerCounts(userId: number): Promise<HeaderCounts> {
  const { rows } = await db.rawQuery(
    `SELECT (SELECT count(*) FROM notifications
              WHERE recipient_id = :id AND read_at IS NULL AND in_app) AS unread_notifications,
            (SELECT max(id) FROM notifications
              WHERE recipient_id = :id AND in_app) AS last_notification_id,
            (SELECT count(*) FROM conversation_members cm
               JOIN messages m ON m.conversation_id = cm.conversation_id
                              AND m.id > cm.last_read_message_id AND m.sender_id <> cm.user_id
              WHERE cm.user_id = :id) AS unread_messages`,
    { id: userId }
  )
  const [row] = rows
  return {
    unreadNotifications: Number(row.unread_notifications),
    lastNotificationId: Number(row.last_notification_id ?? 0),
    unreadMessages: Number(row.unread_messages),
  }
}
