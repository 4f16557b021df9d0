/*
| First paint on a slow link. A page whose stylesheet is a separate file
| paints one round trip after its HTML (400 ms at 400 ms RTT); the built sheet
| is ~4.5 KB compressed, so a visitor who probably has no copy of it gets it
| inline in a <style> in the head instead, and the file is downloaded (as a
| print stylesheet: lowest priority, never blocking rendering) for the pages
| that follow, which link it.
|
| "Probably has no copy": the navigation did not come from one of our own
| pages (`Sec-Fetch-Site` is not `same-origin`: a link from elsewhere, a typed
| address, a bookmark, or a browser that does not send the header). A visitor
| coming from our page has the file (that page linked or downloaded it). The
| header, unlike a cookie, needs no write and keeps anonymous pages cacheable
| (the page cache keeps one copy of each variant, #shared/http/page_cache).
|
| The CSP allows the <style> by the SHA-256 of its text, computed here from
| the built file, not by the per-response nonce: a page served from the page
| cache carries no nonce. Only in production, from the Vite build; in dev and
| tests the Vite dev server serves the sheet and nothing is inlined.
*/
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'

const ENTRY = 'resources/css/app.css'

export type InlineStylesheet = {
  /** the built sheet, as it goes between <style> and </style> */
  css: string
  /** the file's URL, downloaded for the next page */
  href: string
  /** `'sha256-…'` for style-src */
  cspSource: string
}

type ViteConfig = { buildDirectory: string; manifestFile: string; assetsUrl?: string }

const sheets = new Map<string, InlineStylesheet | null>()
let manifest: Record<string, { file: string; isEntry?: boolean }> | null | undefined

function readManifest() {
  if (manifest !== undefined) return manifest
  const vite = app.config.get<ViteConfig>('vite')
  const manifestFile = app.makePath(vite.manifestFile)
  manifest =
    app.inProduction && existsSync(manifestFile)
      ? JSON.parse(readFileSync(manifestFile, 'utf8'))
      : null
  return manifest
}

function load(entry: string): InlineStylesheet | null {
  const file = readManifest()?.[entry]?.file
  if (!file) return null
  const vite = app.config.get<ViteConfig>('vite')
  const css = readFileSync(app.makePath(vite.buildDirectory, file), 'utf8')
  // the text goes into the page raw: it must not be able to close its own element
  if (/<\/style/i.test(css)) return null
  return {
    css,
    href: `${(vite.assetsUrl ?? '').replace(/\/$/, '')}/${file}`,
    cspSource: `'sha256-${createHash('sha256').update(css).digest('base64')}'`,
  }
}

/** A built sheet (read once; the app's own by default), or null in dev and tests. */
export function builtStylesheet(entry = ENTRY): InlineStylesheet | null {
  if (!sheets.has(entry)) sheets.set(entry, load(entry))
  return sheets.get(entry)!
}

/** True when a request with this `Sec-Fetch-Site` gets the sheet inline (see above). */
export function wantsInlineStylesheet(secFetchSite: string | string[] | undefined) {
  return secFetchSite !== 'same-origin' && builtStylesheet() !== null
}

/**
 * The sheet to inline for this request, or null when the page links it. A
 * module's own sheet (`entry`, on that module's pages only) follows the
 * app's: inline on a first visit, linked after.
 */
export function inlineStylesheetFor(secFetchSite: string | string[] | undefined, entry = ENTRY) {
  return wantsInlineStylesheet(secFetchSite) ? builtStylesheet(entry) : null
}

/** Every built CSS entry (the app's sheet and the modules' own), for the CSP's hashes. */
function cssEntries() {
  return Object.entries(readManifest() ?? {})
    .filter(([name, chunk]) => chunk.isEntry && name.endsWith('.css'))
    .map(([name]) => name)
}

/** style-src entries for shield: the inline sheets' hashes ('' in dev and tests). */
export function inlineStylesheetCspSource() {
  return cssEntries()
    .map((entry) => builtStylesheet(entry)?.cspSource)
    .filter(Boolean)
    .join(' ')
}
