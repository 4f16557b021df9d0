import { orderedRegistry } from '#shared/ordered_registry'
import { LOCALES } from '#shared/http/locale_choice'
import { publicUrl } from '#shared/http/public_url'

/** One public page: its path (the default language's address) and when it last changed. */
export type SitemapEntry = { path: string; lastModified?: Date | null }

/**
 * A module's public pages for /sitemap.xml: identity lists the fields and
 * the certified masters' profiles; courses and circles add theirs at boot,
 * so the shared layer never imports them.
 */
export type SitemapSource = {
  name: string
  order: number
  entries: () => Promise<SitemapEntry[]>
}

/** The sitemap protocol's limit of addresses in one file. */
export const SITEMAP_MAX_URLS = 50_000

const sources = orderedRegistry<SitemapSource>('A sitemap source')

/**
 * The built document is kept on each instance for a while: crawlers ask for
 * it often, every source runs queries, and a page added meanwhile can wait a
 * few minutes to be listed. One document (at most SITEMAP_MAX_URLS addresses),
 * so the memory it takes is bounded. Tests change `now` and `ttlMs`.
 */
export const sitemapCache = { ttlMs: 5 * 60_000, now: () => Date.now() }
let cached: { xml: Promise<string>; until: number } | null = null

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`)

function urlElement({ path, lastModified }: SitemapEntry) {
  // each page once, with its address in every language (hreflang alternates)
  const alternates = LOCALES.map(
    (locale) =>
      `<xhtml:link rel="alternate" hreflang="${locale}" href="${escapeXml(publicUrl(path, locale))}"/>`
  ).join('')
  const lastmod = lastModified ? `<lastmod>${lastModified.toISOString()}</lastmod>` : ''
  return `<url><loc>${escapeXml(publicUrl(path))}</loc>${lastmod}${alternates}</url>`
}

export const sitemap = {
  /** Registers a source; returns the function that unregisters it. Either way the copy is rebuilt. */
  register(source: SitemapSource) {
    cached = null
    const unregister = sources.register(source)
    return () => {
      cached = null
      unregister()
    }
  },

  /** Every registered public page, in the sources' order, each path once. */
  async entries() {
    const lists = await Promise.all(sources.all().map((source) => source.entries()))
    const seen = new Set<string>()
    return lists.flat().filter(({ path }) => !seen.has(path) && seen.add(path))
  },

  /** The document, from this instance's copy while it is fresh (one build for concurrent asks). */
  xml() {
    const now = sitemapCache.now()
    if (cached && cached.until > now) return cached.xml
    const building = this.build()
    const copy = { xml: building, until: now + sitemapCache.ttlMs }
    cached = copy
    // a failed build is not kept: the next request tries again
    building.catch(() => {
      if (cached === copy) cached = null
    })
    return building
  },

  async build() {
    const all = await this.entries()
    const entries = all.slice(0, SITEMAP_MAX_URLS)
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' +
      entries.map(urlElement).join('\n') +
      '\n</urlset>\n'
    )
  },
}

// the home page is everyone's
sitemap.register({ name: 'home', order: 0, entries: async () => [{ path: '/' }] })
