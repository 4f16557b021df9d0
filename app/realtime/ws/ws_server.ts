import type { IncomingMessage, Server as HttpServer } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import logger from '@adonisjs/core/services/logger'
import { appUrl } from '#config/app'
import { Connection } from '#realtime/ws/connection'
import '#realtime/ws/core_handlers'
import { dispatch } from '#realtime/ws/dispatch'
import { CLOSE } from '#realtime/ws/errors'
import { wsHub, type HubControl } from '#realtime/ws/hub'
import { localConnections } from '#realtime/ws/local_connections'
import { isOwnOrigin } from '#realtime/ws/origin'
import { presence } from '#realtime/ws/presence'
import { wsSettings, type WsSettings } from '#realtime/ws/settings'
import { wsTickets, type TicketClaims } from '#realtime/ws/tickets'
import { pathOf, refuseUpgrade } from '#realtime/ws/upgrade'
import { liveNotifications } from '#realtime/services/live_notifications'

/** Close code of a socket whose login session ended (logout, revocation, password change). */
export const SESSION_ENDED_CLOSE = 4001

/** The control published through the hub when login sessions end (realtime_sessions.ts). */
export const SESSIONS_END = 'sessions.end'

/** The client id of a message, read without trusting it (for replies to refused messages). */
function clientIdOf(data: Buffer, isBinary: boolean): string | number | undefined {
  if (isBinary) return undefined
  try {
    const id = (JSON.parse(data.toString('utf8')) as { id?: unknown } | null)?.id
    if (typeof id === 'string' && id.length <= 64) return id
    if (typeof id === 'number' && Number.isSafeInteger(id)) return id
  } catch {}
  return undefined
}

/**
 * The `/ws` endpoint on the app's own HTTP server: checks each handshake
 * (Origin, then ticket), then runs the sockets: messages to `dispatch`,
 * heartbeats, presence, and a polite close at shutdown.
 */
