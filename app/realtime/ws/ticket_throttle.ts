import limiter from '@adonisjs/limiter/services/main'
import { WS_TICKET_LIMIT, WS_TICKET_LIMITER } from '#realtime/ws/ticket_allowance'

/** The ticket endpoint's share of the user's ticket allowance (#realtime/ws/ticket_allowance). */
export const wsTicketThrottle = limiter.define(WS_TICKET_LIMITER, (ctx) =>
  limiter
    .allowRequests(WS_TICKET_LIMIT.requests)
    .every(WS_TICKET_LIMIT.duration)
    .usingKey(String(ctx.auth.user?.id ?? `ip_${ctx.request.ip()}`))
)
