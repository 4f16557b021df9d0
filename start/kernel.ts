/*
| HTTP kernel: the error handler and the middleware stacks.
*/
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#shared/exceptions/handler'))

/** Runs for every request, even without a matching route. */
server.use([
  () => import('#shared/middleware/container_bindings_middleware'),
  () => import('#shared/middleware/health_middleware'),
  () => import('#shared/middleware/security_headers_middleware'),
  () => import('#shared/middleware/assets_middleware'),
  () => import('@adonisjs/vite/vite_middleware'),
])

/** Runs for every request that matched a route. */
router.use([
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('@adonisjs/session/session_middleware'),
  () => import('#shared/middleware/pageless_session_middleware'),
  () => import('#shared/middleware/multipart_csrf_middleware'),
  () => import('@adonisjs/shield/shield_middleware'),
  () => import('#shared/middleware/lazy_session_middleware'),
  () => import('#shared/middleware/detect_locale_middleware'),
  () => import('#shared/middleware/nul_characters_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#start/initialize_bouncer_middleware'),
  () => import('#identity/middleware/current_user_middleware'),
  () => import('#shared/middleware/layout_data_middleware'),
  /** last: the upload routes' multipart bodies, after CSRF and auth */
  () => import('#shared/middleware/uploads_middleware'),
])

export const middleware = router.named({
  guest: () => import('#identity/middleware/guest_middleware'),
  auth: () => import('#identity/middleware/auth_middleware'),
  /** fills the anonymous page cache (app/shared/http/page_cache.ts) */
  pageCache: () => import('#shared/middleware/page_cache_middleware'),
  /** developer tools: a local run and a caller on this machine only, else 404 */
  localOnly: () => import('#shared/middleware/local_only_middleware'),
})