export class WsServer {
  #wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: wsSettings.maxPayloadBytes,
  })
  #attached = new WeakSet<HttpServer>()
  #heartbeat?: NodeJS.Timeout
  #closing?: Promise<void>
  /** Presence writes in flight, awaited at shutdown before Redis goes away. */
  #presenceWrites = new Set<Promise<void>>()
  /** Handshakes past the per-user cap check but not yet open, per user. */
  #pendingByUser = new Map<number, number>()
  /**
   * Login sessions ended lately, until their tickets can no longer be used:
   * a ticket minted before the logout must not open a socket after it.
   */
  #endedSessions = new Map<string, number>()

  attach(server: HttpServer) {
    if (this.#attached.has(server)) return
    this.#attached.add(server)
    server.on('upgrade', (request, socket, head) => {
      this.#upgrade(server, request, socket, head).catch((error) => {
        logger.error({ err: error }, 'WebSocket handshake failed')
        refuseUpgrade(socket, 503)
      })
    })
    this.#startHeartbeat()
  }

  /** Changes settings at run time (tests shorten the heartbeat); restarts the heartbeat. */
  configure(changes: Partial<WsSettings>) {
    Object.assign(wsSettings, changes)
    this.#wss.options.maxPayload = wsSettings.maxPayloadBytes
    if (this.#heartbeat) this.#startHeartbeat()
  }

  /** Closes every socket with 1001 (peers that do not answer in time are cut). Idempotent. */
  close() {
    this.#closing ??= this.#closeAll()
    return this.#closing
  }

  async #upgrade(server: HttpServer, request: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = pathOf(request)
    if (url.pathname !== wsSettings.path) {
      // another listener (e.g. a dev tool) may own this path; with none, Node would drop it too
      if (server.listenerCount('upgrade') <= 1) socket.destroy()
      return
    }
    const ignoreEarlyErrors = () => {}
    socket.on('error', ignoreEarlyErrors)
    if (this.#closing) return refuseUpgrade(socket, 503)
    if (!isOwnOrigin(request.headers.origin, request.headers.host, appUrl)) {
      return refuseUpgrade(socket, 403)
    }
    const claims = await wsTickets.consume(url.searchParams.get('ticket'))
    // close() may have started (and taken its list of sockets) while the ticket was read
    if (this.#closing) return refuseUpgrade(socket, 503)
    if (!claims || this.#hasEnded(claims.sessionId)) return refuseUpgrade(socket, 401)
    const { userId } = claims
    const pending = this.#pendingByUser.get(userId) ?? 0
    if (localConnections.countOf(userId) + pending >= wsSettings.maxConnectionsPerUser) {
      return refuseUpgrade(socket, 429)
    }
    if (socket.destroyed) return
    // the slot is held from the check until the socket is counted (or the handshake fails)
    this.#pendingByUser.set(userId, pending + 1)
    let released = false
    const release = () => {
      if (released) return
      released = true
      const left = (this.#pendingByUser.get(userId) ?? 1) - 1
      if (left > 0) this.#pendingByUser.set(userId, left)
      else this.#pendingByUser.delete(userId)
    }
    socket.once('close', release)
    socket.off('error', ignoreEarlyErrors)
    try {
      this.#wss.handleUpgrade(request, socket, head, (ws) => {
        release()
        this.#open(ws, claims)
      })
    } catch (error) {
      release()
      throw error
    }
  }

  /**
   * Closes this instance's sockets of these login sessions (4001), and
   * refuses their tickets from now on. Called on every instance through the
   * hub (realtimeSessions.end).
   */
  endSessions(sessionIds: Iterable<string>) {
    const now = Date.now()
    for (const [id, until] of this.#endedSessions) if (until <= now) this.#endedSessions.delete(id)
    const ended = new Set(sessionIds)
    const until = now + wsSettings.ticketTtlSeconds * 1000
    for (const id of ended) this.#endedSessions.set(id, until)
    for (const connection of localConnections.all()) {
      if (connection.sessionId !== null && ended.has(connection.sessionId)) {
        connection.close(SESSION_ENDED_CLOSE, 'session ended')
      }
    }
  }

  #hasEnded(sessionId: string | null) {
    if (sessionId === null) return false
    const until = this.#endedSessions.get(sessionId)
    return until !== undefined && until > Date.now()
  }

  #open(socket: WebSocket, claims: TicketClaims) {
    const connection = new Connection(socket, claims.userId, claims.locale, claims.sessionId)
    if (this.#closing) {
      socket.close(CLOSE.goingAway, 'server shutting down')
      setTimeout(() => socket.terminate(), wsSettings.closeGraceMs).unref()
      return
    }
    if (localConnections.add(connection)) this.#track(presence.connected(connection.userId))

    socket.on('pong', () => (connection.alive = true))
    socket.on('message', (data, isBinary) => this.#receive(connection, data as Buffer, isBinary))
    // an oversized frame or a protocol error: ws closes the socket itself (1009, 1002 …)
    socket.on('error', (error) => logger.debug({ err: error }, 'WebSocket error'))
    socket.on('close', () => {
      if (localConnections.remove(connection)) {
        this.#track(presence.disconnected(connection.userId))
      }
    })
  }

  #receive(connection: Connection, data: Buffer, isBinary: boolean) {
    switch (connection.admit()) {
      case 'accept':
        return connection.enqueue(() => dispatch(connection, data, isBinary))
      case 'refuse':
        return connection.fail({ type: '', id: clientIdOf(data, isBinary) }, 'rate_limited')
      case 'drop': {
        // the client learns which message was lost; without an id, the first refusal said it all
        const id = clientIdOf(data, isBinary)
        if (id !== undefined) connection.fail({ type: '', id }, 'rate_limited')
        return
      }
      case 'close':
        return connection.close(CLOSE.policyViolation, 'rate limit')
    }
  }

  /**
   * Every period: terminate the sockets that did not answer the last ping,
   * ping the others, and keep this instance's users online.
   */
  #startHeartbeat() {
    clearInterval(this.#heartbeat)
    this.#heartbeat = setInterval(() => {
      for (const connection of localConnections.all()) {
        const socket = connection.socket as WebSocket
        if (!connection.alive) {
          socket.terminate()
          continue
        }
        connection.alive = false
        socket.ping()
      }
      this.#track(presence.refresh(localConnections.users()))
    }, wsSettings.heartbeatMs)
    this.#heartbeat.unref()
  }

  #track(write: Promise<void>) {
    const tracked = write
      .catch((error) => logger.warn({ err: error }, 'presence update failed'))
      .finally(() => this.#presenceWrites.delete(tracked))
    this.#presenceWrites.add(tracked)
  }

  async #closeAll() {
    clearInterval(this.#heartbeat)
    const sockets = [...localConnections.all()].map((connection) => connection.socket as WebSocket)
    const closed = sockets.map(
      (socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()))
    )
    for (const socket of sockets) socket.close(CLOSE.goingAway, 'server shutting down')
    const grace = new Promise<void>((resolve) =>
      setTimeout(resolve, wsSettings.closeGraceMs).unref()
    )
    await Promise.race([Promise.all(closed), grace])
    for (const socket of sockets) socket.terminate()
    await Promise.all(closed)
    await Promise.all(this.#presenceWrites)
  }
}

export const wsServer = new WsServer()

wsHub.onControl((control: HubControl) => {
  if (control.kind !== SESSIONS_END || !Array.isArray(control.sessionIds)) return
  const sessionIds = control.sessionIds.filter((id): id is string => typeof id === 'string')
  wsServer.endSessions(sessionIds)
  liveNotifications.endSessionStreams(sessionIds)
})
