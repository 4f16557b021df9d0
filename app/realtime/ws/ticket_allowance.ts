import limiter from '@adonisjs/limiter/services/main'

/**
 * Tickets: 30 a minute per user (a page reconnecting after network trouble
 * needs a few). One allowance for both ways a ticket is minted: the ticket
 * endpoint (wsTicketThrottle) and a page that brings one (allowTicket).
 */
export const WS_TICKET_LIMIT = { requests: 30, duration: '1 minute' } as const
export const WS_TICKET_LIMITER = 'ws_ticket'

/** Counts one ticket of the user; false (nothing counted) once the minute's allowance is spent. */
export async function allowTicket(userId: number) {
  // the throttle middleware counts under `<limiter name>_<key>`: the same store key
  const key = `${WS_TICKET_LIMITER}_${userId}`
  const allowed = await limiter.use({ ...WS_TICKET_LIMIT }).attempt(key, () => true)
  return allowed === true
}
