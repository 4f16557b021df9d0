import db from '@adonisjs/lucid/services/db'
import type { LayoutSlot } from '#shared/http/layout_data'

/** The header's messages link (resources/views/chat/_nav.edge) with the unread count. */
export const chatLayout: LayoutSlot = {
  name: 'chat',
  order: 20,
  headerComponent: 'chat/_nav',
  async load(user) {
    const { rows } = await db.rawQuery(
      `SELECT count(*) AS unread FROM conversation_members cm
         JOIN messages m ON m.conversation_id = cm.conversation_id
                        AND m.id > cm.last_read_message_id AND m.sender_id <> cm.user_id
        WHERE cm.user_id = :id`,
      { id: user.id }
    )
    return { unread: Number(rows[0].unread) }
  },
}
