import { type IncomingHttpHeaders, type Server, createServer, request } from 'node:http'
import app from '@adonisjs/core/services/app'
import { withPageCache } from '#shared/http/page_cache'

export type Reply = { status: number; headers: IncomingHttpHeaders; body: Buffer; text: string }

/**
 * The test HTTP server does not go through bin/server.ts: this one wraps the
 * AdonisJS handler with the anonymous page cache the same way, on a free port.
 */
export async function startCachedServer() {
  const adonis = await app.container.make('server')
  const server: Server = createServer(withPageCache(adonis.handle.bind(adonis)))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port

  function send(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
    return new Promise<Reply>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk) => chunks.push(chunk))
        res.on('end', () => {
          const buffer = Buffer.concat(chunks)
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: buffer,
            text: buffer.toString('utf8'),
          })
        })
      })
      req.on('error', reject)
      req.end(body)
    })
  }

  return {
    send,
    get: (path: string, headers: Record<string, string> = {}) => send('GET', path, headers),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
