import type { SessionData, SessionStoreWithTaggingContract } from '@adonisjs/session/types'

type Entry = { data: SessionData; expiresAt: number; tag?: string }

/**
 * The session store of a single instance without Redis (`npm start`): like
 * the built-in memory store, with tags for the sessions page, but every entry
 * expires `ageMs` after its last write or touch, as Redis keys do. An expired
 * entry reads as no session and is swept away, at most once a minute, when
 * sessions are written: the map never grows with visitors who left.
 */
export class ExpiringMemoryStore implements SessionStoreWithTaggingContract {
  static readonly entries = new Map<string, Entry>()
  static #nextSweep = 0

  constructor(
    private ageMs: number,
    private now: () => number = Date.now
  ) {}

  #live(sessionId: string) {
    const entry = ExpiringMemoryStore.entries.get(sessionId)
    if (entry && entry.expiresAt <= this.now()) {
      ExpiringMemoryStore.entries.delete(sessionId)
      return undefined
    }
    return entry
  }

  #sweep() {
    const now = this.now()
    if (now < ExpiringMemoryStore.#nextSweep) return
    ExpiringMemoryStore.#nextSweep = now + 60_000
    for (const [id, entry] of ExpiringMemoryStore.entries) {
      if (entry.expiresAt <= now) ExpiringMemoryStore.entries.delete(id)
    }
  }

  read(sessionId: string) {
    return this.#live(sessionId)?.data ?? null
  }

  write(sessionId: string, data: SessionData) {
    this.#sweep()
    const tag = this.#live(sessionId)?.tag
    ExpiringMemoryStore.entries.set(sessionId, { data, tag, expiresAt: this.now() + this.ageMs })
  }

  destroy(sessionId: string) {
    ExpiringMemoryStore.entries.delete(sessionId)
  }

  touch(sessionId: string) {
    const entry = this.#live(sessionId)
    if (entry) entry.expiresAt = this.now() + this.ageMs
  }

  tag(sessionId: string, userId: string | number) {
    const entry = this.#live(sessionId)
    if (entry) entry.tag = String(userId)
    else {
      ExpiringMemoryStore.entries.set(sessionId, {
        data: {},
        tag: String(userId),
        expiresAt: this.now() + this.ageMs,
      })
    }
  }

  untag(sessionId: string) {
    const entry = this.#live(sessionId)
    if (entry) entry.tag = undefined
  }

  tagged(userId: string | number) {
    const sessions: { id: string; data: SessionData }[] = []
    for (const id of [...ExpiringMemoryStore.entries.keys()]) {
      const entry = this.#live(id)
      if (entry?.tag === String(userId)) sessions.push({ id, data: entry.data })
    }
    return sessions
  }
}
