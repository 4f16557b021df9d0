import env from '#start/env'

/**
 * The WebSocket server's limits. Read where they are used (not copied at
 * start), so a test can shorten the heartbeat with `wsServer.configure()`.
 */
export const wsSettings = {
  path: '/ws',
  /** A bigger frame closes the connection with 1009. */
  maxPayloadBytes: 16 * 1024,
  /** Ping period; a peer that missed one pong is terminated at the next. */
  heartbeatMs: 30_000,
  /** Presence outlives a missed refresh, not two. */
  presenceTtlFactor: 2,
  /** Beyond this many bytes waiting in a socket's send buffer, its reader is too slow: closed 1013. */
  sendQueueCapBytes: 256 * 1024,
  /** Token bucket per connection. */
  messagesPerSecond: 20,
  messageBurst: 40,
  /** Messages dropped in a row (rate or queue) before the connection is closed with 1008. */
  dropsBeforeClose: 60,
  /** Messages waiting for their handler, per connection (they are handled one after another). */
  maxPendingMessages: 64,
  maxRoomsPerConnection: 100,
  /** Open sockets one user may hold on one instance (tabs, devices); more get 429. */
  maxConnectionsPerUser: env.get('REALTIME_MAX_PER_USER', 20),
  ticketTtlSeconds: 60,
  /** How long a closing client gets to answer our close frame at shutdown. */
  closeGraceMs: 1_000,
}

export type WsSettings = typeof wsSettings
