import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { FormError } from '#shared/errors/domain_error'
import { pathOfNul } from '#shared/http/nul_characters'

/**
 * A NUL character anywhere in a request's fields or query is refused as a
 * form error on that field (422), for every route, before any validator or
 * query sees it: VineJS lets it through and PostgreSQL would fail with a 500.
 */
export default class NulCharactersMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    const field = pathOfNul(ctx.request.all())
    if (field) throw new FormError(field, 'errors.nul_character')
    return next()
  }
}
