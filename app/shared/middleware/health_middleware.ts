import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import HealthController from '#shared/controllers/health_controller'

const health = new HealthController()

/**
 * Health checks are answered before the router, so they never touch the
 * session (no store read, no cookie), shield or auth: a load balancer polls
 * them every few seconds. Their routes (#shared/routes) name the same URLs.
 */
export default class HealthMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    if (ctx.request.method() !== 'GET') return next()
    const path = ctx.request.url()
    if (path === '/health/live') return health.live(ctx)
    if (path === '/health/ready') return health.ready(ctx)
    return next()
  }
}
