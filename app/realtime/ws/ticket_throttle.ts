import limiter from '@adonisjs/limiter/services/main'

/** Tickets: 30 a minute per user (a page reconnecting after network trouble needs a few). */
export const wsTicketThrottle = limiter.define('ws_ticket', (ctx) =>
  limiter
    .allowRequests(30)
    .every('1 minute')
    .usingKey(`ws_ticket_${ctx.auth.user?.id ?? ctx.request.ip()}`)
)
