import type { HttpContext } from '@adonisjs/core/http'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { appUrl } from '#config/app'
import { sitemap } from '#shared/http/sitemap'

/** Private areas a crawler has no business in (they need a session anyway). */
const DISALLOWED = [
  '/dashboard',
  '/settings',
  '/messages',
  '/notifications',
  '/admin',
  '/api/',
  '/dev/',
]

/** What search engines and link previews read: robots.txt and the sitemap of public pages. */
export default class CrawlersController {
  robots({ response }: HttpContext) {
    const lines = [
      'User-agent: *',
      ...DISALLOWED.map((path) => `Disallow: ${path}`),
      '',
      `Sitemap: ${new URL(urlFor('sitemap'), appUrl).href}`,
      '',
    ]
    response.header('Content-Type', 'text/plain; charset=utf-8')
    response.header('Cache-Control', 'public, max-age=86400')
    return lines.join('\n')
  }

  async sitemap({ response }: HttpContext) {
    response.header('Content-Type', 'application/xml; charset=utf-8')
    response.header('Cache-Control', 'public, max-age=3600')
    return sitemap.xml()
  }
}
