import limiter from '@adonisjs/limiter/services/main'
import env from '#start/env'

/**
 * Sending chat messages: 30 a minute per user, plenty for a person and a
 * brake on a script. One allowance for every path (the form, the WebSocket
 * `chat.send`, other modules): chatService.send consumes it (Redis-backed
 * when REDIS_URL is set, so shared by every instance). CHAT_SEND_PER_MINUTE
 * changes it (the realtime bench's one sender sends 50 a second).
 */
export const CHAT_SEND_LIMIT = {
  requests: env.get('CHAT_SEND_PER_MINUTE', 30),
  duration: '1 minute',
} as const

const chatSendLimiter = () =>
  limiter.use({ requests: CHAT_SEND_LIMIT.requests, duration: CHAT_SEND_LIMIT.duration })

/** Counts one message of the user; over the limit throws the limiter's ThrottleException (429). */
export async function consumeChatSend(userId: number) {
  await chatSendLimiter().consume(`chat_send_${userId}`)
}
