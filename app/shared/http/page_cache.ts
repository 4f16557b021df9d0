/*
| Anonymous page cache (Discourse's "anon cache"): a page rendered for a
| visitor with no session and no remember-me cookie is the same for every such
| visitor of the same language, so it is kept in memory for a short while and
| answered straight from the node:http handler — before AdonisJS, session,
| shield or auth run at all (bin/server.ts). The full stack caps a page near
| 2k req/s; this path runs at a good fraction of a bare node:http server.
|
| - Filled by PageCacheMiddleware (a route middleware, e.g. on `/`) from a
|   200 anonymous GET; served for GET/HEAD without a query string, without an
|   `HX-Request` or `Authorization` header, and without the session or
|   remember-me cookie. Other cookies are ignored, except the language cookie.
| - Key: URL + the language the app would choose (#shared/http/locale_choice)
|   + whether the page inlines its stylesheet (a first visit, by `Sec-Fetch-Site`:
|   #shared/http/inline_stylesheet).
| - Stored: the HTML with identity, gzip and brotli bodies, a weak ETag, the
|   security headers. Never a cookie: Set-Cookie is not copied, and a response
|   that set any cookie other than the session cookie (committed after the
|   route middleware ran) is not cached.
| - Per-response secrets are taken out of the stored copy: the CSP nonce
|   (the header keeps 'self', which covers our external script and stylesheet
|   tags, and the hashes; a page with an inline <script>, or a <style> whose
|   hash the policy does not list, is refused) and the CSRF token of the
|   throw-away session of the capturing request.
| - TTL 5 min; once expired, one request re-renders while the others get the
|   previous copy for up to STALE_MS (no thundering herd). Per instance.
| - Purged when what a page shows changes: `purge()` drops paths (or every
|   path under a prefix) here, and #shared/http/page_purge on every instance.
|   A page rendered before a purge is not stored after it (`generation`).
*/
import { createHash } from 'node:crypto'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  DEFAULT_LOCALE,
  LOCALE_COOKIE,
  type PageLocale,
  isPageLocale,
  localeFromAcceptLanguage,
} from '#shared/http/locale_choice'
import { wantsInlineStylesheet } from '#shared/http/inline_stylesheet'

type Handler = (req: IncomingMessage, res: ServerResponse) => unknown

/** Cookies that make a request someone's: session (dev/test and production names), remember-me. */
const IDENTIFYING_COOKIES = new Set(['mg_session', '__Host-mg_session', 'remember_web'])

/** Response headers copied into the cache (everything else, Set-Cookie included, is dropped). */
const KEPT_HEADERS = [
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'strict-transport-security',
  'permissions-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'content-language',
]

const CACHE_CONTROL = 'private, no-cache'
const VARY = 'Accept-Encoding, Accept-Language, Cookie, Sec-Fetch-Site'
const MAX_ENTRIES = 200
const MAX_TOTAL_BYTES = 16 * 1024 * 1024
const MAX_BODY_BYTES = 1024 * 1024
/** A refresh that has not come back after this long lets another request try. */
const REFRESH_TIMEOUT_MS = 5_000

type Headers = Record<string, string>
/** A body and its complete response headers, fresh and stale (plain objects: node's fastest path). */
type Variant = { body: Buffer; head: Headers; staleHead: Headers }

type Entry = {
  key: string
  locale: PageLocale
  etag: string
  identity: Variant
  gzip: Variant
  br: Variant
  /** headers of a 304 (RFC 9110 §15.4.5) */
  notModified: Headers
  bytes: number
  freshUntil: number
  staleUntil: number
  refreshingSince: number
}

export type CapturedPage = {
  /** from cacheCoordinates() */
  key: string
  locale: string
  html: string
  headers: Record<string, unknown>
  /** per-response secrets to take out of the stored copy */
  nonce?: string
  csrfToken?: string
  /** `pageCache.generation` when the render started: a purge since then refuses it */
  generation?: number
}

const stores: Record<PageLocale, Map<string, Entry>> = { 'zh-CN': new Map(), 'en': new Map() }
let totalBytes = 0
let entryCount = 0

const acceptLanguageMemo = new Map<string, PageLocale>()
const encodingMemo = new Map<string, 0 | 1 | 2>()

