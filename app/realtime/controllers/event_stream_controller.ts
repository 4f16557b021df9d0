import type { HttpContext } from '@adonisjs/core/http'
import transmit from '@adonisjs/transmit/services/main'
import env from '#start/env'
import { liveNotifications } from '#realtime/services/live_notifications'

const UID = /^[0-9a-f-]{36}$/i

/** Streams one user may hold open on one instance (tabs, devices); more get 429. */
export const streamLimits = { perUser: env.get('REALTIME_MAX_PER_USER', 20) }
const openStreams = new Map<number, number>()
/**
 * Transmit keeps a stream's `context` until the stream closes, for its connect
 * and disconnect events (nothing here listens to them): handing it the request's
 * HttpContext kept the session, the user, the view, i18n and bouncer of every
 * idle stream alive, about half of a stream's memory.
 */
const NO_CONTEXT = undefined as unknown as HttpContext
/**
 * An event stream is never a document: the headers set for pages (the CSP
 * with its nonce, frame, referrer and permissions policies) would only sit in
 * memory for the stream's life. It keeps the two that apply to any response.
 */
function streamHeaders(ctx: HttpContext) {
  ctx.response.response.removeHeader('Content-Security-Policy')
  const headers: Record<string, string> = { 'X-Content-Type-Options': 'nosniff' }
  const hsts = ctx.response.getHeader('Strict-Transport-Security')
  if (hsts) headers['Strict-Transport-Security'] = String(hsts)
  return headers
}

const KNOWN_CHANNEL = /^users\/\d{1,15}\/notifications$/

function channelRequest(ctx: HttpContext) {
  const uid = String(ctx.request.input('uid', ''))
  return { uid: UID.test(uid) ? uid : null, channel: String(ctx.request.input('channel', '')) }
}

function badRequest(ctx: HttpContext) {
  return ctx.response.badRequest({ status: 400, message: ctx.i18n.t('notifications.bad_uid') })
}

function refuse(ctx: HttpContext) {
  return ctx.response.forbidden({
    status: 403,
    message: ctx.i18n.t('notifications.channel_refused'),
  })
}

export default class EventStreamController {
  /**
   * The signed-in browser's SSE stream (Transmit). It carries nothing until
   * the browser subscribes to a channel it is authorised for.
   */
  stream(ctx: HttpContext) {
    const uid = String(ctx.request.qs().uid ?? '')
    if (!UID.test(uid)) return badRequest(ctx)
    // shutting down: the browser reconnects (to another instance) and catches up by id
    if (liveNotifications.streamsEnded) {
      ctx.response.header('Retry-After', '1')
      return ctx.response.serviceUnavailable({
        status: 503,
        message: ctx.i18n.t('notifications.shutting_down'),
      })
    }
    const userId = ctx.auth.user!.id
    const untrack = liveNotifications.trackStream(uid, { userId, sessionId: ctx.session.sessionId })
    // another user's stream uid: theirs until it closes
    if (!untrack) return refuse(ctx)
    const open = openStreams.get(userId) ?? 0
    if (open >= streamLimits.perUser) {
      untrack()
      return ctx.response.tooManyRequests({
        status: 429,
        message: ctx.i18n.t('notifications.too_many_streams'),
      })
    }
    openStreams.set(userId, open + 1)
    ctx.response.response.once('close', () => {
      untrack()
      const left = (openStreams.get(userId) ?? 1) - 1
      if (left > 0) openStreams.set(userId, left)
      else openStreams.delete(userId)
    })
    const stream = transmit.createStream({
      uid,
      context: NO_CONTEXT,
      request: ctx.request.request,
      response: ctx.response.response,
      injectResponseHeaders: streamHeaders(ctx),
    })
    return ctx.response.stream(stream)
  }

  /**
   * Subscribes the browser's stream to a channel. Only the channels named in
   * start/transmit.ts exist, each with its check; anything else is refused.
   * The stream must be on this instance (a load balancer keeps a browser on one).
   */
  async subscribe(ctx: HttpContext) {
    const { uid, channel } = channelRequest(ctx)
    if (!uid || !channel) return badRequest(ctx)
    if (!KNOWN_CHANNEL.test(channel)) return refuse(ctx)
    if (!liveNotifications.ownsStream(uid, ctx.auth.user!.id)) return refuse(ctx)
    const subscribed = await transmit.subscribe({ uid, channel, context: ctx })
    return subscribed ? ctx.response.noContent() : refuse(ctx)
  }

  async unsubscribe(ctx: HttpContext) {
    const { uid, channel } = channelRequest(ctx)
    if (!uid || !channel) return badRequest(ctx)
    if (!liveNotifications.ownsStream(uid, ctx.auth.user!.id)) return refuse(ctx)
    await transmit.unsubscribe({ uid, channel, context: ctx })
    return ctx.response.noContent()
  }

  /** The catch-up: what the browser missed after the last id it rendered (`?after=`), oldest first. */
  async feed({ request, auth, response }: HttpContext) {
    const after = Number(request.qs().after)
    const afterId = Number.isSafeInteger(after) && after > 0 ? after : 0
    response.header('Cache-Control', 'private, no-store')
    return liveNotifications.feed(auth.user!.id, afterId)
  }
}
