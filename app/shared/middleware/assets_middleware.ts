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

function compressOnce(ctx: HttpContext) {
  const { response } = ctx
  const body = response.getBody()
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return
  if (response.getHeader('content-encoding') !== undefined || ctx.request.method() === 'HEAD') {
    return
  }
  const type = typeOf(response, body)
  if (!type || !COMPRESSIBLE.test(type)) return
  response.append('vary', 'Accept-Encoding')
  const encoding = encodingOf(ctx.request.header('accept-encoding'))
  if (encoding === 0) return
  const raw = typeof body === 'string' ? Buffer.from(body) : body
  if (raw.length < MIN_BYTES) return
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
}

@inject()
export default class AssetsMiddleware {
  constructor(private staticFiles: StaticMiddleware) {}

  async handle(ctx: HttpContext, next: NextFn) {
    if (await serveBuiltAsset(ctx)) return
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
    await next()
    compressOnce(ctx)
  }
}
