import type { WsErrorDetails } from '#realtime/ws/types'

/** The error codes of the core; their texts are `realtime.ws.<code>` in resources/lang. */
export type WsCoreErrorCode =
  | 'bad_json'
  | 'unknown_type'
  | 'invalid'
  | 'forbidden'
  | 'rate_limited'
  | 'too_many_rooms'
  | 'server_error'

/**
 * Thrown by a handler to answer the client with an error event instead of
 * `server_error`: `throw new WsError('forbidden')`. A module's own code needs
 * its own message key: `new WsError('chat.closed', { messageKey: 'chat.ws.closed' })`.
 */
export class WsError extends Error {
  constructor(
    readonly code: WsCoreErrorCode | (string & {}),
    readonly details: WsErrorDetails = {}
  ) {
    super(`WebSocket error: ${code}`)
  }
}

/** Close codes we use (RFC 6455 §7.4.1). */
export const CLOSE = {
  goingAway: 1001,
  policyViolation: 1008,
  tooBig: 1009,
  tryAgainLater: 1013,
} as const
