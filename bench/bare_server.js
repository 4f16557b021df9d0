/*
| The yardstick of `npm run bench`: a bare node:http server answering every
| request with the same bytes (the home page as the app serves it).
| Usage: node bench/bare_server.js <body-file> <port>
*/
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'

const [file, port] = process.argv.slice(2)
const body = readFileSync(file)
const headers = {
  'content-type': 'text/html; charset=utf-8',
  'content-length': String(body.length),
}

const server = createServer((req, res) => {
  res.writeHead(200, headers)
  res.end(body)
})
server.keepAliveTimeout = 65_000
server.listen(Number(port), '127.0.0.1', () => process.send?.('ready'))
process.on('SIGTERM', () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
