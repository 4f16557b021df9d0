/*
| Loopback stand-ins for Alipay's gateway and Stripe's API (node:http on
| 127.0.0.1, a free port): they record each request and answer what the test
| says, signed as the real ones sign. An answer of `null` is no answer: the
| connection is cut after the request arrived (a timeout, whatever happened there).
*/
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { alipayKeys, rsa2, type AlipayKeys } from '#tests/payments/provider_fixtures'

type Recorded = {
  method: string
  path: string
  query: Record<string, string>
  headers: IncomingMessage['headers']
  /** the form-encoded body, decoded (Stripe's nested keys stay flat: `line_items[0][quantity]`) */
  form: Record<string, string>
}

async function listen(
  answer: (request: Recorded, response: ServerResponse) => void,
  requests: Recorded[]
) {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const recorded: Recorded = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
    }
    requests.push(recorded)
    answer(recorded, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function noAnswer(response: ServerResponse) {
  response.socket?.destroy()
}

export type AlipayCall = Recorded & { alipayMethod: string; bizContent: Record<string, string> }

/**
 * Alipay's OpenAPI gateway: `answer(method, bizContent)` gives the inner
 * response; the fake wraps it as `{"<method>_response": …, "sign": …}` signed
 * with "Alipay's" key, as the SDK verifies.
 */
export async function fakeAlipayGateway(
  answer: (method: string, bizContent: Record<string, string>) => Record<string, unknown> | null,
  keys: AlipayKeys = alipayKeys()
) {
  const requests: Recorded[] = []
  const server = await listen((request, res) => {
    const method = request.query.method ?? request.form.method
    const answered = answer(method, JSON.parse(request.form.biz_content ?? '{}'))
    if (!answered) return noAnswer(res)
    const inner = JSON.stringify(answered)
    const key = `${method.replaceAll('.', '_')}_response`
    res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' })
    res.end(`{"${key}":${inner},"sign":"${rsa2(inner, keys.alipay.privateKey)}"}`)
  }, requests)
  return {
    gateway: `${server.origin}/gateway.do`,
    close: server.close,
    calls: (): AlipayCall[] =>
      requests.map((request) => ({
        ...request,
        alipayMethod: request.query.method ?? request.form.method,
        bizContent: JSON.parse(request.form.biz_content ?? '{}'),
      })),
  }
}

/** Stripe's REST API: `answer(request)` gives a status and a JSON body. */
export async function fakeStripeApi(
  answer: (request: Recorded) => { status?: number; body: unknown } | null
) {
  const requests: Recorded[] = []
  const server = await listen((request, res) => {
    const answered = answer(request)
    if (!answered) return noAnswer(res)
    const { status = 200, body } = answered
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_fake' })
    res.end(JSON.stringify(body))
  }, requests)
  return { apiBase: server.origin, requests, close: server.close }
}
