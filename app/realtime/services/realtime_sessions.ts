import logger from '@adonisjs/core/services/logger'
import { wsHub } from '#realtime/ws/hub'
import { SESSIONS_END } from '#realtime/ws/ws_server'

/**
 * The realtime side of a login session's end: its sockets (closed 4001
 * 'session ended') and its SSE streams, on every instance (through the hub).
 */
export const realtimeSessions = {
  /**
   * Ends the sockets and streams of these sessions everywhere. Never throws:
   * a logout must not fail because Redis is away (the sockets then live on
   * until the heartbeat or the browser drops them).
   */
  async end(sessionIds: Iterable<string | null | undefined>) {
    const ids = [...new Set([...sessionIds].filter((id): id is string => !!id))]
    if (!ids.length) return
    try {
      await wsHub.publishControl({ kind: SESSIONS_END, sessionIds: ids })
    } catch (error) {
      logger.error({ err: error }, 'could not end the realtime connections of ended sessions')
    }
  },
}