function memoize<V>(memo: Map<string, V>, key: string, value: V) {
  if (memo.size >= 256) memo.clear()
  memo.set(key, value)
  return value
}

function localeOfAcceptLanguage(header: string | undefined): PageLocale {
  if (!header) return DEFAULT_LOCALE
  return (
    acceptLanguageMemo.get(header) ??
    memoize(acceptLanguageMemo, header, localeFromAcceptLanguage(header))
  )
}

/**
 * The language cookie's value, or `null` when an identifying cookie is
 * present (the request is someone's and must not be answered from the cache).
 */
function scanCookies(header: string): string | undefined | null {
  let locale: string | undefined
  let start = 0
  while (start < header.length) {
    let end = header.indexOf(';', start)
    if (end === -1) end = header.length
    const eq = header.indexOf('=', start)
    if (eq !== -1 && eq < end) {
      const name = header.slice(start, eq).trim()
      if (IDENTIFYING_COOKIES.has(name)) return null
      // like the cookie parser the app uses: the first occurrence wins
      if (locale === undefined && name === LOCALE_COOKIE) locale = header.slice(eq + 1, end).trim()
    }
    start = end + 1
  }
  return locale
}

/** True when a Cookie header carries the session or remember-me cookie. */
export function hasIdentifyingCookie(header: string | undefined) {
  return !!header && scanCookies(header) === null
}

/** 2 = br, 1 = gzip, 0 = identity */
function parseEncoding(header: string): 0 | 1 | 2 {
  let br = false
  let gzip = false
  let star = false
  const listed = new Set<string>()
  for (const part of header.split(',')) {
    const semi = part.indexOf(';')
    const token = (semi === -1 ? part : part.slice(0, semi)).trim().toLowerCase()
    const q = semi === -1 ? 1 : Number(/q\s*=\s*([0-9.]+)/i.exec(part.slice(semi))?.[1] ?? 1)
    listed.add(token)
    if (!(q > 0)) continue
    if (token === 'br') br = true
    else if (token === 'gzip' || token === 'x-gzip') gzip = true
    else if (token === '*') star = true
  }
  if (star && !listed.has('br')) br = true
  if (star && !listed.has('gzip')) gzip = true
  return br ? 2 : gzip ? 1 : 0
}

/** The encoding an Accept-Encoding header prefers: 2 = br, 1 = gzip, 0 = identity. */
export function encodingOf(header: string | undefined) {
  if (!header) return 0
  return encodingMemo.get(header) ?? memoize(encodingMemo, header, parseEncoding(header))
}

/** The encoding to answer with, by Accept-Encoding (also for the built assets). */
export function preferredEncoding(header: string | undefined) {
  return (['identity', 'gzip', 'br'] as const)[encodingOf(header)]
}

/**
 * The language whose cached copy may answer this request, or `undefined`
 * when the request may not be answered from (or stored into) the cache.
 */
function eligibleLocale(req: IncomingMessage): PageLocale | undefined {
  const method = req.method
  if (method !== 'GET' && method !== 'HEAD') return undefined
  const url = req.url
  if (!url || url.includes('?')) return undefined
  const headers = req.headers
  if (headers['hx-request'] !== undefined || headers.authorization !== undefined) return undefined
  let cookieLocale: string | undefined | null
  if (headers.cookie) {
    cookieLocale = scanCookies(headers.cookie)
    if (cookieLocale === null) return undefined
  }
  return isPageLocale(cookieLocale)
    ? cookieLocale
    : localeOfAcceptLanguage(headers['accept-language'])
}

/** The URL, and a mark for the variant with the stylesheet inline. */
const INLINE = 'inline '

function keyOf(req: IncomingMessage) {
  return wantsInlineStylesheet(req.headers['sec-fetch-site']) ? `${INLINE}${req.url}` : req.url!
}

/** The URL a stored copy is of, whichever stylesheet variant it is. */
export function urlOfKey(key: string) {
  return key.startsWith(INLINE) ? key.slice(INLINE.length) : key
}

/** Where a request's page is (or would be) stored; `undefined` when it may not be cached. */
export function cacheCoordinates(
  req: IncomingMessage
): { key: string; locale: PageLocale } | undefined {
  const locale = eligibleLocale(req)
  return locale ? { key: keyOf(req), locale } : undefined
}

