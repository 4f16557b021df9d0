import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Notification from '#realtime/models/notification'
import {
  notificationReads,
  toRecord,
  type NotificationPayload,
  type NotificationRecord,
} from '#realtime/services/notification_reads'
import { notificationKinds } from '#realtime/services/notification_kinds'
import { notificationPreferences } from '#realtime/services/notification_preferences'
import { layoutData } from '#shared/http/layout_data'
import { bellLayout } from '#realtime/services/bell_layout'

export type { NotificationPayload, NotificationRecord }

export type NotificationPage = {
  items: NotificationRecord[]
  /** Ids of this page's notifications the user has not seen yet. */
  unseenIds: number[]
  page: number
  perPage: number
  lastPage: number
  total: number
  unread: number
}

const rowToRecord = (row: any): NotificationRecord => ({
  id: Number(row.id),
  kind: row.kind,
  payload: row.payload ?? {},
  readAt: row.read_at ?? null,
  createdAt: row.created_at,
})

async function countsOf(userId: number) {
  const row = await db
    .from('notifications')
    .where({ recipient_id: userId, in_app: true })
    .select(
      db.raw('count(*) AS total'),
      db.raw('count(*) FILTER (WHERE read_at IS NULL) AS unread')
    )
    .first()
  return { total: Number(row?.total ?? 0), unread: Number(row?.unread ?? 0) }
}

const KIND_MAX_LENGTH = 60

/** Live delivery is loaded lazily: it needs Transmit, which this store itself does not. */
async function announceLive(recipientId: number, record: NotificationRecord) {
  try {
    const { liveNotifications } = await import('#realtime/services/live_notifications')
    await liveNotifications.announce(recipientId, record)
  } catch (error) {
    // the row is stored: a browser that missed the push catches up by id
    const { default: logger } = await import('@adonisjs/core/services/logger')
    logger.warn({ err: error, recipientId }, 'live notification not announced')
  }
}

/**
 * The notifications store (ARCHITECTURE.md "Notifications"): every
 * notification is stored first, in the same transaction as its cause, so it
 * exists exactly when the cause does. Live delivery (Transmit) announces
 * rows once committed; `after()` is the catch-up of a reconnecting browser.
 */
export const notificationService = {
  /**
   * Stores a notification for a user. Pass the caller's transaction: the
   * notification then commits or rolls back with what caused it.
   */
  async notify(
    recipientId: number,
    kind: string,
    payload: NotificationPayload = {},
    trx?: TransactionClientContract
  ): Promise<NotificationRecord> {
    if (!kind || kind.length > KIND_MAX_LENGTH) {
      throw new Error(`A notification kind has 1 to ${KIND_MAX_LENGTH} characters: "${kind}"`)
    }
    // the reader's channels for this kind; direct-mail kinds are mailed by their module, never digested
    const channels = await notificationPreferences.channels(recipientId, kind, trx)
    const email = channels.email && notificationKinds.topicOf(kind).mail === 'digest'
    const row = await Notification.create(
      { recipientId, kind, payload, inApp: channels.inApp, email },
      trx ? { client: trx } : undefined
    )
    const record = toRecord(row)
    if (channels.inApp) {
      // the bell's count, and the live announcement, once it exists for everyone: after the cause commits
      await layoutData.changed(bellLayout.name, recipientId, trx)
      const announce = () => void announceLive(recipientId, record)
      if (trx) trx.after('commit', announce)
      else announce()
    }
    return record
  },

  /**
   * The user's notifications, newest first, one page at a time; with how
   * many there are, how many are unread, and which of the page's the user
   * has not seen yet: one query (counts as window functions over the rows).
   */
  async list(
    userId: number,
    { page = 1, perPage = 20 }: { page?: number; perPage?: number } = {}
  ): Promise<NotificationPage> {
    const { rows } = await db.rawQuery(
      `SELECT id, kind, payload, read_at, seen_at, created_at,
              count(*) OVER () AS total,
              count(*) FILTER (WHERE read_at IS NULL) OVER () AS unread
         FROM notifications
        WHERE recipient_id = ? AND in_app
        ORDER BY id DESC LIMIT ? OFFSET ?`,
      [userId, perPage, (page - 1) * perPage]
    )
    // past the last page there is no row to carry the counts
    const counts = rows.length
      ? { total: Number(rows[0].total), unread: Number(rows[0].unread) }
      : await countsOf(userId)
    return {
      items: rows.map(rowToRecord),
      unseenIds: rows.filter((row: any) => row.seen_at === null).map((row: any) => Number(row.id)),
      page,
      perPage,
      lastPage: Math.max(1, Math.ceil(counts.total / perPage)),
      total: counts.total,
      unread: counts.unread,
    }
  },

  unreadCount: notificationReads.unreadCount,

  /**
   * Marks one of the user's own notifications read (reading it again keeps
   * the first time). Someone else's, or no such id → false, nothing changed.
   */
  async markRead(userId: number, id: number): Promise<NotificationRecord | false> {
    if (!Number.isSafeInteger(id) || id < 1) return false
    const row = await Notification.query().where({ id, recipientId: userId }).first()
    if (!row) return false
    if (!row.readAt) {
      row.readAt = DateTime.now()
      await row.save()
      await layoutData.changed(bellLayout.name, userId)
    }
    return toRecord(row)
  },

  /** Marks all the user's unread notifications read; returns how many were unread. */
  async markAllRead(userId: number): Promise<number> {
    // in-app ones only: an email-only notification is not on the list, so it waits for its digest
    const updated = await db
      .from('notifications')
      .where({ recipient_id: userId, in_app: true })
      .whereNull('read_at')
      .update({ read_at: new Date() })
    const count = Number(Array.isArray(updated) ? updated[0] : updated) || 0
    if (count) await layoutData.changed(bellLayout.name, userId)
    return count
  },

  /**
   * The reader has seen these (the list page showed them, or a live toast
   * did): a digest mail never includes them.
   */
  async markSeen(userId: number, ids: number[] | { upTo: number }) {
    // only what the app can show: an email-only notification was never on screen
    const query = db
      .from('notifications')
      .where({ recipient_id: userId, in_app: true })
      .whereNull('seen_at')
    if (Array.isArray(ids)) query.whereIn('id', ids)
    else query.where('id', '<=', ids.upTo)
    if (Array.isArray(ids) && !ids.length) return
    await query.update({ seen_at: new Date() })
  },

  after: notificationReads.after,
}
