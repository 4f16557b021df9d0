import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { notificationKinds, type Channels } from '#realtime/services/notification_kinds'

export type { Channels }

/** A stored choice for a topic, or the topic's default when the reader made none. */
function channelsOf(topic: string, row?: { in_app: boolean; email: boolean } | null): Channels {
  if (row) return { inApp: row.in_app, email: row.email }
  const spec = notificationKinds.topic(topic)
  return spec ? { ...spec.defaults } : { inApp: true, email: false }
}

/** Readers' channels per topic (topics: notification_kinds.ts). */
export const notificationPreferences = {
  /** The reader's channels for every topic: their choice, or the topic's default. */
  async forUser(userId: number): Promise<Record<string, Channels>> {
    const rows = await db.from('notification_preferences').where('user_id', userId)
    const chosen = new Map(rows.map((row) => [row.topic, row]))
    const result: Record<string, Channels> = {}
    for (const { topic } of notificationKinds.topics()) {
      result[topic] = channelsOf(topic, chosen.get(topic))
    }
    return result
  },

  /** The channels a new notification of this kind is stored for (one query, in the caller's transaction). */
  async channels(userId: number, kind: string, trx?: TransactionClientContract): Promise<Channels> {
    const { topic } = notificationKinds.topicOf(kind)
    const row = await (trx ?? db)
      .from('notification_preferences')
      .where({ user_id: userId, topic })
      .first()
    return channelsOf(topic, row)
  },

  /** For modules that mail directly: does the reader want email for this kind? */
  async wantsEmail(userId: number, kind: string) {
    const channels = await this.channels(userId, kind)
    return channels.email
  },

  async save(userId: number, choices: Record<string, Channels>) {
    const rows = Object.entries(choices).map(([topic, channels]) => ({
      user_id: userId,
      topic,
      in_app: channels.inApp,
      email: channels.email,
    }))
    if (!rows.length) return
    await db
      .insertQuery()
      .table('notification_preferences')
      .insert(rows)
      .knexQuery.onConflict(['user_id', 'topic'])
      .merge(['in_app', 'email'])
  },
}
