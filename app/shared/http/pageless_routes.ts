import type { HttpContext } from '@adonisjs/core/http'

const names = new Set<string>()

/**
 * Routes that never render a page (an SSE stream, JSON for the page's own
 * scripts): they never write the session back, and the current-user
 * middleware skips the identities query for them. (The header's counts need
 * no opt-out: they load only when the layout renders, layout_data.ts.) Each
 * module lists its own.
 */
export const pagelessRoutes = {
  add(...routeNames: string[]) {
    for (const name of routeNames) names.add(name)
  },

  has(ctx: HttpContext) {
    return names.has(ctx.route?.name ?? '')
  },
}
