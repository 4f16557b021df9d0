import type { HttpContext } from '@adonisjs/core/http'

/** A set of route names each module adds its own to, asked about the request's route. */
export function routeNameSet() {
  const names = new Set<string>()
  return {
    add(...routeNames: string[]) {
      for (const name of routeNames) names.add(name)
    },

    has(ctx: HttpContext) {
      return names.has(ctx.route?.name ?? '')
    },
  }
}