function remove(entry: Entry) {
  if (stores[entry.locale].get(entry.key) === entry) {
    stores[entry.locale].delete(entry.key)
    totalBytes -= entry.bytes
    entryCount--
  }
}

function headerValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  return Array.isArray(value) ? value.join(', ') : String(value)
}

function escapeRegExp(value: string) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const INLINE_SCRIPT = /<script\b(?![^>]*\ssrc\s*=)[^>]*>/i
const INLINE_STYLE = /<style[\s>]/i
const STYLE_ELEMENT = /<style\b[^>]*>([\s\S]*?)<\/style>/gi
const STYLE_SRC = /(?:^|;)\s*style-src\s([^;]*)/i

/** True when the page has an inline <style> that the policy does not admit by its hash. */
function hasUnlistedStyle(html: string, csp: string | undefined) {
  const sources = (csp && STYLE_SRC.exec(csp)?.[1].split(/\s+/)) || []
  const rest = html.replace(STYLE_ELEMENT, (element, text: string) =>
    sources.includes(`'sha256-${createHash('sha256').update(text).digest('base64')}'`)
      ? ''
      : element
  )
  return INLINE_STYLE.test(rest)
}

export const pageCache = {
  ttlMs: 5 * 60_000,
  staleMs: 10_000,
  stats: { hits: 0, stale: 0, notModified: 0, stored: 0, refused: 0, purged: 0 },
  /** Counts purges: a render that started before one may show what it purged. */
  generation: 0,

  /** Answers the request from the cache; false when the app must handle it. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (entryCount === 0) return false
    const locale = eligibleLocale(req)
    const entry = locale && stores[locale].get(keyOf(req))
    if (!entry) return false
    const now = Date.now()
    let state = 'hit'
    if (now >= entry.freshUntil) {
      if (now >= entry.staleUntil) {
        remove(entry)
        return false
      }
      // this request re-renders the page; the others get this copy meanwhile
      if (now - entry.refreshingSince >= REFRESH_TIMEOUT_MS) {
        entry.refreshingSince = now
        return false
      }
      state = 'stale'
    }
    const inm = req.headers['if-none-match']
    if (
      inm !== undefined &&
      (inm === entry.etag || inm === '*' || inm.includes(entry.etag.slice(2)))
    ) {
      this.stats.notModified++
      res.writeHead(304, entry.notModified)
      res.end()
      return true
    }
    if (state === 'hit') this.stats.hits++
    else this.stats.stale++
    const encoding = encodingOf(req.headers['accept-encoding'] as string | undefined)
    const variant = encoding === 2 ? entry.br : encoding === 1 ? entry.gzip : entry.identity
    res.writeHead(200, state === 'hit' ? variant.head : variant.staleHead)
    if (req.method === 'HEAD') res.end()
    else res.end(variant.body)
    return true
  },

  /**
   * Stores a rendered anonymous page. Returns false when it was refused
   * (inline script/style, too big) or an equal copy is already fresh.
   */
  store(page: CapturedPage): boolean {
    if (!isPageLocale(page.locale)) return false
    if (page.generation !== undefined && page.generation !== this.generation) {
      this.stats.refused++
      return false
    }
    const locale = page.locale
    const now = Date.now()
    const existing = stores[locale].get(page.key)

    let html = page.html
    let csp = headerValue(page.headers['content-security-policy'])
    if (page.nonce) {
      const nonce = escapeRegExp(page.nonce)
      html = html.replace(new RegExp(`\\snonce=(["']?)${nonce}\\1`, 'g'), '')
      if (csp) csp = csp.replace(new RegExp(`\\s*'nonce-${nonce}'`, 'g'), '')
    }
    if (page.csrfToken) html = html.replaceAll(page.csrfToken, '')
    if (INLINE_SCRIPT.test(html) || hasUnlistedStyle(html, csp)) {
      this.stats.refused++
      return false
    }

    const identity = Buffer.from(html)
    if (identity.length > MAX_BODY_BYTES) {
      this.stats.refused++
      return false
    }
    const etag = `W/"${createHash('sha1').update(locale).update(identity).digest('base64url')}"`
    if (existing && existing.etag === etag) {
      // the same page again (a refresh, or concurrent first renders): no need to recompress
      if (now >= existing.freshUntil) {
        existing.freshUntil = now + this.ttlMs
        existing.staleUntil = now + this.ttlMs + this.staleMs
        existing.refreshingSince = 0
      }
      return false
    }

    const gzip = gzipSync(identity, { level: 9 })
    const br = brotliCompressSync(identity, {
      params: {
        [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        [zlib.BROTLI_PARAM_QUALITY]: 11,
        [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    })

    const common: Headers = {
      'content-type': headerValue(page.headers['content-type']) ?? 'text/html; charset=utf-8',
    }
    if (csp) common['content-security-policy'] = csp
    for (const name of KEPT_HEADERS) {
      if (name === 'content-security-policy') continue
      const value = headerValue(page.headers[name])
      if (value !== undefined) common[name] = value
    }
    const validators: Headers = { 'etag': etag, 'cache-control': CACHE_CONTROL, 'vary': VARY }
    const variant = (body: Buffer, encoding?: string): Variant => {
      const head: Headers = { ...common, ...validators }
      if (encoding) head['content-encoding'] = encoding
      head['content-length'] = String(body.length)
      return {
        body,
        head: { ...head, 'x-page-cache': 'hit' },
        staleHead: { ...head, 'x-page-cache': 'stale' },
      }
    }

    const entry: Entry = {
      key: page.key,
      locale,
      etag,
      identity: variant(identity),
      gzip: variant(gzip, 'gzip'),
      br: variant(br, 'br'),
      notModified: { ...validators, 'x-page-cache': 'hit' },
      bytes: identity.length + gzip.length + br.length,
      freshUntil: now + this.ttlMs,
      staleUntil: now + this.ttlMs + this.staleMs,
      refreshingSince: 0,
    }

    if (existing) remove(existing)
    this.evict(now, entry.bytes)
    stores[locale].set(page.key, entry)
    totalBytes += entry.bytes
    entryCount++
    this.stats.stored++
    return true
  },

  /** Drops expired entries, then the oldest ones, until `incoming` bytes fit. */
  evict(now: number, incoming: number) {
    for (const store of Object.values(stores)) {
      for (const entry of store.values()) if (now >= entry.staleUntil) remove(entry)
    }
    while (
      entryCount >= MAX_ENTRIES ||
      (entryCount > 0 && totalBytes + incoming > MAX_TOTAL_BYTES)
    ) {
      let oldest: Entry | undefined
      for (const store of Object.values(stores)) {
        const first = store.values().next().value
        if (first && (!oldest || first.freshUntil < oldest.freshUntil)) oldest = first
      }
      if (!oldest) break
      remove(oldest)
    }
  },

  /**
   * Drops the copies (every language) of these paths; a path ending in `/`
   * drops every path under it. Returns how many copies went.
   */
  purge(paths: Iterable<string>): number {
    this.generation++
    const exact = new Set<string>()
    const prefixes: string[] = []
    for (const path of paths) {
      if (path.endsWith('/')) prefixes.push(path)
      else exact.add(path)
    }
    let count = 0
    for (const store of Object.values(stores)) {
      for (const entry of store.values()) {
        const url = urlOfKey(entry.key)
        if (exact.has(url) || prefixes.some((prefix) => url.startsWith(prefix))) {
          remove(entry)
          count++
        }
      }
    }
    this.stats.purged += count
    return count
  },

  /** Treats a session cookie of another name (config/session.ts) as identifying too. */
  addIdentifyingCookie(name: string) {
    IDENTIFYING_COOKIES.add(name)
  },

  clear() {
    for (const store of Object.values(stores)) store.clear()
    totalBytes = 0
    entryCount = 0
    acceptLanguageMemo.clear()
    encodingMemo.clear()
    this.stats = { hits: 0, stale: 0, notModified: 0, stored: 0, refused: 0, purged: 0 }
  },

  get size() {
    return entryCount
  },
}

/** The node:http request listener: the cache first, then AdonisJS. */
export function withPageCache(handler: Handler): Handler {
  return (req, res) => pageCache.serve(req, res) || handler(req, res)
}
