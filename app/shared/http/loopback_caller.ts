import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x addresses. */
export function isLoopbackAddress(address: string | undefined) {
  if (!address) return false
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address
  if (isIP(plain) === 4) return plain.startsWith('127.')
  return plain === '::1'
}

/** Headers a proxy adds: a loopback socket carrying them speaks for someone else. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'x-forwarded-host']

/**
 * The request comes straight from this machine: its socket's peer is a
 * loopback address and no proxy in front of us forwarded it (a reverse proxy
 * on the same host connects from 127.0.0.1 on behalf of anyone). Trusted
 * proxy settings are deliberately not consulted: a forwarded address is
 * never "this machine".
 */
export function isDirectLoopbackCaller(request: IncomingMessage) {
  if (!isLoopbackAddress(request.socket.remoteAddress)) return false
  return FORWARDING_HEADERS.every((name) => request.headers[name] === undefined)
}
