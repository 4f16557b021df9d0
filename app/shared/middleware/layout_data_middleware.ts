import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { layoutData } from '#shared/http/layout_data'

/**
 * Gives the view `layout.load()`: the modules' header data, loaded only if
 * the full layout renders (app/shared/http/layout_data.ts).
 */
export default class LayoutDataMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    ctx.view.share({ layout: layoutData.forRequest(ctx) })
    return next()
  }
}
