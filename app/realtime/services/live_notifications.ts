import transmit from '@adonisjs/transmit/services/main'
import { inEveryLocale } from '#shared/i18n/in_every_locale'
import {
  CATCH_UP_LIMIT,
  notificationReads,
  type NotificationRecord,
} from '#realtime/services/notification_reads'
import { notificationText, notificationUrl } from '#realtime/services/notification_text'

type Broadcastable = NonNullable<Parameters<typeof transmit.broadcast>[1]>

/** The private Transmit channel of one user's notifications (authorised in start/transmit.ts). */
export const notificationChannel = (userId: number) => `users/${userId}/notifications`

/**
 * What a browser receives, live or on catch-up: the text in every language
 * (the page picks its own) and the link; the bell's state comes with it.
 */
export type LiveNotification = {
  id: number
  text: Record<string, string>
  url: string | null
  createdAt: string
}

/** The bell's state after an update: the count and its spoken label in every language. */
export type LiveBell = { unread: number; label: Record<string, string> }

function bell(unread: number): LiveBell {
  return {
    unread,
    label: inEveryLocale((i18n) =>
      unread ? i18n.t('notifications.bell_unread', { count: unread }) : i18n.t('notifications.bell')
    ),
  }
}

export function toLive(record: NotificationRecord): LiveNotification {
  const text = inEveryLocale((i18n) => notificationText(i18n, record.kind, record.payload))
  return {
    id: record.id,
    text,
    url: notificationUrl(record.payload),
    createdAt: record.createdAt.toISOString(),
  }
}

/** Open streams (Transmit uid) on this instance → the login session they were opened from. */
const streamSessions = new Map<string, string>()

/**
 * Live delivery. A notification is announced only once it is committed;
 * Transmit delivers at most once, so browsers also catch up by id (feed()).
 */
export const liveNotifications = {
  async announce(recipientId: number, record: NotificationRecord) {
    const unread = await notificationReads.unreadCount(recipientId)
    transmit.broadcast(notificationChannel(recipientId), { ...toLive(record), bell: bell(unread) })
  },

  /**
   * Another module's live update for every page of the user (a header badge),
   * on the same private channel; `type` tells the page's client what it is.
   */
  pushToUser(userId: number, update: { type: string; [key: string]: Broadcastable }) {
    transmit.broadcast(notificationChannel(userId), update)
  },

  /**
   * Ends every open stream on this instance (shutdown): browsers reconnect
   * and catch up. Transmit's keep-alive ping may still write to a stream
   * until its response closes; that write fails harmlessly.
   */
  endStreams() {
    for (const [stream] of transmit.getManager().getAllSubscribers()) {
      stream.on('error', () => {})
      stream.end()
    }
  },

  /**
   * Remembers which login session an open stream (Transmit uid) belongs to,
   * on this instance; returns the function that forgets it (stream closed).
   */
  trackStream(uid: string, sessionId: string) {
    streamSessions.set(uid, sessionId)
    return () => {
      if (streamSessions.get(uid) === sessionId) streamSessions.delete(uid)
    }
  },

  /** Ends this instance's open streams of these login sessions (logout, revocation). */
  endSessionStreams(sessionIds: Iterable<string>) {
    const ended = new Set(sessionIds)
    for (const [stream] of transmit.getManager().getAllSubscribers()) {
      const sessionId = streamSessions.get(stream.getUid())
      if (sessionId === undefined || !ended.has(sessionId)) continue
      streamSessions.delete(stream.getUid())
      stream.on('error', () => {})
      stream.end()
    }
  },

  /** What a (re)connecting browser missed since `afterId`, oldest first, and the unread count. */
  async feed(userId: number, afterId: number) {
    const [records, unread] = await Promise.all([
      notificationReads.after(userId, afterId),
      notificationReads.unreadCount(userId),
    ])
    return {
      items: records.map(toLive),
      bell: bell(unread),
      // a full page: the client asks again from the last id
      more: records.length === CATCH_UP_LIMIT,
    }
  },
}
