import db from '@adonisjs/lucid/services/db'
import type { LayoutSlot } from '#shared/http/layout_data'

/**
 * The header's bell (resources/views/realtime/_bell.edge): the unread count
 * (on the partial index of unread rows) and the newest id the page shows,
 * where the live bell resumes, in one round trip.
 */
export const bellLayout: LayoutSlot = {
  name: 'notifications',
  order: 10,
  headerComponent: 'realtime/_bell',
  async load(user) {
    const { rows } = await db.rawQuery(
      `SELECT (SELECT count(*) FROM notifications
                WHERE recipient_id = :id AND read_at IS NULL AND in_app) AS unread,
              (SELECT max(id) FROM notifications
                WHERE recipient_id = :id AND in_app) AS last_id`,
      { id: user.id }
    )
    return { unread: Number(rows[0].unread), lastId: Number(rows[0].last_id ?? 0) }
  },
}
