/**
 * Whether a WebSocket handshake's Origin is our own site: the app URL or the
 * host the request was sent to. Browsers always send Origin on a WebSocket
 * handshake, so a missing one is not a page on another site (cross-site
 * WebSocket hijacking needs a browser); such clients still need a ticket.
 */
export function isOwnOrigin(origin: string | undefined, host: string | undefined, appUrl: string) {
  if (origin === undefined) return true
  const actual = originOf(origin)
  if (!actual) return false
  const own = [appUrl, host && `http://${host}`, host && `https://${host}`].map(originOf)
  return own.includes(actual)
}

/** Normalised (lower case, default port dropped); null for anything unreadable or opaque. */
function originOf(url: string | undefined) {
  if (!url) return null
  try {
    const origin = new URL(url).origin
    return origin === 'null' ? null : origin
  } catch {
    return null
  }
}
