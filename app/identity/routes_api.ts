/*
| Personal access tokens (settings pages) and the small JSON API (/api/v1),
| authenticated by bearer token.
*/
import router from '@adonisjs/core/services/router'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { middleware } from '#start/kernel'
import { apiThrottle } from '#identity/limits'
import { notFound } from '#shared/errors/not_found'

const ApiTokensController = () => import('#identity/controllers/api_tokens_controller')
const ApiV1Controller = () => import('#identity/controllers/api_v1_controller')

/* signed-in users, managing their own tokens */
router
  .group(() => {
    router.get('/settings/tokens', [ApiTokensController, 'index']).as('settings.tokens')
    router.post('/settings/tokens', [ApiTokensController, 'store']).as('settings.tokens.store')
    router
      .post('/settings/tokens/:id/revoke', [ApiTokensController, 'revoke'])
      .as('settings.tokens.revoke')
  })
  .use(middleware.auth())

/**
 * API responses are personal and never cached; and the session the router
 * middleware opens for every request (shield puts its CSRF secret in it) is
 * dropped when the client came without one, so cookieless API clients do
 * not leave a session in the store per request.
 */
async function stateless(ctx: HttpContext, next: NextFn) {
  await next()
  ctx.response.header('Cache-Control', 'no-store')
  if (ctx.session?.fresh) ctx.session.clear()
}

/* the JSON API: a bearer token, no session, no CSRF (config/shield.ts) */
router
  .group(() => {
    router.get('/me', [ApiV1Controller, 'me']).as('me')
    router.get('/fields', [ApiV1Controller, 'fields']).as('fields')
  })
  .prefix('/api/v1')
  .as('api.v1')
  .use([stateless, apiThrottle, middleware.auth({ guards: ['api'] })])

/* any other /api/ URL, whatever the method: a 404 problem (app/shared/exceptions/handler.ts) */
router
  .any('/api/*', () => notFound())
  .as('api.not_found')
  .use([stateless, apiThrottle])
