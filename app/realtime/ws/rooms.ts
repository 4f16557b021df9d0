/** A room is `<type>:<id>`: `conversation:42`, `appointment:7`. */
export const ROOM_PATTERN = /^[a-z][a-z0-9_]{0,31}:[A-Za-z0-9_-]{1,64}$/

export interface WsRoomPolicy {
  /** Whether this user may join the room `<type>:<id>` (e.g. is a party of the conversation). */
  authorize(userId: number, id: string): boolean | Promise<boolean>
  /**
   * Whether members may call each other here (relay `signal` messages).
   * Off by default: a chat room is not a licence to ring someone.
   */
  calls?: boolean
}

export function parseRoom(room: string) {
  if (!ROOM_PATTERN.test(room)) return null
  const colon = room.indexOf(':')
  return { type: room.slice(0, colon), id: room.slice(colon + 1) }
}

/**
 * Who may join which room: each module registers a policy for its room type.
 * A type nobody registered admits no one.
 */
class WsRooms {
  #policies = new Map<string, WsRoomPolicy>()

  /** Registers the policy of a room type; returns a function that removes it again. */
  register(type: string, policy: WsRoomPolicy) {
    if (!/^[a-z][a-z0-9_]{0,31}$/.test(type)) throw new Error(`Invalid room type "${type}"`)
    if (this.#policies.has(type)) throw new Error(`Room type "${type}" is already registered`)
    this.#policies.set(type, policy)
    return () => {
      if (this.#policies.get(type) === policy) this.#policies.delete(type)
    }
  }

  async authorize(userId: number, room: string): Promise<boolean> {
    const parsed = parseRoom(room)
    const policy = parsed && this.#policies.get(parsed.type)
    if (!parsed || !policy) return false
    return (await policy.authorize(userId, parsed.id)) === true
  }

  /** Whether the room's type opted into calls (`calls: true`). */
  allowsCalls(room: string) {
    const parsed = parseRoom(room)
    return parsed !== null && this.#policies.get(parsed.type)?.calls === true
  }
}

export const wsRooms = new WsRooms()
