import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Headers shield does not set: where referrers go, and which browser
 * features pages may use. A page's stylesheet is inline or linked by the
 * request's Sec-Fetch-Site (inline_stylesheet.ts), so caches must key on it.
 */
export default class SecurityHeadersMiddleware {
  handle({ request, response }: HttpContext, next: NextFn) {
    if (!request.url().startsWith('/assets/')) response.vary('Sec-Fetch-Site')
    response.header('Referrer-Policy', 'strict-origin-when-cross-origin')
    response.header(
      'Permissions-Policy',
      'camera=(self), microphone=(self), geolocation=(), payment=()'
    )
    return next()
  }
}
