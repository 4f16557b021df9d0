import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import { SessionCollection } from '@adonisjs/session'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import { redisEnabled } from '#config/redis'
import { realtimeSessions } from '#realtime/index'

/**
 * A user's signed-in sessions, for the "sessions" settings page. Sessions
 * are tagged with the user id in the session store (Redis or memory), and
 * carry a small record of where they come from. Sessions end only here
 * (logout, revocation, password change and reset, account deletion, later a
 * ban): ending one destroys it in the store, deletes its remember-me token so
 * it cannot come back, and closes its WebSockets and SSE streams on every
 * instance.
 */
export type SessionMeta = {
  userAgent: string
  ip: string
  createdAt: number
  lastSeenAt: number
  rememberTokenId: number | null
}

export type ListedSession = SessionMeta & { id: string; current: boolean }

const META_KEY = 'mg_meta'
const TOUCH_EVERY_MS = 60_000

let sessionCollection: SessionCollection | undefined
async function collection() {
  sessionCollection ??= await app.container.make(SessionCollection)
  return sessionCollection
}

async function newestRememberToken(userId: number) {
  const row = await db
    .from('remember_me_tokens')
    .where('tokenable_id', userId)
    .orderBy('id', 'desc')
    .first()
  return row ? Number(row.id) : null
}

/**
 * The ids of sessions ended here, kept for longer than a session lives. A
 * request of the session still running when it ends would write the session
 * back into the store at its end (a flash, "last seen"), signing it in again:
 * such a write is undone (writeBackGuard).
 */
const ENDED_TTL_SECONDS = 24 * 3600
const endedKey = (sessionId: string) => `session_ended:${sessionId}`
const memoryEnded = new Map<string, number>()
const endedSessions = {
  async add(sessionId: string) {
    if (redisEnabled) {
      await redis.set(endedKey(sessionId), '1', 'EX', ENDED_TTL_SECONDS)
      return
    }
    const now = Date.now()
    for (const [id, expiresAt] of memoryEnded) if (expiresAt <= now) memoryEnded.delete(id)
    memoryEnded.set(sessionId, now + ENDED_TTL_SECONDS * 1000)
  },
  async has(sessionId: string) {
    if (redisEnabled) return (await redis.exists(endedKey(sessionId))) > 0
    return (memoryEnded.get(sessionId) ?? 0) > Date.now()
  },
}

/**
 * After a request wrote its session, checks that the session was not ended
 * meanwhile; if it was, the write is undone. Marked before it is destroyed
 * (end), so a write that lands after the destruction always sees the mark.
 */
function writeBackGuard(session: HttpContext['session']) {
  const commit = session.commit.bind(session)
  session.commit = async () => {
    await commit()
    if (session.hasBeenModified && (await endedSessions.has(session.sessionId))) {
      const sessions = await collection()
      await sessions.destroy(session.sessionId)
    }
  }
}

/** Destroys sessions in the store with their remember-me tokens, then their sockets and streams. */
async function end(userId: number, ended: ListedSession[]) {
  const sessions = await collection()
  for (const session of ended) {
    await endedSessions.add(session.id)
    await sessions.destroy(session.id)
    if (session.rememberTokenId) {
      await db
        .from('remember_me_tokens')
        .where({ id: session.rememberTokenId, tokenable_id: userId })
        .delete()
    }
  }
  if (ended.length) await realtimeSessions.end(ended.map((session) => session.id))
}

/** The session is committed (cookie, store) only if this request changed it. */
function commitOnlyChanges(session: HttpContext['session']) {
  const commit = session.commit.bind(session)
  session.commit = async () => {
    const changed =
      session.hasBeenModified ||
      session.hasRegeneratedSession ||
      !session.responseFlashMessages.isEmpty ||
      session.isEmpty
    if (changed) await commit()
  }
}

export const sessionRegistry = {
  /** Right after a login (or a comeback through the remember-me cookie). */
  async start(ctx: HttpContext, userId: number, remembered: boolean) {
    const now = Date.now()
    const meta: SessionMeta = {
      userAgent: (ctx.request.header('user-agent') ?? '').slice(0, 300),
      ip: ctx.request.ip(),
      createdAt: now,
      lastSeenAt: now,
      rememberTokenId: remembered ? await newestRememberToken(userId) : null,
    }
    ctx.session.put(META_KEY, meta)
    await ctx.session.tag(String(userId))
  },

  /** Whether this request's session was ended while the request ran (see writeBackGuard). */
  hasEnded(ctx: HttpContext) {
    return endedSessions.has(ctx.session.sessionId)
  },

  /** The remember-me token this session was started with, if any. */
  rememberTokenOf(ctx: HttpContext) {
    return (ctx.session.get(META_KEY) as SessionMeta | undefined)?.rememberTokenId ?? null
  },

  /**
   * Keeps "last seen" fresh, and the session alive, with one write a minute:
   * a session seen less than a minute ago is not written back at all unless
   * the request changed it (no re-signed Set-Cookie, no EXPIRE in Redis).
   * The write a minute later renews the cookie and the store's expiry.
   */
  touch(ctx: HttpContext) {
    const meta = ctx.session.get(META_KEY) as SessionMeta | undefined
    if (!meta) return false
    writeBackGuard(ctx.session)
    const now = Date.now()
    if (now - meta.lastSeenAt < TOUCH_EVERY_MS) {
      commitOnlyChanges(ctx.session)
      return true
    }
    ctx.session.put(META_KEY, { ...meta, lastSeenAt: now, ip: ctx.request.ip() })
    return true
  },

  async list(ctx: HttpContext, userId: number): Promise<ListedSession[]> {
    const store = await collection()
    const sessions = await store.tagged(String(userId))
    return sessions
      .map(({ id, data }) => {
        const meta = (data[META_KEY] ?? {}) as Partial<SessionMeta>
        return {
          id,
          current: id === ctx.session.sessionId,
          userAgent: meta.userAgent ?? '',
          ip: meta.ip ?? '',
          createdAt: meta.createdAt ?? 0,
          lastSeenAt: meta.lastSeenAt ?? 0,
          rememberTokenId: meta.rememberTokenId ?? null,
        }
      })
      .sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt)
  },

  /** Ends one of the user's other sessions; false when it is not theirs (or gone, or this one). */
  async revoke(ctx: HttpContext, userId: number, sessionId: string) {
    const listed = await this.list(ctx, userId)
    const mine = listed.find((session) => session.id === sessionId)
    if (!mine || mine.current) return false
    await end(userId, [mine])
    return true
  },

  /** "Log out everywhere else", a password change, an account deletion: returns how many ended. */
  async revokeOthers(ctx: HttpContext, userId: number) {
    const listed = await this.list(ctx, userId)
    const others = listed.filter((session) => !session.current)
    await end(userId, others)
    return others.length
  },

  /**
   * Every session of the user ends (a password reset: someone else may have
   * known the old password); this browser is logged out too if it is signed in.
   */
  async revokeAll(ctx: HttpContext, userId: number) {
    await this.revokeOthers(ctx, userId)
    if (ctx.auth.user) await this.logout(ctx)
  },

  /**
   * This browser logs out: its session ends, with its sockets and live streams.
   * The browser carries on with a new session id; the old one is marked ended,
   * so a request of it still running cannot write the login back.
   */
  async logout(ctx: HttpContext) {
    const sessionId = ctx.session.sessionId
    await ctx.auth.use('web').logout()
    await endedSessions.add(sessionId)
    ctx.session.regenerate()
    await realtimeSessions.end([sessionId])
  },
}
