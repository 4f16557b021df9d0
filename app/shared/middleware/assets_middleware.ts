import compression from 'compression'
import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import StaticMiddleware from '@adonisjs/static/static_middleware'

type CompressionRequest = Parameters<typeof compress>[0]
type CompressionResponse = Parameters<typeof compress>[1]

/**
 * Compresses every text response (br or gzip, by Accept-Encoding) and serves
 * public files. The static middleware is consulted only for the asset prefix
 * and a few root files: asking the disk on every page request costs ~9 % of
 * the request time (STACK-NOTES).
 */
const compress = compression({
  threshold: 1024,
  filter: (req, res) =>
    !String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream') &&
    compression.filter(req, res),
})

const ROOT_FILES = new Set(['/favicon.ico', '/robots.txt'])

@inject()
export default class AssetsMiddleware {
  constructor(private staticFiles: StaticMiddleware) {}

  async handle(ctx: HttpContext, next: NextFn) {
    // an event stream is never compressed (see the filter): skipping it here also spares
    // the wrappers compression puts on a response, which a stream would keep for its life
    if (ctx.request.header('accept') !== 'text/event-stream') {
      await new Promise<void>((resolve, reject) =>
        compress(
          ctx.request.request as unknown as CompressionRequest,
          ctx.response.response as unknown as CompressionResponse,
          (error?: unknown) => (error ? reject(error) : resolve())
        )
      )
    }
    const url = ctx.request.url()
    if (url.startsWith('/assets/') || ROOT_FILES.has(url)) {
      return this.staticFiles.handle(ctx, next)
    }
    return next()
  }
}
