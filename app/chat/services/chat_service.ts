import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import { liveNotifications, wsHub } from '#realtime/index'
import { layoutData } from '#shared/http/layout_data'
import { chatLayout } from '#chat/services/chat_layout'
import { inEveryLocale } from '#shared/i18n/in_every_locale'
import { DomainError } from '#shared/errors/domain_error'
import { MESSAGE_MAX_LENGTH } from '#chat/validators/chat_validators'
import { consumeChatSend } from '#chat/services/chat_throttle'
import { messageViews } from '#chat/services/message_views'

/** A stored chat message, as views, sockets and other modules see it. */
export type ChatMessage = {
  id: number
  conversationId: number
  senderId: number
  clientId: string
  body: string
  createdAt: string
}

export type ConversationAccess = {
  id: number
  kind: 'direct' | 'subject'
  subjectType: string | null
  subjectId: number | null
  lastMessageId: number
  memberIds: number[]
  otherIds: number[]
  /** The viewer's own read marker. */
  lastReadId: number
  /** Up to where every other member has read (the lowest of their markers). */
  othersReadUpTo: number
  /** For direct conversations: who blocked whom between the two. */
  iBlocked: boolean
  blockedMe: boolean
}

export type ConversationSummary = {
  id: number
  kind: 'direct' | 'subject'
  subjectType: string | null
  subjectId: number | null
  otherIds: number[]
  unread: number
  lastMessage: { id: number; senderId: number; body: string; createdAt: string } | null
}

export type ChatErrorCode = 'not_member' | 'blocked' | 'self' | 'not_found' | 'invalid_body'

const STATUS: Record<ChatErrorCode, number> = {
  not_member: 403,
  blocked: 403,
  self: 422,
  not_found: 404,
  invalid_body: 422,
}

/** A refused chat action: an HTTP status and a message key under `chat.errors`; its page leads back to the conversations. */
export class ChatError extends DomainError {
  static back = { route: 'chat.index', labelKey: 'chat.back' }

  constructor(readonly reason: ChatErrorCode) {
    super(
      `chat.errors.${reason}`,
      {},
      {
        status: STATUS[reason],
        code: `E_CHAT_${reason.toUpperCase()}`,
      }
    )
  }
}

export const HISTORY_PAGE = 30
export const SYNC_LIMIT = 200

const room = (conversationId: number) => `conversation:${conversationId}`

/** The header's unread count (chat_layout.ts) of these users changed. */
const unreadChanged = (userIds: number | number[]) => layoutData.changed(chatLayout.name, userIds)
const iso = (value: unknown) => new Date(value as string).toISOString()

function toMessage(row: any): ChatMessage {
  return {
    id: Number(row.id),
    conversationId: Number(row.conversation_id),
    senderId: Number(row.sender_id),
    clientId: String(row.client_id),
    body: String(row.body),
    createdAt: iso(row.created_at),
  }
}

const validId = (value: number) => Number.isSafeInteger(value) && value > 0

/** Deliveries are best effort: the row is stored, a client that missed it syncs by id. */
async function deliver(what: string, publish: () => Promise<unknown>) {
  try {
    await publish()
  } catch (error) {
    logger.warn({ err: error }, `chat: ${what} not delivered live`)
  }
}

/** Tells the user's sockets (every tab) their unread count: in the conversation and in total. */
function announceUnread(userId: number, conversationId: number) {
  return deliver('unread count', async () => {
    const counts = await chatService.unreadCounts(userId)
    await wsHub.publishToUser(userId, {
      type: 'chat.unread',
      conversationId,
      unread: counts.byConversation.get(conversationId) ?? 0,
      total: counts.total,
    })
    // the header's badge on every page, not only where a chat socket is open
    liveNotifications.pushToUser(userId, {
      type: 'chat.unread',
      total: counts.total,
      label: inEveryLocale((i18n) =>
        counts.total ? i18n.t('chat.nav_unread', { count: counts.total }) : i18n.t('chat.nav')
      ),
    })
  })
}

