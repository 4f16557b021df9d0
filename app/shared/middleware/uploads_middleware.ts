import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { IncomingMessage } from 'node:http'
import { Exception } from '@adonisjs/core/exceptions'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { uploadLimits, uploadRoutes } from '#shared/http/upload_routes'
import { uploadTmpDirectory } from '#config/bodyparser'

/** The client disconnected before sending the whole body. */
function clientWentAway(request: IncomingMessage) {
  return request.readableAborted || request.socket.destroyed
}

/** An upload its client abandoned midway (the body parser's code for an aborted body). */
class RequestAbortedError extends Exception {
  static status = 400
  static code = 'E_REQUEST_ABORTED'
  constructor(cause: unknown) {
    super('The client aborted the request before its body was read', { cause })
  }
}

/**
 * Reads the multipart body of an upload route: last of the router
 * middleware, so after shield's CSRF check, and only for a signed-in user
 * (anyone else is refused by the route's auth middleware, body unread). Its
 * files go to the upload temp directory and every one of them is deleted
 * when the request ends, whatever the outcome (refused, invalid, accepted):
 * a controller keeps what it needs by reading or re-encoding it first.
 */
export default class UploadsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const { request } = ctx
    if (request.bodyType !== 'multipart' || !uploadRoutes.has(ctx) || !ctx.auth.isAuthenticated) {
      return next()
    }
    const written: string[] = []
    try {
      await mkdir(uploadTmpDirectory, { recursive: true })
      const multipart = request.multipart
      multipart.onFile('*', { deferValidations: true }, async (part, reportChunk) => {
        const tmpPath = join(uploadTmpDirectory, randomUUID())
        written.push(tmpPath)
        part.pause()
        part.on('data', reportChunk)
        try {
          await pipeline(part, createWriteStream(tmpPath))
        } catch (error) {
          multipart.abort(error)
        }
        return { tmpPath }
      })
      try {
        await multipart.process({ limit: uploadLimits.get(ctx.route?.name ?? '') })
      } catch (error) {
        // a visitor who closed the page mid-upload is no fault of ours (the handler logs it as info)
        throw clientWentAway(request.request) ? new RequestAbortedError(error) : error
      }
      return await next()
    } finally {
      await Promise.all(written.map((path) => rm(path, { force: true })))
    }
  }
}
