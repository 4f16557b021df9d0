import app from '@adonisjs/core/services/app'
import { urlFor } from '@adonisjs/core/services/url_builder'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { cacheCoordinates, pageCache, urlOfKey } from '#shared/http/page_cache'

/**
 * Fills the anonymous page cache (#shared/http/page_cache) from a route's
 * rendered HTML: only a 200 GET of a visitor with no session or remember-me
 * cookie who is not signed in, rendered in the language the cache would pick.
 * Put it on public pages whose HTML depends on nothing but the URL and the
 * language, and that carry no form needing a CSRF token (the cached copy has
 * none), and purge them when what they show changes (#shared/http/page_purge).
 * Only the route's own spelling of the URL is stored (`/users/5`, not
 * `/users/05` or `/fields/%63eramics`): a purge names that one.
 * Off while developing, so edited templates show at once.
 */
export default class PageCacheMiddleware {
  static {
    pageCache.addIdentifyingCookie(app.config.get<string>('session.cookieName'))
  }

  async handle(ctx: HttpContext, next: NextFn) {
    const req = ctx.request.request
    const where = app.inDev || req.method !== 'GET' ? undefined : cacheCoordinates(req)
    const generation = pageCache.generation
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
    if (!ctx.route?.name || canonicalUrl(ctx.route.name, ctx.params) !== urlOfKey(where.key)) return
    // a cookie set for this visitor (the session's own comes later) means the page is theirs
    if (response.getHeader('set-cookie') !== undefined) return

    pageCache.store({
      key: where.key,
      locale: where.locale,
      html,
      headers: response.getHeaders(),
      nonce: response.nonce,
      csrfToken: ctx.request.csrfToken,
      generation,
    })
    response.header('x-page-cache', 'miss')
  }
}

function canonicalUrl(routeName: string, params: Record<string, unknown>) {
  try {
    // any route's name: the generated route list types each name's own params
    return (urlFor as (name: string, params: Record<string, unknown>) => string)(routeName, params)
  } catch {
    return undefined
  }
}
