import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Notification topics: the kinds a reader chooses channels for. `mail` says
 * how email reaches them: 'direct' — the module that notifies sends its own
 * mail right away (asking wantsEmail first); 'digest' — unread, unseen ones
 * are gathered into one mail after a delay (notification_digest.ts).
 */
export const TOPICS = {
  certification: {
    kinds: [
      'certification.approved',
      'certification.rejected',
      'certification.more_info_requested',
    ],
    inApp: true,
    email: true,
    mail: 'direct',
  },
  review_queue: { kinds: ['certification.submitted'], inApp: true, email: true, mail: 'digest' },
  other: { kinds: [] as string[], inApp: true, email: false, mail: 'digest' },
} as const

export type Topic = keyof typeof TOPICS
export type Channels = { inApp: boolean; email: boolean }

export function topicOf(kind: string): Topic {
  for (const [topic, spec] of Object.entries(TOPICS)) {
    if ((spec.kinds as readonly string[]).includes(kind)) return topic as Topic
  }
  return 'other'
}

/** Staff-only topics are offered to staff only. */
export const STAFF_TOPICS: Topic[] = ['review_queue']

/** A stored choice for a topic, or the topic's default when the reader made none. */
function channelsOf(topic: Topic, row?: { in_app: boolean; email: boolean } | null): Channels {
  const chosen = row ?? { in_app: TOPICS[topic].inApp, email: TOPICS[topic].email }
  return { inApp: chosen.in_app, email: chosen.email }
}

export const notificationPreferences = {
  /** The reader's channels for every topic: their choice, or the topic's default. */
  async forUser(userId: number): Promise<Record<Topic, Channels>> {
    const rows = await db.from('notification_preferences').where('user_id', userId)
    const chosen = new Map(rows.map((row) => [row.topic, row]))
    const result = {} as Record<Topic, Channels>
    for (const topic of Object.keys(TOPICS) as Topic[])
      result[topic] = channelsOf(topic, chosen.get(topic))
    return result
  },

  /** The channels a new notification of this kind is stored for (one query, in the caller's transaction). */
  async channels(userId: number, kind: string, trx?: TransactionClientContract): Promise<Channels> {
    const topic = topicOf(kind)
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

  async save(userId: number, choices: Partial<Record<Topic, Channels>>) {
    const rows = Object.entries(choices).map(([topic, channels]) => ({
      user_id: userId,
      topic,
      in_app: channels!.inApp,
      email: channels!.email,
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
