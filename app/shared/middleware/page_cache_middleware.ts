import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { cacheCoordinates, pageCache } from '#shared/http/page_cache'

/**
 * Fills the anonymous page cache (#shared/http/page_cache) from a route's
 * rendered HTML: only a 200 GET of a visitor with no session or remember-me
 * cookie who is not signed in, rendered in the language the cache would pick.
 * Put it on public pages whose HTML depends on nothing but the URL and the
 * language, and that carry no form needing a CSRF token (the cached copy has
 * none). Off while developing, so edited templates show at once.
 */
export default class PageCacheMiddleware {
  static {
    pageCache.addIdentifyingCookie(app.config.get<string>('session.cookieName'))
  }

  async handle(ctx: HttpContext, next: NextFn) {
    const req = ctx.request.request
    const where = app.inDev || req.method !== 'GET' ? undefined : cacheCoordinates(req)
    await next()
    if (!where) return

    const { response } = ctx
    if (
      response.getStatus() !== 200 ||
      ctx.auth?.use().isAuthenticated ||
      ctx.i18n?.locale !== where.locale
    ) {
      return
    }
    const html = response.getBody()
    if (typeof html !== 'string') return
    // a cookie set for this visitor (the session's own comes later) means the page is theirs
    if (response.getHeader('set-cookie') !== undefined) return

    pageCache.store({
      key: where.key,
      locale: where.locale,
      html,
      headers: response.getHeaders(),
      nonce: response.nonce,
      csrfToken: ctx.request.csrfToken,
    })
    response.header('x-page-cache', 'miss')
  }
}
