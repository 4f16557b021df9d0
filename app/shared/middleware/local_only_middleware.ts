import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import app from '@adonisjs/core/services/app'
import { isLocal } from '#config/app'
import { isDirectLoopbackCaller } from '#shared/http/loopback_caller'
import { notFound } from '#shared/errors/not_found'

/**
 * Developer tools (the mail preview): they exist only on a local run
 * (development, the embedded `npm start`, tests) and answer only a caller on
 * this machine. Anyone else gets the plain 404 of a route that is not there,
 * whatever address the server listens on.
 */
export default class LocalOnlyMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    const local = isLocal || app.inTest
    if (!local || !isDirectLoopbackCaller(ctx.request.request)) notFound()
    return next()
  }
}
