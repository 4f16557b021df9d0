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

/** Open streams (Transmit uid) on this instance → who opened them: the user and login session. */
const streamOwners = new Map<string, { userId: number; sessionId: string }>()
/** Set at shutdown: no stream opens after the open ones were ended. */
let streamsEnded = false

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
   * Shutdown: ends the open streams and opens no more. A stream opened after
   * them (a browser reconnecting on a kept-alive connection) would keep the
   * server from ever closing.
   */
  stopStreaming() {
    streamsEnded = true
    this.endStreams()
  },

  /** Whether stopStreaming() was called: new streams are refused (503). */
  get streamsEnded() {
    return streamsEnded
  },

  /**
   * Remembers who opened a stream (Transmit uid) on this instance; returns
   * the function that forgets it (stream closed), or null when another user
   * holds that uid: a uid is its opener's until the stream closes.
   */
  trackStream(uid: string, owner: { userId: number; sessionId: string }) {
    const holder = streamOwners.get(uid)
    if (holder && holder.userId !== owner.userId) return null
    streamOwners.set(uid, owner)
    return () => {
      if (streamOwners.get(uid) === owner) streamOwners.delete(uid)
    }
  },

  /**
   * Whether this user opened the stream `uid` on this instance: only its
   * opener may (un)subscribe it, so nobody attaches a channel to someone
   * else's stream or theirs to another's.
   */
  ownsStream(uid: string, userId: number) {
    return streamOwners.get(uid)?.userId === userId
  },

  /** Ends this instance's open streams of these login sessions (logout, revocation). */
  endSessionStreams(sessionIds: Iterable<string>) {
    const ended = new Set(sessionIds)
    for (const [stream] of transmit.getManager().getAllSubscribers()) {
      const owner = streamOwners.get(stream.getUid())
      if (owner === undefined || !ended.has(owner.sessionId)) continue
      streamOwners.delete(stream.getUid())
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
