import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/shield'
import { hasIdentifyingCookie } from '#shared/http/page_cache'
import { inlineStylesheetCspSource } from '#shared/http/inline_stylesheet'

/**
 * Strict CSP: scripts and styles only from our origin, carrying the
 * per-response nonce, or (the one inline stylesheet) matching a hash; no 'unsafe-inline', no 'unsafe-eval' (htmx `hx-on` and
 * inline Alpine expressions are therefore not used, see STACK-NOTES).
 */
const shieldConfig = defineConfig({
  csp: {
    enabled: true,
    directives: {
      defaultSrc: [`'self'`],
      scriptSrc: [`'self'`, '@nonce', '@viteUrl'],
      // the hash admits the stylesheet inlined on a first visit (#shared/http/inline_stylesheet)
      styleSrc: [`'self'`, '@nonce', '@viteUrl', inlineStylesheetCspSource],
      imgSrc: [`'self'`, 'data:', 'blob:'],
      // the Vite dev server's hot-reload socket, while developing only
      connectSrc: [`'self'`, ...(app.inProduction ? [] : ['ws:'])],
      workerSrc: [`'self'`, ...(app.inProduction ? [] : ['blob:'])],
      fontSrc: [`'self'`],
      objectSrc: [`'none'`],
      baseUri: [`'self'`],
      formAction: [`'self'`],
      frameAncestors: [`'none'`],
    },
    reportOnly: false,
  },
  csrf: {
    enabled: true,
    exceptRoutes: (ctx) =>
      ctx.request.url().startsWith('/api/') ||
      // payment providers' notifications: verified by their signatures (app/payments)
      ctx.request.url().startsWith('/webhooks/') ||
      // The language switch of a visitor with no session (pages from the anonymous page cache
      // carry no CSRF token): it only sets the language cookie, nothing is written for anyone.
      (ctx.route?.name === 'locale.update' && !hasIdentifyingCookie(ctx.request.header('cookie'))),
    enableXsrfCookie: false,
    methods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  },
  xFrame: { enabled: true, action: 'DENY' },
  hsts: { enabled: app.inProduction, maxAge: '365 days', includeSubDomains: true },
  contentTypeSniffing: { enabled: true },
})

export default shieldConfig
