/*
| The yardstick of `npm run bench:realtime`'s memory figure: a bare node:http
| server holding idle event streams, with nothing of the app (no Adonis, no
| Transmit). GET answers `200 text/event-stream` and `:ok`, then stays open;
| POST (the clients' subscribe) reads its body and answers 204.
| Usage: node bench/bare_sse_server.js <port>
*/
import { createServer } from 'node:http'

const [port] = process.argv.slice(2)
const streams = new Set()

const server = createServer((req, res) => {
  if (req.method === 'POST') {
    req.resume()
    req.on('end', () => res.writeHead(204).end())
    return
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' })
  res.write(':ok\n\n')
  streams.add(res)
  res.on('close', () => streams.delete(res))
})
server.keepAliveTimeout = 65_000
server.listen(Number(port), '127.0.0.1', () => process.send?.('ready'))
process.on('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
