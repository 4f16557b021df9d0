import { createHmac, timingSafeEqual } from 'node:crypto'

/** How long a signed sandbox delivery stays acceptable (a replay later is refused). */
export const SANDBOX_TOLERANCE_SECONDS = 300

/** The sandbox's signature header, like Stripe's: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function signSandbox(body: string, secret: string, at = Math.floor(Date.now() / 1000)) {
  const mac = createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')
  return `t=${at},v1=${mac}`
}

/** Why a sandbox signature does not hold, or null when it does. */
export function sandboxSignatureProblem(
  body: string,
  header: string | undefined,
  secret: string,
  now = Math.floor(Date.now() / 1000)
) {
  if (!header) return 'no signature'
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=')
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const
    })
  )
  const at = Number(parts.get('t'))
  const given = Buffer.from(parts.get('v1') ?? '', 'hex')
  if (!Number.isSafeInteger(at)) return 'no timestamp'
  if (Math.abs(now - at) > SANDBOX_TOLERANCE_SECONDS) return 'timestamp outside the tolerance'
  const expected = createHmac('sha256', secret).update(`${at}.${body}`).digest()
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad signature'
  return null
}
