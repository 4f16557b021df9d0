import limiter from '@adonisjs/limiter/services/main'

/**
 * Sending from the form (no JS): 30 messages a minute per user, plenty for
 * a person and a brake on a script. Over WebSocket the socket's own rate
 * limit applies.
 */
export const chatSendThrottle = limiter.define('chat_send', (ctx) =>
  limiter
    .allowRequests(30)
    .every('1 minute')
    .usingKey(`chat_send_${ctx.auth.user?.id ?? ctx.request.ip()}`)
)