/**
 * Chat (MISSION §5): direct conversations (one per pair of users) and
 * conversations attached to another module's subject (an appointment).
 * Every message is stored before anything is announced; the client id makes
 * a resend return the stored row. Live delivery goes through the WebSocket
 * hub (room `conversation:<id>`, and each member's sockets for unread counts).
 */
export const chatService = {
  /** Whether either user blocked the other. */
  async isBlockedBetween(a: number, b: number): Promise<boolean> {
    const row = await db
      .from('user_blocks')
      .where((query) => query.where({ blocker_id: a, blocked_id: b }))
      .orWhere((query) => query.where({ blocker_id: b, blocked_id: a }))
      .first()
    return Boolean(row)
  },

  /** Of these users, those with a block (either way) between them and the user. */
  async blockedAmong(userId: number, otherIds: number[]): Promise<Set<number>> {
    if (!otherIds.length) return new Set()
    const rows = await db
      .from('user_blocks')
      .where((query) => query.where('blocker_id', userId).whereIn('blocked_id', otherIds))
      .orWhere((query) => query.where('blocked_id', userId).whereIn('blocker_id', otherIds))
    return new Set(
      rows.map((row) =>
        Number(row.blocker_id) === userId ? Number(row.blocked_id) : Number(row.blocker_id)
      )
    )
  },

  /** The direct conversation of two users, if they have one. */
  async directConversationId(userA: number, userB: number): Promise<number | null> {
    const key = `${Math.min(userA, userB)}:${Math.max(userA, userB)}`
    const row = await db.from('conversations').where('direct_key', key).select('id').first()
    return row ? Number(row.id) : null
  },

  /** Gets or creates the conversation of two users; safe when both start it at the same time. */
  async directConversation(userA: number, userB: number): Promise<{ id: number }> {
    if (userA === userB) throw new ChatError('self')
    if (await this.isBlockedBetween(userA, userB)) throw new ChatError('blocked')
    const key = `${Math.min(userA, userB)}:${Math.max(userA, userB)}`
    return db.transaction(async (trx) => {
      const inserted = await trx.rawQuery(
        `INSERT INTO conversations (kind, direct_key) VALUES ('direct', ?)
         ON CONFLICT (direct_key) DO NOTHING RETURNING id`,
        [key]
      )
      const existing = inserted.rows.length
        ? inserted.rows[0]
        : await trx.from('conversations').where('direct_key', key).first()
      const id = Number(existing.id)
      await trx.rawQuery(
        `INSERT INTO conversation_members (conversation_id, user_id) VALUES (?, ?), (?, ?)
         ON CONFLICT DO NOTHING`,
        [id, userA, id, userB]
      )
      return { id }
    })
  },

  /**
   * Gets or creates the conversation of another module's subject (e.g.
   * 'appointment', 42) and makes sure the given users are its members.
   */
  async subjectConversation(
    subjectType: string,
    subjectId: number,
    memberIds: number[]
  ): Promise<{ id: number }> {
    return db.transaction(async (trx) => {
      const inserted = await trx.rawQuery(
        `INSERT INTO conversations (kind, subject_type, subject_id) VALUES ('subject', ?, ?)
         ON CONFLICT (subject_type, subject_id) DO NOTHING RETURNING id`,
        [subjectType, subjectId]
      )
      const existing = inserted.rows.length
        ? inserted.rows[0]
        : await trx
            .from('conversations')
            .where({ subject_type: subjectType, subject_id: subjectId })
            .first()
      const id = Number(existing.id)
      for (const userId of new Set(memberIds)) {
        await trx.rawQuery(
          `INSERT INTO conversation_members (conversation_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`,
          [id, userId]
        )
      }
      // a member who joins an ongoing conversation has its messages to read
      await layoutData.changed(chatLayout.name, memberIds, trx)
      return { id }
    })
  },

  /**
   * The conversation as one of its members sees it; null when there is no
   * such conversation or the user is not a member of it.
   */
  async access(conversationId: number, userId: number): Promise<ConversationAccess | null> {
    if (!validId(conversationId)) return null
    const { rows } = await db.rawQuery(
      `SELECT c.id, c.kind, c.subject_type, c.subject_id, coalesce(c.last_message_id, 0) AS last_message_id,
              cm.user_id, cm.last_read_message_id
         FROM conversations c JOIN conversation_members cm ON cm.conversation_id = c.id
        WHERE c.id = ?`,
      [conversationId]
    )
    const me = rows.find((row: any) => Number(row.user_id) === userId)
    if (!me) return null
    const others = rows.filter((row: any) => Number(row.user_id) !== userId)
    const otherIds = others.map((row: any) => Number(row.user_id))
    let iBlocked = false
    let blockedMe = false
    if (me.kind === 'direct' && otherIds.length === 1) {
      const blocks = await db
        .from('user_blocks')
        .where((query) => query.where({ blocker_id: userId, blocked_id: otherIds[0] }))
        .orWhere((query) => query.where({ blocker_id: otherIds[0], blocked_id: userId }))
      iBlocked = blocks.some((row) => Number(row.blocker_id) === userId)
      blockedMe = blocks.some((row) => Number(row.blocker_id) === otherIds[0])
    }
    return {
      id: Number(me.id),
      kind: me.kind,
      subjectType: me.subject_type,
      subjectId: me.subject_id === null ? null : Number(me.subject_id),
      lastMessageId: Number(me.last_message_id),
      memberIds: rows.map((row: any) => Number(row.user_id)),
      otherIds,
      lastReadId: Number(me.last_read_message_id),
      othersReadUpTo: others.length
        ? Math.min(...others.map((row: any) => Number(row.last_read_message_id)))
        : 0,
      iBlocked,
      blockedMe,
    }
  },

  /** Whether a conversation with this id exists (someone else's: 403, none: 404). */
  async exists(conversationId: number): Promise<boolean> {
    if (!validId(conversationId)) return false
    return Boolean(await db.from('conversations').where('id', conversationId).first())
  },

  /** The conversation for a member; ChatError('not_member') otherwise. */
  async accessOrFail(conversationId: number, userId: number) {
    const access = await this.access(conversationId, userId)
    if (!access) throw new ChatError('not_member')
    return access
  },

  /** Who may join the room `conversation:<id>`: members, unless a block stands between the two. */
  async mayJoin(conversationId: number, userId: number) {
    const access = await this.access(conversationId, userId)
    return Boolean(access && !access.iBlocked && !access.blockedMe)
  },

  /**
   * Stores a message, then announces it. Sending again with the same client
   * id returns the stored message (created: false) and announces nothing.
   */
  async send(
    conversationId: number,
    senderId: number,
    clientId: string,
    body: string
  ): Promise<{ message: ChatMessage; created: boolean }> {
    const text = body.trim()
    if (!text || [...text].length > MESSAGE_MAX_LENGTH) throw new ChatError('invalid_body')
    const access = await this.accessOrFail(conversationId, senderId)
    const existing = await db
      .from('messages')
      .where({ conversation_id: conversationId, sender_id: senderId, client_id: clientId })
      .first()
    if (existing) return { message: toMessage(existing), created: false }
    if (access.iBlocked || access.blockedMe) throw new ChatError('blocked')
    // one allowance per user whatever the path (form, WebSocket, another module): ThrottleException
    await consumeChatSend(senderId)

    const result = await db.transaction(async (trx) => {
      const inserted = await trx.rawQuery(
        `INSERT INTO messages (conversation_id, sender_id, client_id, body) VALUES (?, ?, ?, ?)
         ON CONFLICT (conversation_id, sender_id, client_id) DO NOTHING RETURNING *`,
        [conversationId, senderId, clientId, text]
      )
      if (!inserted.rows.length) {
        // the same message sent twice at once: the other attempt stored it
        const row = await trx
          .from('messages')
          .where({ conversation_id: conversationId, sender_id: senderId, client_id: clientId })
          .first()
        return { message: toMessage(row), created: false }
      }
      const message = toMessage(inserted.rows[0])
      await trx.rawQuery(
        `UPDATE conversations SET last_message_id = greatest(coalesce(last_message_id, 0), ?), updated_at = now()
          WHERE id = ?`,
        [message.id, conversationId]
      )
      // one's own message is read
      await trx.rawQuery(
        `UPDATE conversation_members SET last_read_message_id = greatest(last_read_message_id, ?)
          WHERE conversation_id = ? AND user_id = ?`,
        [message.id, conversationId, senderId]
      )
      return { message, created: true }
    })

    if (result.created) {
      const { message } = result
      // the others have one more to read; the sender's marker moved past what it answered
      await unreadChanged(access.memberIds)
      // each member's sockets get it as their own page shows it (language, time zone, mine or theirs)
      await deliver('message', async () => {
        const views = await messageViews.forMembers(message, access.memberIds)
        await Promise.all(
          [...views].map(([userId, html]) =>
            wsHub.publishToRoom(
              room(conversationId),
              { type: 'chat.message', conversationId, message, html },
              { toUserId: userId }
            )
          )
        )
      })
      for (const userId of access.otherIds) await announceUnread(userId, conversationId)
    }
    return result
  },

  /**
   * The conversations a user is in, the most recently active first (presence
   * changes go to their rooms); direct conversations across a block are left out.
   */
  async conversationIdsOf(userId: number, limit = 200): Promise<number[]> {
    const rows = await db
      .from('conversation_members')
      .join('conversations', 'conversations.id', 'conversation_members.conversation_id')
      .where('conversation_members.user_id', userId)
      .whereRaw(
        `NOT (conversations.kind = 'direct' AND EXISTS (
           SELECT 1 FROM conversation_members other
             JOIN user_blocks b ON (b.blocker_id = other.user_id AND b.blocked_id = conversation_members.user_id)
                                OR (b.blocker_id = conversation_members.user_id AND b.blocked_id = other.user_id)
            WHERE other.conversation_id = conversations.id AND other.user_id <> conversation_members.user_id))`
      )
      .orderByRaw('conversations.last_message_id DESC NULLS LAST')
      .limit(limit)
      .select('conversations.id')
    return rows.map((row) => Number(row.id))
  },

  /** A page of history, oldest first: the newest `limit` messages before `before` (or the newest). */
  async history(
    conversationId: number,
    { before, limit = HISTORY_PAGE }: { before?: number; limit?: number } = {}
  ): Promise<{ messages: ChatMessage[]; hasEarlier: boolean }> {
    const query = db
      .from('messages')
      .where('conversation_id', conversationId)
      .orderBy('id', 'desc')
      .limit(limit + 1)
    if (before && validId(before)) query.where('id', '<', before)
    const rows = await query
    const hasEarlier = rows.length > limit
    return { messages: rows.slice(0, limit).reverse().map(toMessage), hasEarlier }
  },

  /** What a reconnecting client missed: messages after `afterId`, oldest first. */
  async after(
    conversationId: number,
    afterId: number,
    limit = SYNC_LIMIT
  ): Promise<{ messages: ChatMessage[]; hasMore: boolean }> {
    const from = Number.isSafeInteger(afterId) && afterId > 0 ? afterId : 0
    const rows = await db
      .from('messages')
      .where('conversation_id', conversationId)
      .where('id', '>', from)
      .orderBy('id', 'asc')
      .limit(limit + 1)
    return { messages: rows.slice(0, limit).map(toMessage), hasMore: rows.length > limit }
  },

  /**
   * Moves the user's read marker forward (never back, never past the last
   * message) and tells the conversation (read receipt) and the user's other
   * tabs (unread count). Returns the marker.
   */
  async markRead(conversationId: number, userId: number, upToId: number): Promise<number> {
    const access = await this.accessOrFail(conversationId, userId)
    const target = Math.min(Math.max(0, Math.floor(upToId) || 0), access.lastMessageId)
    if (target <= access.lastReadId) return access.lastReadId
    const { rows } = await db.rawQuery(
      `UPDATE conversation_members SET last_read_message_id = greatest(last_read_message_id, ?)
        WHERE conversation_id = ? AND user_id = ? RETURNING last_read_message_id`,
      [target, conversationId, userId]
    )
    const marker = Number(rows[0]?.last_read_message_id ?? target)
    await unreadChanged(userId)
    await deliver('read receipt', () =>
      wsHub.publishToRoom(room(conversationId), {
        type: 'chat.read',
        conversationId,
        userId,
        upToId: marker,
      })
    )
    await announceUnread(userId, conversationId)
    return marker
  },

  /** Unread messages (from others, after the read marker) per conversation and in total. */
  async unreadCounts(
    userId: number
  ): Promise<{ total: number; byConversation: Map<number, number> }> {
    const { rows } = await db.rawQuery(
      `SELECT m.conversation_id, count(*) AS unread
         FROM conversation_members cm
         JOIN messages m ON m.conversation_id = cm.conversation_id
                        AND m.id > cm.last_read_message_id AND m.sender_id <> cm.user_id
        WHERE cm.user_id = ?
        GROUP BY m.conversation_id`,
      [userId]
    )
    const byConversation = new Map<number, number>(
      rows.map((row: any) => [Number(row.conversation_id), Number(row.unread)])
    )
    let total = 0
    for (const count of byConversation.values()) total += count
    return { total, byConversation }
  },

  /** The user's conversations, the most recently active first, with their last message and unread count. */
  async conversationsOf(userId: number, limit = 100): Promise<ConversationSummary[]> {
    const { rows } = await db.rawQuery(
      `SELECT c.id, c.kind, c.subject_type, c.subject_id,
              m.id AS last_id, m.sender_id AS last_sender_id, m.body AS last_body, m.created_at AS last_at,
              (SELECT count(*) FROM messages x
                WHERE x.conversation_id = c.id AND x.id > cm.last_read_message_id AND x.sender_id <> cm.user_id) AS unread,
              (SELECT array_agg(o.user_id ORDER BY o.user_id) FROM conversation_members o
                WHERE o.conversation_id = c.id AND o.user_id <> cm.user_id) AS other_ids
         FROM conversation_members cm
         JOIN conversations c ON c.id = cm.conversation_id
         LEFT JOIN messages m ON m.id = c.last_message_id
        WHERE cm.user_id = ?
        ORDER BY coalesce(c.last_message_id, 0) DESC, c.id DESC
        LIMIT ?`,
      [userId, limit]
    )
    return rows.map((row: any) => ({
      id: Number(row.id),
      kind: row.kind,
      subjectType: row.subject_type,
      subjectId: row.subject_id === null ? null : Number(row.subject_id),
      otherIds: (row.other_ids ?? []).map(Number),
      unread: Number(row.unread),
      lastMessage: row.last_id
        ? {
            id: Number(row.last_id),
            senderId: Number(row.last_sender_id),
            body: String(row.last_body),
            createdAt: iso(row.last_at),
          }
        : null,
    }))
  },

  /**
   * Stops messages both ways between the two (and starting a conversation).
   * Both users' sockets leave the room of their direct conversation on every
   * instance and are told {type:'chat.blocked', conversationId}.
   */
  async block(blockerId: number, blockedId: number) {
    if (blockerId === blockedId) throw new ChatError('self')
    await db.rawQuery(
      `INSERT INTO user_blocks (blocker_id, blocked_id) VALUES (?, ?) ON CONFLICT DO NOTHING`,
      [blockerId, blockedId]
    )
    const key = `${Math.min(blockerId, blockedId)}:${Math.max(blockerId, blockedId)}`
    const conversation = await db.from('conversations').where('direct_key', key).first()
    if (!conversation) return
    const conversationId = Number(conversation.id)
    await deliver('block', () =>
      wsHub.evictFromRoom(room(conversationId), [blockerId, blockedId], {
        type: 'chat.blocked',
        conversationId,
      })
    )
  },

  async unblock(blockerId: number, blockedId: number) {
    await db.from('user_blocks').where({ blocker_id: blockerId, blocked_id: blockedId }).delete()
  },
}
