import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { uploadRoutes } from '#shared/http/upload_routes'
import { peekMultipartCsrfToken } from '#shared/http/multipart_csrf_field'

/**
 * Runs before shield's CSRF check. A multipart body is not parsed before that
 * check (#shared/http/upload_routes), so a form with a file (no JavaScript)
 * would carry its `_csrf` field where shield cannot see it: on upload routes
 * the token is read from the first bytes of the body and handed to shield,
 * without parsing or storing anything.
 */
export default class MultipartCsrfMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const { request } = ctx
    if (
      request.bodyType === 'multipart' &&
      uploadRoutes.has(ctx) &&
      !request.header('x-csrf-token')
    ) {
      const token = await peekMultipartCsrfToken(request.request)
      if (token) request.updateBody({ _csrf: token })
    }
    return next()
  }
}
