import compression from 'compression'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'
import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import StaticMiddleware from '@adonisjs/static/static_middleware'
import { serveBuiltAsset } from '#shared/http/built_assets'
import { encodingOf } from '#shared/http/page_cache'

type CompressionRequest = Parameters<typeof compress>[0]
type CompressionResponse = Parameters<typeof compress>[1]

/**
 * Serves the built scripts and stylesheets precompressed (#shared/http/built_assets),
 * compresses every other text response (br or gzip, by Accept-Encoding) and
 * serves public files. The static middleware is consulted only for the asset prefix
 * and a few root files: asking the disk on every page request costs ~9 % of
 * the request time (STACK-NOTES).
 *
 * A body the app holds whole (a page, JSON) is compressed once, in one call,
 * after the handler: ~130 µs for a 17 KB page at brotli 4, where a
 * compression stream per response (what `compression` does) costs ~5 times
 * that. Streams and files go through `compression`, which leaves a body
 * that is already encoded alone.
 */
const compress = compression({
  threshold: 1024,
  filter: (req, res) =>
    !String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream') &&
    compression.filter(req, res),
})

const ROOT_FILES = new Set(['/favicon.ico', '/robots.txt'])

const COMPRESSIBLE = /^(text\/|application\/(json|problem\+json|javascript|xml))/
const MIN_BYTES = 1024

/** The type Adonis would give the body when sending it (it decides at the very end). */
function typeOf(response: HttpContext['response'], body: string | Buffer) {
  const declared = response.getHeader('content-type')
  if (declared !== undefined) return String(declared)
  if (typeof body !== 'string') return undefined
  return body.trimStart().startsWith('<') ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8'
}

/**
 * Compresses a body the app holds whole, in one call. Returns false when the body is not
 * whole (a stream, a file, nothing yet), for `compressAsStream` to take.
 */
function compressOnce(ctx: HttpContext) {
  const { response } = ctx
  const body = response.getBody()
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return false
  if (response.getHeader('content-encoding') !== undefined) return true
  const type = typeOf(response, body)
  if (!type || !COMPRESSIBLE.test(type)) return true
  response.append('vary', 'Accept-Encoding')
  // a HEAD gets the GET's headers (its Vary too, for caches), without compressing a body never sent
  if (ctx.request.method() === 'HEAD') return true
  const encoding = encodingOf(ctx.request.header('accept-encoding'))
  if (encoding === 0) return true
  const raw = typeof body === 'string' ? Buffer.from(body) : body
  if (raw.length < MIN_BYTES) return true
  const compressed =
    encoding === 2
      ? brotliCompressSync(raw, {
          params: {
            [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
            [zlib.BROTLI_PARAM_QUALITY]: 4,
            [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        })
      : gzipSync(raw)
  response.header('content-type', type)
  response.header('content-encoding', encoding === 2 ? 'br' : 'gzip')
  response.send(compressed)
  return true
}

/**
 * Puts `compression`'s wrappers on the response, for what is written as a stream: a
 * file, a streamed body, an error page rendered after the chain. Adonis writes the
 * body only once the middleware chain has returned, so wrapping after `next()` still
 * catches it; a response already started (an event stream) is left alone.
 */
function compressAsStream(ctx: HttpContext) {
  const res = ctx.response.response
  if (res.headersSent || ctx.request.header('accept') === 'text/event-stream') {
    return Promise.resolve()
  }
  return new Promise<void>((resolve, reject) =>
    compress(
      ctx.request.request as unknown as CompressionRequest,
      res as unknown as CompressionResponse,
      (error?: unknown) => (error ? reject(error) : resolve())
    )
  )
}

@inject()
export default class AssetsMiddleware {
  constructor(private staticFiles: StaticMiddleware) {}

  async handle(ctx: HttpContext, next: NextFn) {
    if (await serveBuiltAsset(ctx)) return
    const url = ctx.request.url()
    if (url.startsWith('/assets/') || ROOT_FILES.has(url)) {
      await compressAsStream(ctx)
      return this.staticFiles.handle(ctx, next)
    }
    // a page (the common case) never gets the stream wrappers: ~5 % of its time
    try {
      await next()
    } catch (error) {
      await compressAsStream(ctx)
      throw error
    }
    if (!compressOnce(ctx)) await compressAsStream(ctx)
  }
}
