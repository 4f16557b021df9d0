import type { Connection } from '#realtime/ws/connection'

/**
 * The sockets open on this instance, indexed by user and by room: where the
 * hub delivers and what presence refreshes. Each instance has its own.
 */
export class LocalConnections {
  #all = new Set<Connection>()
  #byUser = new Map<number, Set<Connection>>()
  #byRoom = new Map<string, Set<Connection>>()

  /** Adds a socket; true when it is the user's first one here. */
  add(connection: Connection) {
    this.#all.add(connection)
    return addTo(this.#byUser, connection.userId, connection)
  }

  /** Removes a socket from everything; true when it was the user's last one here. */
  remove(connection: Connection) {
    if (!this.#all.delete(connection)) return false
    for (const room of connection.rooms) removeFrom(this.#byRoom, room, connection)
    connection.rooms.clear()
    return removeFrom(this.#byUser, connection.userId, connection)
  }

  join(connection: Connection, room: string) {
    if (!this.#all.has(connection)) return
    connection.rooms.add(room)
    addTo(this.#byRoom, room, connection)
  }

  leave(connection: Connection, room: string) {
    connection.rooms.delete(room)
    removeFrom(this.#byRoom, room, connection)
  }

  /** Takes the sockets of these users out of the room; returns the sockets taken out. */
  evict(room: string, userIds: ReadonlySet<number>): Connection[] {
    const evicted = [...this.inRoom(room)].filter((connection) => userIds.has(connection.userId))
    for (const connection of evicted) this.leave(connection, room)
    return evicted
  }

  inRoom(room: string): Iterable<Connection> {
    return this.#byRoom.get(room) ?? []
  }

  ofUser(userId: number): Iterable<Connection> {
    return this.#byUser.get(userId) ?? []
  }

  countOf(userId: number) {
    return this.#byUser.get(userId)?.size ?? 0
  }

  hasUser(userId: number) {
    return this.#byUser.has(userId)
  }

  users() {
    return [...this.#byUser.keys()]
  }

  all(): Iterable<Connection> {
    return this.#all
  }
}

function addTo<K>(index: Map<K, Set<Connection>>, key: K, connection: Connection) {
  const set = index.get(key)
  if (set) {
    set.add(connection)
    return false
  }
  index.set(key, new Set([connection]))
  return true
}

function removeFrom<K>(index: Map<K, Set<Connection>>, key: K, connection: Connection) {
  const set = index.get(key)
  if (!set?.delete(connection) || set.size) return false
  index.delete(key)
  return true
}

/** This instance's sockets. */
export const localConnections = new LocalConnections()
