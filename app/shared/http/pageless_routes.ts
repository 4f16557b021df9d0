import type { HttpContext } from '@adonisjs/core/http'

const names = new Set<string>()

/**
 * Routes that never render a page (an SSE stream, JSON for the page's own
 * scripts): the page-only middleware (header switcher, bell and message
 * counts) skips its queries for them. Each module lists its own.
 */
export const pagelessRoutes = {
  add(...routeNames: string[]) {
    for (const name of routeNames) names.add(name)
  },

  has(ctx: HttpContext) {
    return names.has(ctx.route?.name ?? '')
  },
}
